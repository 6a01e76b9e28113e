// Sizing: https://docs.gunicorn.org/en/stable/design.html#how-many-workers and CFS quotas: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { processesOf } from '../python.ts';
import { cpuRequestOf } from '../resources.ts';

const schema = z.strictObject({
  /** `io`: 2 × CPU + 1 processes (gunicorn's rule for code that waits on the network); `cpu`: one per CPU. */
  workload: z.enum(['io', 'cpu']),
  /** Extra processes allowed above the bound before the rule reports. */
  tolerance: z.number().int().min(0).max(64),
});

export default createRule({
  id: 'no-workers-above-cpu',
  meta: {
    description: 'Disallow more server or worker processes than the container’s CPU request can run.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      tooManyWorkers:
        'Container "{{container}}" runs {{count}} {{server}} processes ({{via}}) on a CPU request of {{cpu}}, more than the {{allowed}} that {{rule}} allows: the processes compete for the same CPU, every request gets slower and memory grows with each process. Lower the count to {{allowed}} or raise resources.requests.cpu to {{needed}}.',
    },
  },
  defaultOptions: { workload: 'io' as 'io' | 'cpu', tolerance: 0 },
  schema,
  create(context) {
    const { workload: kind, tolerance } = context.options;
    const bound = (cores: number): number => (kind === 'cpu' ? Math.max(1, Math.ceil(cores)) : Math.ceil(2 * cores + 1));
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const processes = processesOf(ref);
          const request = cpuRequestOf(ref);
          if (processes === null || request === undefined) continue;
          const allowed = bound(request.cores) + tolerance;
          if (processes.count <= allowed) continue;
          const neededCores = kind === 'cpu' ? processes.count - tolerance : (processes.count - tolerance - 1) / 2;
          context.report({
            path: processes.path,
            messageId: 'tooManyWorkers',
            data: {
              container: ref.name,
              count: processes.count,
              server: processes.server,
              via: processes.via,
              cpu: request.text,
              allowed,
              rule: kind === 'cpu' ? 'one per CPU (CPU-bound option)' : '2 × CPU + 1',
              needed: `${Math.max(1, Math.ceil(neededCores * 1000))}m`,
            },
          });
        }
      },
    };
  },
});
