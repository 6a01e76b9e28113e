// One budget for preStop and shutdown: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution and https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout
import type { ServerCommand } from '../analyze/commands/server-command.ts';
import { substituteDefaults } from '../analyze/commands/shell-words.ts';
import { asArray, asNumber, getIn } from './object.ts';
import { expandKubeVars } from './python.ts';
import type { Path } from './types.ts';
import { envNamesOf, envOf, type ContainerRef, type Workload } from './workload.ts';

/** How long a pod has to stop, how much of it preStop takes, and how long a server drains: the shutdown rules' arithmetic. */

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

function seconds(value: unknown, env: Readonly<Record<string, string>>): number | undefined {
  if (typeof value !== 'string') return undefined;
  const resolved = substituteDefaults(expandKubeVars(value, env));
  return resolved !== null && /^\d+(\.\d+)?$/.test(resolved) ? Number(resolved) : undefined;
}

/**
 * How long a server keeps draining after SIGTERM: gunicorn `graceful_timeout` (30 by default),
 * uvicorn `--timeout-graceful-shutdown` (unbounded by default), Hypercorn `graceful_timeout` (3).
 * `maySet` says whether the environment may set a variable beyond the literal env values.
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
