// One budget for preStop and shutdown: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution and https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { programOf } from '../python.ts';
import { envMaySet } from '../selectors.ts';
import { drainOf, gracePeriodOf, preStopSeconds } from '../shutdown.ts';
import { runsToCompletion } from '../workload.ts';

const schema = z.strictObject({
  /** Seconds on top of preStop + drain: the kubelet's 2 s floor, process exit, flushing logs. */
  marginSeconds: z.number().int().min(0).max(120),
});

export default createRule({
  id: 'require-termination-grace-budget',
  meta: {
    description: 'Require terminationGracePeriodSeconds to cover the preStop delay, the server’s graceful timeout and a margin.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'shutdown',
    peers: [],
    messages: {
      budgetTooShort:
        '{{kind}} "{{name}}" gives its pods {{grace}} s to stop ({{graceSource}}), but container "{{container}}" needs {{needed}} s: {{preStop}} s of preStop sleep + {{drain}} s of drain ({{via}}) + {{margin}} s margin. The grace countdown includes the preStop hook, so the server is SIGKILLed mid-drain and in-flight requests fail. Set terminationGracePeriodSeconds: {{needed}}.',
    },
  },
  defaultOptions: { marginSeconds: 5 },
  schema,
  create(context) {
    const margin = context.options.marginSeconds;
    return {
      workload(workload) {
        if (runsToCompletion(workload)) return;
        const grace = gracePeriodOf(workload);
        const graceSource = grace.explicit ? 'terminationGracePeriodSeconds' : 'the default, terminationGracePeriodSeconds is not set';
        let worst: { needed: number; data: Record<string, string | number> } | null = null;
        for (const ref of workload.containers) {
          if (ref.role !== 'container') continue;
          const command = programOf(ref)?.command;
          if (command === undefined) continue;
          const preStop = preStopSeconds(ref);
          const base = { kind: workload.kind, name: workload.name, container: ref.name, grace: grace.seconds, graceSource, margin };
          const drain = drainOf(command, ref, (name) => envMaySet(ref, workload, context.objects, name));
          // A drain at least as long as the whole grace period is require-graceful-timeout's finding; unbounded too.
          if (drain.kind !== 'bounded' || drain.seconds >= grace.seconds) continue;
          const needed = Math.ceil(preStop + drain.seconds + margin);
          if (grace.seconds >= needed) continue;
          if (worst === null || needed > worst.needed) worst = { needed, data: { ...base, needed, preStop, drain: drain.seconds, via: drain.via } };
        }
        if (worst !== null) {
          const { needed } = worst;
          context.report({ path: grace.path, messageId: 'budgetTooShort', data: worst.data, fix: (edit) => edit.set(grace.path, needed) });
        }
      },
    };
  },
});
