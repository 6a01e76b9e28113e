// Why the delay: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/ and KEP-3960 (sleep action, beta 1.30, GA 1.34)
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { isAtLeast } from '../kube-version.ts';
import { asNumber, asRecord, getIn } from '../object.ts';
import { serviceTargetsOf } from '../selectors.ts';
import type { ManifestEditor } from '../types.ts';
import { runsToCompletion } from '../workload.ts';

const schema = z.strictObject({
  /** Seconds the fix writes: long enough for kube-proxy and ingress controllers to drop the endpoint. */
  seconds: z.number().int().min(1).max(60),
});

export default createRule({
  id: 'require-prestop-sleep',
  meta: {
    description: 'Require a preStop sleep on containers behind a Service, so endpoints are removed before the server stops listening.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'shutdown',
    peers: [],
    messages: {
      missingPreStop:
        'Container "{{container}}" serves Service "{{service}}" but has no preStop hook. On SIGTERM gunicorn and uvicorn close their listening socket at once, while kube-proxy and ingress controllers still route new connections to the pod for a few seconds: those requests fail. Add lifecycle.preStop.sleep.seconds: {{seconds}} (and keep terminationGracePeriodSeconds above it plus the server’s graceful timeout).',
      zeroSleep: 'Container "{{container}}" has a preStop sleep of 0 seconds, which does not delay shutdown. Use {{seconds}} seconds.',
    },
  },
  defaultOptions: { seconds: 5 },
  schema,
  create(context) {
    const sleepAction = isAtLeast(context.kubeVersion, '1.30');
    return {
      workload(workload) {
        if (runsToCompletion(workload)) return;
        const grace = asNumber(workload.podSpec['terminationGracePeriodSeconds']) ?? 30;
        for (const ref of workload.containers) {
          if (ref.role !== 'container') continue;
          const target = serviceTargetsOf(ref, workload, context.objects)[0];
          if (target === undefined) continue;
          const preStop = asRecord(getIn(ref.container, ['lifecycle', 'preStop']));
          const seconds = context.options.seconds;
          const data = { container: ref.name, service: target.service.name, seconds };
          if (preStop === undefined) {
            const path = [...ref.path, 'lifecycle', 'preStop'];
            // The sleep action needs Kubernetes 1.30+, and validation rejects a sleep longer than the grace period.
            const fix = sleepAction && seconds < grace ? (edit: ManifestEditor) => edit.set(path, { sleep: { seconds } }) : undefined;
            context.report({ path, messageId: 'missingPreStop', data, fix });
          } else if (getIn(preStop, ['sleep', 'seconds']) === 0) {
            const path = [...ref.path, 'lifecycle', 'preStop', 'sleep', 'seconds'];
            context.report({ path, messageId: 'zeroSleep', data, fix: (edit) => edit.set(path, seconds) });
          }
        }
      },
    };
  },
});
