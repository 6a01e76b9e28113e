// Job pods must use Never or OnFailure; podFailurePolicy needs Never: https://kubernetes.io/docs/concepts/workloads/controllers/job/#handling-pod-and-container-failures
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { getIn } from '../object.ts';
import type { ManifestEditor } from '../types.ts';

const schema = z.strictObject({
  /** Accept `OnFailure`; set to false to require `Never` everywhere. */
  allowOnFailure: z.boolean(),
});

export default createRule({
  id: 'require-job-restart-policy',
  meta: {
    description: 'Require Job and CronJob pods to set restartPolicy Never or OnFailure explicitly, and Never where the Job needs it.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'jobs',
    peers: [{ tool: 'kube-score', id: 'cronjob-restartpolicy' }],
    messages: {
      missingPolicy:
        '{{kind}} "{{name}}" does not set the pod restartPolicy; pods default to Always, which the API server rejects for Jobs. Set {{field}}: Never (each retry is a new pod that keeps its logs, counted by backoffLimit).',
      alwaysPolicy:
        '{{kind}} "{{name}}" sets the pod restartPolicy to Always, which the API server rejects for Jobs: a pod that restarts forever never completes. Set {{field}}: Never.',
      needsNever:
        '{{kind}} "{{name}}" has a podFailurePolicy with restartPolicy {{policy}}; the API server accepts podFailurePolicy only with Never. Set {{field}}: Never.',
      preferNever:
        '{{kind}} "{{name}}" restarts failed containers in place (restartPolicy OnFailure): when backoffLimit is reached the Job controller deletes the pod and the logs of every attempt go with it. Set {{field}}: Never, so each retry is a new pod kept for `kubectl logs`.',
    },
  },
  defaultOptions: { allowOnFailure: true },
  schema,
  create(context) {
    return {
      workload(workload) {
        if (workload.kind !== 'Job' && workload.kind !== 'CronJob') return;
        const path = [...workload.podSpecPath, 'restartPolicy'];
        const policy = workload.podSpec['restartPolicy'];
        const jobSpec = getIn(workload.manifest.object, workload.kind === 'Job' ? ['spec'] : ['spec', 'jobTemplate', 'spec']);
        const data = { kind: workload.kind, name: workload.name, field: path.join('.'), policy: String(policy) };
        const setNever = (edit: ManifestEditor): void => edit.set(path, 'Never');
        if (policy === undefined) {
          context.report({ path, messageId: 'missingPolicy', data, fix: setNever });
        } else if (policy === 'Always') {
          context.report({ path, messageId: 'alwaysPolicy', data, fix: setNever });
        } else if (policy !== 'Never' && getIn(jobSpec, ['podFailurePolicy']) !== undefined) {
          context.report({ path, messageId: 'needsNever', data, fix: setNever });
        } else if (policy === 'OnFailure' && !context.options.allowOnFailure) {
          // Switching changes how retries run (new pod, fresh emptyDir volumes), so no automatic fix.
          context.report({ path, messageId: 'preferNever', data });
        }
      },
    };
  },
});
