// TTL mechanism for finished Jobs: https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
// Hooks without a delete policy are deleted before the next run: Helm's default is before-hook-creation
// (https://helm.sh/docs/topics/charts_hooks/#hook-deletion-policies, helm/helm#6639), Argo CD's BeforeHookCreation
// (https://argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/#hook-deletion-policies).
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asArray, getIn } from '../object.ts';
import { hookAnnotationOf } from '../workload.ts';

const schema = z.strictObject({
  /** Seconds `--fix` writes: how long a finished Job stays for `kubectl logs`. */
  seconds: z.number().int().min(0),
});

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
        'Job "{{name}}" has no ttlSecondsAfterFinished: once it finishes, the Job and its pods stay until someone deletes them, and since its pod template cannot be changed, applying a new version under the same name fails. Set spec.ttlSecondsAfterFinished: {{seconds}} (or run it as a Helm or Argo CD hook, which the tool deletes before the next run).',
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
        // Helm and Argo CD delete their hooks: without a hook-delete-policy the previous run is
        // deleted before the hook is created again (before-hook-creation is the default of both),
        // so a new version under the same name applies; a written policy says when instead.
        if (hookAnnotationOf(manifest) !== undefined) return;
        const path = ['spec', 'ttlSecondsAfterFinished'];
        const { seconds } = context.options;
        context.report({ path, messageId: 'missingTtl', data: { name: manifest.name, seconds }, fix: (edit) => edit.set(path, seconds) });
      },
    };
  },
});
