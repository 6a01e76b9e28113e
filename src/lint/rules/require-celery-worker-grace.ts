// Warm shutdown waits for running tasks with no time limit: https://docs.celeryq.dev/en/stable/userguide/workers.html#stopping-the-worker
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asNumber } from '../object.ts';
import { programOf } from '../python.ts';
import { envNamesOf } from '../workload.ts';

const DEFAULT_GRACE = 30;

const schema = z.strictObject({
  /** Grace period `--fix` writes for workers without a task time limit: the longest task plus a margin. */
  seconds: z.number().int().min(31).max(86400),
});

export default createRule({
  id: 'require-celery-worker-grace',
  meta: {
    description: 'Require Celery worker pods to raise terminationGracePeriodSeconds above the 30-second default, to at least the task time limit, so running tasks can finish.',
    severity: 'info',
    fixable: true,
    suppressible: true,
    group: 'celery',
    peers: [],
    messages: {
      defaultGrace:
        '{{kind}} "{{name}}" runs Celery worker "{{container}}" with {{grace}}: on SIGTERM the worker stops taking tasks and waits for the running ones with no time limit, but Kubernetes sends SIGKILL when the grace period ends, so any task longer than {{seconds}} s is killed mid-run on every rollout. Set {{field}} above your longest task (e.g. {{suggested}}), and bound tasks with --time-limit.',
      belowTimeLimit:
        '{{kind}} "{{name}}" runs Celery worker "{{container}}" with --time-limit {{limit}} but {{grace}}: a task may legitimately run {{limit}} s, yet it is SIGKILLed after {{seconds}} s when the pod stops. Set {{field}} to at least {{suggested}} (the time limit plus a margin).',
    },
  },
  defaultOptions: { seconds: 300 },
  schema,
  create(context) {
    return {
      workload(workload) {
        const path = [...workload.podSpecPath, 'terminationGracePeriodSeconds'];
        const written = asNumber(workload.podSpec['terminationGracePeriodSeconds']);
        const seconds = written ?? DEFAULT_GRACE;
        const grace = written === undefined ? 'the default 30-second grace period' : `terminationGracePeriodSeconds: ${written}`;
        for (const ref of workload.containers) {
          if (ref.role !== 'container') continue;
          const command = programOf(ref)?.command;
          if (command?.program !== 'celery-worker') continue;
          // REMAP_SIGTERM=SIGQUIT turns TERM into a (soft, time-bounded) cold shutdown decided by the Celery config.
          if (envNamesOf(ref).has('REMAP_SIGTERM')) continue;
          const limit = Number(command.options['time-limit']);
          const base = { kind: workload.kind, name: workload.name, container: ref.name, grace, seconds, field: path.join('.') };
          if (Number.isFinite(limit) && limit > 0) {
            if (seconds >= limit) continue;
            const suggested = Math.ceil(limit) + 10;
            context.report({ path, messageId: 'belowTimeLimit', data: { ...base, limit, suggested }, container: ref.name, fix: (edit) => edit.set(path, suggested) });
          } else if (seconds <= DEFAULT_GRACE) {
            const suggested = context.options.seconds;
            context.report({ path, messageId: 'defaultGrace', data: { ...base, suggested }, container: ref.name, fix: (edit) => edit.set(path, suggested) });
          }
          return;
        }
      },
    };
  },
});
