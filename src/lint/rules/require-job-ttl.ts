// TTL mechanism for finished Jobs: https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asArray, getIn, stringMap } from '../object.ts';

const schema = z.strictObject({
  /** Seconds `--fix` writes: how long a finished Job stays for `kubectl logs`. */
  seconds: z.number().int().min(0),
});

/** Annotations that hand the Job's deletion to Helm or Argo CD. */
const DELETED_BY_HOOK = ['helm.sh/hook-delete-policy', 'argocd.argoproj.io/hook-delete-policy'];

export default createRule({
  id: 'require-job-ttl',
  meta: {
    description: 'Require ttlSecondsAfterFinished on standalone Jobs, so finished Jobs and their pods are cleaned up.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'jobs',
    peers: [{ tool: 'kube-linter', id: 'job-ttl-seconds-after-finished' }],
    messages: {
      missingTtl:
        'Job "{{name}}" has no ttlSecondsAfterFinished: once it finishes, the Job and its pods stay until someone deletes them, and since its pod template cannot be changed, applying a new version under the same name fails. Set spec.ttlSecondsAfterFinished: {{seconds}} (or run it as a Helm or Argo CD hook with a hook-delete-policy).',
    },
  },
  defaultOptions: { seconds: 86400 },
  schema,
  create(context) {
    return {
      Job(manifest) {
        if (getIn(manifest.object, ['spec', 'ttlSecondsAfterFinished']) !== undefined) return;
        // Jobs a CronJob created are cleaned up by its history limits.
        if (asArray(getIn(manifest.object, ['metadata', 'ownerReferences'])).length > 0) return;
        const annotations = stringMap(getIn(manifest.object, ['metadata', 'annotations']));
        if (DELETED_BY_HOOK.some((key) => annotations[key] !== undefined)) return;
        const path = ['spec', 'ttlSecondsAfterFinished'];
        const { seconds } = context.options;
        context.report({ path, messageId: 'missingTtl', data: { name: manifest.name, seconds }, fix: (edit) => edit.set(path, seconds) });
      },
    };
  },
});
