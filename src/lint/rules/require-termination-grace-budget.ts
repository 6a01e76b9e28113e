// One budget for preStop and shutdown: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution and https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout
import { z } from 'zod';
import { substituteDefaults } from '../../analyze/commands/shell-words.ts';
import type { ServerCommand } from '../../analyze/commands/server-command.ts';
import { createRule } from '../create-rule.ts';
import { asArray, asNumber, getIn } from '../object.ts';
import type { Path } from '../types.ts';
import { envNamesOf, envOf, type ContainerRef, type Workload } from '../workload.ts';
import { envMaySet, serverProgramOf } from './require-explicit-workers.ts';

/** `terminationGracePeriodSeconds` of the pod, with the Kubernetes default of 30. */
export function gracePeriodOf(workload: Workload): { seconds: number; path: Path; explicit: boolean } {
  const value = asNumber(workload.podSpec['terminationGracePeriodSeconds']);
  return { seconds: value ?? 30, path: [...workload.podSpecPath, 'terminationGracePeriodSeconds'], explicit: value !== undefined };
}

/** Seconds a container's preStop hook waits: a `sleep` action or an `exec` of `sleep N`; 0 when it has none. */
export function preStopSeconds(ref: ContainerRef): number {
  const sleep = asNumber(getIn(ref.container, ['lifecycle', 'preStop', 'sleep', 'seconds']));
  if (sleep !== undefined) return sleep;
  const words = asArray(getIn(ref.container, ['lifecycle', 'preStop', 'exec', 'command'])).filter((w): w is string => typeof w === 'string');
  const text = words.join(' ');
  const match = /(?:^|[\s;&|"'])(?:\/bin\/|\/usr\/bin\/)?sleep\s+(\d+(?:\.\d+)?)s?\b/.exec(text);
  return match === null ? 0 : Number(match[1]);
}

export type Drain =
  | { kind: 'bounded'; seconds: number; via: string }
  | { kind: 'unbounded'; via: string }
  /** The manifest cannot tell (a config file or an unknown server decides). */
  | { kind: 'unknown' };

function seconds(value: unknown, env: Record<string, string>): number | undefined {
  if (typeof value !== 'string') return undefined;
  const resolved = substituteDefaults(value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, name: string) => env[name] ?? all));
  return resolved !== null && /^\d+(\.\d+)?$/.test(resolved) ? Number(resolved) : undefined;
}

/**
 * How long a server keeps draining after SIGTERM: gunicorn `graceful_timeout` (30 by default),
 * uvicorn `--timeout-graceful-shutdown` (unbounded by default), Hypercorn `graceful_timeout` (3).
 */
export function drainOf(command: ServerCommand, ref: ContainerRef, maySet: (name: string) => boolean = (name) => envNamesOf(ref).has(name)): Drain {
  const env = envOf(ref);
  const { options } = command;
  switch (command.program) {
    case 'gunicorn': {
      const value = seconds(options['graceful-timeout'], env);
      if (value !== undefined) return { kind: 'bounded', seconds: value, via: `--graceful-timeout ${value}` };
      // A config file, or GUNICORN_CMD_ARGS from a ConfigMap or Secret, may set it where the manifest cannot show it.
      if (options['graceful-timeout'] !== undefined || command.config !== undefined || (env['GUNICORN_CMD_ARGS'] === undefined && maySet('GUNICORN_CMD_ARGS'))) return { kind: 'unknown' };
      return { kind: 'bounded', seconds: 30, via: 'gunicorn’s default graceful timeout of 30 s' };
    }
    case 'uvicorn': {
      const value = seconds(options['timeout-graceful-shutdown'] ?? env['UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN'], env);
      if (value !== undefined) return { kind: 'bounded', seconds: value, via: `--timeout-graceful-shutdown ${value}` };
      // An unreadable value, or one from a Secret or ConfigMap entry, is not known here.
      if (options['timeout-graceful-shutdown'] !== undefined || maySet('UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN')) return { kind: 'unknown' };
      return { kind: 'unbounded', via: 'uvicorn without --timeout-graceful-shutdown waits for every connection' };
    }
    case 'hypercorn': {
      const value = seconds(options['graceful-timeout'], env);
      if (value !== undefined) return { kind: 'bounded', seconds: value, via: `--graceful-timeout ${value}` };
      if (options['graceful-timeout'] !== undefined || command.config !== undefined) return { kind: 'unknown' };
      return { kind: 'bounded', seconds: 3, via: 'Hypercorn’s default graceful timeout of 3 s' };
    }
    default:
      // Celery workers drain for as long as their longest task, which the manifest does not show: require-celery-worker-grace judges them.
      return { kind: 'unknown' };
  }
}

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
        if (workload.kind === 'Job' || workload.kind === 'CronJob') return;
        const grace = gracePeriodOf(workload);
        const graceSource = grace.explicit ? 'terminationGracePeriodSeconds' : 'the default, terminationGracePeriodSeconds is not set';
        let worst: { needed: number; data: Record<string, string | number> } | null = null;
        for (const ref of workload.containers) {
          if (ref.role !== 'container') continue;
          const command = serverProgramOf(ref)?.command;
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
