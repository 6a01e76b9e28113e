// Probe timeouts: https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes and CPU throttling: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asNumber, asRecord, getIn } from '../object.ts';
import { processesOf } from '../python.ts';
import { cpuCores } from '../resources.ts';
import { PROBE_FIELDS } from '../workload.ts';

const schema = z.strictObject({
  /** The timeoutSeconds the fix writes. */
  seconds: z.number().int().min(2).max(60),
});

export default createRule({
  id: 'no-short-probe-timeout-with-cpu-limit',
  meta: {
    description: 'Disallow one-second HTTP probe timeouts on containers whose CPU limit is below their worker count.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'probes',
    peers: [],
    messages: {
      shortTimeout:
        'Container "{{container}}" has a CPU limit of {{limit}} for {{count}} {{server}} process{{plural}} ({{via}}), and its {{probe}} waits only {{timeout}}: when the processes are busy the CFS quota runs out early in each 100 ms period, every process stalls, and the probe times out although the server is healthy{{consequence}}. Set {{probe}}.timeoutSeconds: {{seconds}} (or remove the CPU limit).',
    },
  },
  defaultOptions: { seconds: 3 },
  schema,
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const rawLimit = getIn(ref.container, ['resources', 'limits', 'cpu']);
          const limit = cpuCores(rawLimit);
          if (limit === undefined) continue;
          const processes = processesOf(ref);
          if (processes === null || limit >= processes.count) continue;
          for (const probe of PROBE_FIELDS) {
            const spec = asRecord(ref.container[probe]);
            if (spec === undefined || asRecord(spec['httpGet']) === undefined) continue;
            const timeout = asNumber(spec['timeoutSeconds']);
            if (timeout !== undefined && timeout > 1) continue;
            const path = [...ref.path, probe, 'timeoutSeconds'];
            context.report({
              path,
              messageId: 'shortTimeout',
              data: {
                container: ref.name,
                limit: String(rawLimit),
                count: processes.count,
                server: processes.server,
                plural: processes.count === 1 ? '' : 'es',
                via: processes.via,
                probe,
                timeout: timeout === undefined ? 'the default 1 second' : '1 second',
                consequence: probe === 'readinessProbe' ? ', so the pod leaves the Service' : ', so the kubelet restarts it',
                seconds: context.options.seconds,
              },
              fix: (edit) => edit.set(path, context.options.seconds),
            });
          }
        }
      },
    };
  },
});
