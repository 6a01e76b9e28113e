// Sizing: https://docs.gunicorn.org/en/stable/design.html#how-many-workers and CFS quotas: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
import { z } from 'zod';
import { substituteDefaults } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import { argvPath } from '../python.ts';
import type { Path } from '../types.ts';
import { commandOf, envOf, type ContainerRef } from '../workload.ts';
import { cpuRequestOf, envEntry, findOption, serverProgramOf } from './require-explicit-workers.ts';

/** How many processes a container's Python server or worker runs, and where that is decided. */
export interface Processes {
  /** What runs: `gunicorn`, `uvicorn`, `Celery worker`, or the image's command. */
  server: string;
  /** Processes that serve requests or run tasks. */
  count: number;
  /** How the count is set: `--workers 4`, `WEB_CONCURRENCY=4`, `the default`. */
  via: string;
  /** Where the count is written, or the program's word when it is a default. */
  path: Path;
  /** Whether a supervising process (gunicorn master, uvicorn supervisor, Celery main) runs beside them. */
  master: boolean;
}

/** Kubernetes expands `$(NAME)` in command and args from the container's env before anything runs. */
function expandKubeVars(text: string, env: Record<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, name: string) => env[name] ?? all);
}

function count(text: string | undefined, env: Record<string, string>): number | undefined {
  if (text === undefined) return undefined;
  const resolved = substituteDefaults(expandKubeVars(text.trim(), env));
  if (resolved === null || !/^\d+$/.test(resolved)) return undefined;
  const n = Number(resolved);
  return n > 0 ? n : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The process count of a container's server or worker, or null when the manifest does not
 * say (a config file, a value from a ConfigMap, or Celery's node-CPU default decides).
 */
export function processesOf(ref: ContainerRef): Processes | null {
  let cached = processCache.get(ref);
  if (cached === undefined) {
    cached = { processes: computeProcesses(ref) };
    processCache.set(ref, cached);
  }
  return cached.processes;
}

const processCache = new WeakMap<ContainerRef, { processes: Processes | null }>();

function computeProcesses(ref: ContainerRef): Processes | null {
  const env = envOf(ref);
  const program = serverProgramOf(ref)?.command;
  const fromFlag = (server: string, long: string, short: string[], word: string, n: number): { path: Path; via: string } => {
    const hit = findOption(ref, [long], short);
    if (hit !== null) return { path: hit.path, via: `--${long} ${hit.value}` };
    const cmdArgs = envEntry(ref, 'GUNICORN_CMD_ARGS');
    if (server === 'gunicorn' && cmdArgs?.value !== undefined && /(^|\s)(-w|--workers)/.test(cmdArgs.value)) return { path: cmdArgs.path, via: `--${long} ${n} in GUNICORN_CMD_ARGS` };
    return { path: argvPath(ref, word), via: `--${long} ${n}` };
  };
  const webConcurrency = (server: string, word: string, master: (n: number) => boolean, fallback: number | null): Processes | null => {
    const entry = envEntry(ref, 'WEB_CONCURRENCY');
    if (entry !== null) {
      const n = count(entry.value, env);
      return n === undefined ? null : { server, count: n, via: `WEB_CONCURRENCY=${n}`, path: entry.path, master: master(n) };
    }
    return fallback === null ? null : { server, count: fallback, via: 'the default', path: argvPath(ref, word), master: master(fallback) };
  };
  if (program === undefined) {
    // No command: the image decides, and WEB_CONCURRENCY is the worker count gunicorn and uvicorn read by convention.
    if (commandOf(ref) !== null) return null;
    return webConcurrency('the image’s server', '', () => true, null);
  }
  const { options } = program;
  switch (program.program) {
    case 'gunicorn': {
      const n = count(str(options['workers']), env);
      if (n !== undefined) return { server: 'gunicorn', count: n, master: true, ...fromFlag('gunicorn', 'workers', ['w'], 'gunicorn', n) };
      if (options['workers'] !== undefined || program.config !== undefined) return null;
      return webConcurrency('gunicorn', 'gunicorn', () => true, 1);
    }
    case 'uvicorn':
    case 'fastapi': {
      const n = count(str(options['workers']), env);
      if (n !== undefined) return { server: program.program, count: n, master: n > 1, ...fromFlag(program.program, 'workers', [], program.program, n) };
      if (options['workers'] !== undefined) return null;
      return webConcurrency(program.program, program.program, (k) => k > 1, 1);
    }
    case 'hypercorn':
    case 'granian': {
      const n = count(str(options['workers']), env);
      if (n !== undefined) return { server: program.program, count: n, master: n > 1, ...fromFlag(program.program, 'workers', program.program === 'hypercorn' ? ['w'] : [], program.program, n) };
      if (options['workers'] !== undefined || program.config !== undefined) return null;
      return { server: program.program, count: 1, via: 'the default', path: argvPath(ref, program.program), master: false };
    }
    case 'uwsgi': {
      const n = count(str(options['processes']) ?? str(options['workers']), env);
      if (n !== undefined) return { server: 'uWSGI', count: n, master: options['master'] !== undefined, ...fromFlag('uwsgi', 'processes', ['p'], 'uwsgi', n) };
      return null;
    }
    case 'celery-worker': {
      const pool = str(options['pool']) ?? 'prefork';
      // Thread and greenlet pools run every task in one process.
      if (pool !== 'prefork' && pool !== 'processes') return { server: 'Celery worker', count: 1, via: `--pool ${pool}`, path: argvPath(ref, 'celery'), master: false };
      const autoscale = str(options['autoscale']);
      if (autoscale !== undefined) {
        const n = count(autoscale.split(',')[0], env);
        const hit = findOption(ref, ['autoscale']);
        return n === undefined ? null : { server: 'Celery worker', count: n, via: `--autoscale ${autoscale}`, path: hit?.path ?? argvPath(ref, 'autoscale'), master: true };
      }
      const n = count(str(options['concurrency']), env);
      if (n === undefined) return null;
      const hit = findOption(ref, ['concurrency'], ['c']);
      return { server: 'Celery worker', count: n, via: `--concurrency ${n}`, path: hit?.path ?? argvPath(ref, 'celery'), master: true };
    }
    case 'dramatiq': {
      const n = count(str(options['processes']), env);
      if (n === undefined) return null;
      const hit = findOption(ref, ['processes'], ['p']);
      return { server: 'dramatiq', count: n, via: `--processes ${n}`, path: hit?.path ?? argvPath(ref, 'dramatiq'), master: true };
    }
    default:
      return null;
  }
}

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
