// CPU limits are CFS quotas that throttle even on an idle node: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asRecord, getIn } from '../object.ts';
import { programOf } from '../python.ts';
import { cpuCores } from '../resources.ts';
import type { ManifestEditor } from '../types.ts';
import { commandOf, envNamesOf, type ContainerRef } from '../workload.ts';

type Policy = 'forbid' | 'require' | 'allow-equal-to-request';
type Scope = 'python' | 'all';

const schema = z.strictObject({
  /** `forbid`: no CPU limit; `require`: a CPU limit on every container; `allow-equal-to-request`: a limit only when it equals the request (Guaranteed QoS, pinned CPUs). */
  policy: z.enum(['forbid', 'require', 'allow-equal-to-request']),
  /** `python`: only containers that run a Python server or worker; `all`: every container. */
  scope: z.enum(['python', 'all']),
});

/** Whether a container runs Python: a server, worker or script py2kube reads, or the image's command with a Python server's env. */
function runsPython(ref: ContainerRef): boolean {
  if (programOf(ref) !== null) return true;
  const env = envNamesOf(ref);
  return commandOf(ref) === null && (env.has('WEB_CONCURRENCY') || env.has('GUNICORN_CMD_ARGS'));
}

export default createRule({
  id: 'prefer-no-cpu-limit',
  meta: {
    description: 'Prefer CPU requests without CPU limits for Python servers, or apply the CPU-limit policy the team chose.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'resources',
    peers: [
      { tool: 'kube-score', id: 'container-resources' },
      { tool: 'polaris', id: 'cpuLimitsMissing' },
      { tool: 'checkov', id: 'CKV_K8S_11' },
      { tool: 'kubescape', id: 'C-0270' },
      { tool: 'trivy', id: 'KSV-0011' },
    ],
    messages: {
      cpuLimitSet:
        'Container "{{container}}" sets a CPU limit of {{limit}}. A CPU limit is a CFS quota shared by all its processes: when the workers use it up early in a 100 ms period they all stall until the next one, even on an idle node, which shows up as latency spikes and probe timeouts. Remove resources.limits.cpu and keep the request{{keep}}.',
      cpuLimitMissing: 'Container "{{container}}" has no CPU limit, which the configured policy (require) asks for. Set resources.limits.cpu{{hint}}.',
      cpuLimitNotRequest:
        'Container "{{container}}" sets a CPU limit of {{limit}} that differs from its request of {{request}}: the configured policy allows a CPU limit only equal to the request (Guaranteed QoS, whole CPUs with the static CPU manager). Set resources.limits.cpu to {{request}} or remove it.',
    },
  },
  defaultOptions: { policy: 'forbid' as Policy, scope: 'python' as Scope },
  schema,
  create(context) {
    const { policy, scope } = context.options;
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role === 'ephemeral') continue;
          if (scope === 'python' && !runsPython(ref)) continue;
          const limitPath = [...ref.path, 'resources', 'limits', 'cpu'];
          const limit = getIn(ref.container, ['resources', 'limits', 'cpu']);
          const request = getIn(ref.container, ['resources', 'requests', 'cpu']);
          const data = { container: ref.name };
          if (policy === 'forbid') {
            if (limit === undefined) continue;
            const limits = asRecord(getIn(ref.container, ['resources', 'limits'])) ?? {};
            const onlyCpu = Object.keys(limits).length === 1;
            // Without a request, Kubernetes copies the limit into it: keep that reservation when removing the limit.
            const fix = (edit: ManifestEditor): void => {
              if (request === undefined) edit.set([...ref.path, 'resources', 'requests', 'cpu'], limit);
              edit.remove(onlyCpu ? [...ref.path, 'resources', 'limits'] : limitPath);
            };
            context.report({ path: limitPath, messageId: 'cpuLimitSet', data: { ...data, limit: String(limit), keep: request === undefined ? ` (the fix moves ${String(limit)} into resources.requests.cpu, which Kubernetes had copied from the limit)` : ` of ${String(request)}` }, fix });
          } else if (policy === 'require') {
            if (limit !== undefined) continue;
            context.report({ path: limitPath, messageId: 'cpuLimitMissing', data: { ...data, hint: request === undefined ? '' : `, e.g. equal to the request (${String(request)})` } });
          } else {
            if (limit === undefined || request === undefined) continue;
            const a = cpuCores(limit);
            const b = cpuCores(request);
            if (a === undefined || b === undefined || a === b) continue;
            context.report({ path: limitPath, messageId: 'cpuLimitNotRequest', data: { ...data, limit: String(limit), request: String(request) } });
          }
        }
      },
    };
  },
});
