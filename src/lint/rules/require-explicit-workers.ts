// Worker defaults: https://docs.gunicorn.org/en/stable/settings.html#workers, https://www.uvicorn.org/settings/#production, https://docs.celeryq.dev/en/stable/userguide/configuration.html#worker-concurrency
import { shellScriptOf, unwrapShellCommand } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asArray, asRecord, asString, getIn } from '../object.ts';
import { argvPath, programOf, type ContainerProgram } from '../python.ts';
import type { Path } from '../types.ts';
import { objectsOfKind, sameNamespace } from '../selectors.ts';
import { commandOf, envNamesOf, envOf, type ContainerRef, type Workload } from '../workload.ts';

/*
 * Helpers shared by the Python-server rules (no-workers-above-cpu, require-memory-for-workers,
 * require-graceful-timeout, no-uvicorn-localhost-bind…): where an option is written in a
 * container's `command`/`args`, and where an env variable is set, so findings point at the
 * word to change and fixes can rewrite exactly that word.
 */

/** Commands that run once before the server in a script: `migrate && exec gunicorn …`. */
const ONE_OFF = new Set(['django-migrate', 'alembic', 'flask-db-upgrade']);

/**
 * The long-running program of a container. `programOf` reads the first command of an
 * `sh -c` script that it recognises, which for `python manage.py migrate && exec gunicorn …`
 * is the migration; the server is the last recognised command that is not a one-off step.
 */
export function serverProgramOf(ref: ContainerRef): ContainerProgram | null {
  // Every Python-server rule asks for each container; parse it once per run.
  let cached = serverPrograms.get(ref);
  if (cached === undefined) {
    cached = { program: computeServerProgram(ref) };
    serverPrograms.set(ref, cached);
  }
  return cached.program;
}

const serverPrograms = new WeakMap<ContainerRef, { program: ContainerProgram | null }>();

function computeServerProgram(ref: ContainerRef): ContainerProgram | null {
  const first = programOf(ref);
  const argv = commandOf(ref);
  if (first === null || argv === null || !first.viaShell || !ONE_OFF.has(first.command.program)) return first;
  const commands = unwrapShellCommand(argv) ?? [];
  for (const words of [...commands].reverse()) {
    // Read each command as if it were the container's own argv, so GUNICORN_CMD_ARGS and the env still apply.
    const program = programOf({ ...ref, container: { ...ref.container, command: words, args: [] } });
    if (program !== null && !ONE_OFF.has(program.command.program)) return { ...program, viaShell: true };
  }
  return first;
}

/** An option written in a container's plain `command`/`args` lists (not inside `sh -c`). */
export interface OptionHit {
  /** Path of the list item holding the value. */
  path: Path;
  value: string;
  /** The item's text with the value replaced. */
  withValue(value: string): string;
}

interface Item {
  path: Path;
  text: string;
}

function argvItems(ref: ContainerRef): Item[] {
  const items: Item[] = [];
  for (const list of ['command', 'args'] as const) {
    for (const [index, item] of asArray(ref.container[list]).entries()) {
      if (typeof item === 'string') items.push({ path: [...ref.path, list, index], text: item });
    }
  }
  return items;
}

/** Whether the container's argv is an `sh -c "…"` script, whose words are not list items. */
export function runsShellScript(ref: ContainerRef): boolean {
  const argv = commandOf(ref);
  return argv !== null && shellScriptOf(argv) !== null;
}

/**
 * The last place an option is written as plain list items: `--name value`, `--name=value`,
 * `-x value` or `-xvalue`. Null when absent or when the command is a shell script.
 */
export function findOption(ref: ContainerRef, long: readonly string[], short: readonly string[] = []): OptionHit | null {
  if (runsShellScript(ref)) return null;
  const items = argvItems(ref);
  let hit: OptionHit | null = null;
  for (let i = 0; i < items.length; i += 1) {
    const { text, path } = items[i]!;
    const next = items[i + 1];
    for (const name of long) {
      if (text === `--${name}` && next !== undefined) hit = { path: next.path, value: next.text, withValue: (v) => v };
      else if (text.startsWith(`--${name}=`)) hit = { path, value: text.slice(name.length + 3), withValue: (v) => `--${name}=${v}` };
    }
    for (const letter of short) {
      if (text === `-${letter}` && next !== undefined) hit = { path: next.path, value: next.text, withValue: (v) => v };
      else if (text.length > 2 && text.startsWith(`-${letter}`) && !text.startsWith('--')) {
        const attached = text.slice(2);
        const value = attached.startsWith('=') ? attached.slice(1) : attached;
        hit = { path, value, withValue: (v) => `-${letter}${attached.startsWith('=') ? '=' : ''}${v}` };
      }
    }
  }
  return hit;
}

/** Where the argv can take extra words at its end (the last plain list), or null when it is a shell script. */
export function appendPath(ref: ContainerRef): Path | null {
  if (runsShellScript(ref) || commandOf(ref) === null) return null;
  return [...ref.path, Array.isArray(ref.container['args']) ? 'args' : 'command'];
}

export interface EnvEntry {
  /** Path of the entry's `value` (or of the entry when it reads `valueFrom`). */
  path: Path;
  /** The literal value; undefined when it comes from a Secret, ConfigMap or field. */
  value: string | undefined;
}

/** The entry that wins for an env variable (the last one with that name). */
export function envEntry(ref: ContainerRef, name: string): EnvEntry | null {
  let found: EnvEntry | null = null;
  for (const [index, item] of asArray(ref.container['env']).entries()) {
    const entry = asRecord(item);
    if (asString(entry?.['name']) !== name) continue;
    const value = entry?.['value'];
    found = typeof value === 'string' || typeof value === 'number'
      ? { path: [...ref.path, 'env', index, 'value'], value: String(value) }
      : { path: [...ref.path, 'env', index], value: undefined };
  }
  return found;
}

/**
 * Whether the container's environment may set a variable beyond its literal `env` values: an
 * entry from a Secret, ConfigMap or field, or `envFrom` a ConfigMap that holds the key or is
 * not among the checked objects. A Secret that is not among them is taken to hold credentials,
 * not server settings.
 */
export function envMaySet(ref: ContainerRef, workload: Workload, objects: readonly Manifest[], name: string): boolean {
  if (envNamesOf(ref).has(name) && envOf(ref)[name] === undefined) return true;
  for (const item of asArray(ref.container['envFrom'])) {
    const source = asRecord(item);
    const prefix = asString(source?.['prefix']) ?? '';
    if (!name.startsWith(prefix)) continue;
    const key = name.slice(prefix.length);
    for (const [field, kind, dataFields] of [['configMapRef', 'ConfigMap', ['data', 'binaryData']], ['secretRef', 'Secret', ['data', 'stringData']]] as const) {
      const refName = asString(asRecord(source?.[field])?.['name']);
      if (refName === undefined) continue;
      const found = objectsOfKind(objects, kind).filter((o) => o.name === refName && sameNamespace(o.namespace, workload.namespace));
      if (found.length === 0) {
        if (kind === 'ConfigMap') return true;
        continue;
      }
      if (found.some((o) => dataFields.some((d) => asRecord(getIn(o.object, [d]))?.[key] !== undefined))) return true;
    }
  }
  return false;
}

/** CPU quantity in cores: `500m` → 0.5, `2` → 2; undefined when unreadable. */
export function cpuCores(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?|\.\d+)(m?)$/.exec(value.trim());
  if (m === null) return undefined;
  return m[2] === 'm' ? Number(m[1]) / 1000 : Number(m[1]);
}

/** The CPU the scheduler reserves: the request, or the limit when only a limit is set (Kubernetes copies it). */
export function cpuRequestOf(ref: ContainerRef): { cores: number; text: string; path: Path } | undefined {
  for (const kind of ['requests', 'limits'] as const) {
    const raw = getIn(ref.container, ['resources', kind, 'cpu']);
    const cores = cpuCores(raw);
    if (cores !== undefined && cores > 0) return { cores, text: String(raw), path: [...ref.path, 'resources', kind, 'cpu'] };
  }
  return undefined;
}

/** gunicorn's I/O-bound rule of thumb, `2 × cores + 1`, as a whole number of processes. */
export function ioWorkers(cores: number): number {
  return Math.max(1, Math.ceil(2 * cores + 1));
}

const NODE_CPU_COUNT = /\$\(\s*nproc\b[^)]*\)|`\s*nproc\b[^`]*`|\$\(\s*getconf\s+_?NPROCESSORS_ONLN\s*\)|\bcpu_count\s*\(\s*\)/;
const COUNT_ENV = ['WEB_CONCURRENCY', 'GUNICORN_CMD_ARGS', 'CELERY_WORKER_CONCURRENCY', 'CELERYD_CONCURRENCY', 'UVICORN_WORKERS'];

export default createRule({
  id: 'require-explicit-workers',
  meta: {
    description: 'Require gunicorn, uvicorn and Celery workers to state their process count instead of inheriting a default or the node’s CPU count.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      gunicornDefault:
        'Container "{{container}}" starts gunicorn without a worker count (-w/--workers, WEB_CONCURRENCY or a config file), so it runs gunicorn’s default of one worker whatever the pod’s CPU request. Set it explicitly: {{suggestion}}.',
      uvicornDefault:
        'Container "{{container}}" starts uvicorn without --workers or WEB_CONCURRENCY, so it runs one process by default. Say so explicitly (--workers 1, scaling with replicas) or size it: {{suggestion}}.',
      celeryDefault:
        'Container "{{container}}" starts a Celery worker without -c/--concurrency: Celery then forks one process per CPU of the node, not of the pod (64 on a 64-core node), whatever the CPU and memory limits. Set {{suggestion}}.',
      dramatiqDefault:
        'Container "{{container}}" starts dramatiq without -p/--processes: it then forks one process per CPU of the node, not of the pod, whatever the CPU and memory limits. Set {{suggestion}}.',
      cpuCountFromNode:
        'Container "{{container}}" computes its worker count from {{expression}}, which in a pod returns the node’s CPU count, not the pod’s CPU (nproc and os.cpu_count() ignore the CFS quota). Write the number, or pass resources.limits.cpu through the Downward API (resourceFieldRef) into WEB_CONCURRENCY.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const data = { container: ref.name };
          const nodeCount = nodeCpuCountOf(ref);
          if (nodeCount !== null) {
            context.report({ path: nodeCount.path, messageId: 'cpuCountFromNode', data: { ...data, expression: nodeCount.expression } });
            continue;
          }
          const program = serverProgramOf(ref)?.command;
          if (program === undefined) continue;
          const env = envNamesOf(ref);
          const maySet = (name: string): boolean => env.has(name) || envMaySet(ref, workload, context.objects, name);
          const request = cpuRequestOf(ref);
          const sized = (flag: string): string =>
            request === undefined ? `${flag} N, with N sized from the CPU request (2 × CPU + 1 for I/O-bound code, one per CPU for CPU-bound code)` : `${flag} ${ioWorkers(request.cores)} for a CPU request of ${request.text} (2 × CPU + 1; one per CPU for CPU-bound code)`;
          const { options } = program;
          switch (program.program) {
            case 'gunicorn':
              // A config file or GUNICORN_CMD_ARGS from a ConfigMap may set workers where the manifest cannot show it.
              if (options['workers'] !== undefined || maySet('WEB_CONCURRENCY') || program.config !== undefined || envMaySet(ref, workload, context.objects, 'GUNICORN_CMD_ARGS')) continue;
              context.report({ path: argvPath(ref, 'gunicorn'), messageId: 'gunicornDefault', data: { ...data, suggestion: sized('--workers') } });
              break;
            case 'uvicorn':
              if (options['workers'] !== undefined || maySet('WEB_CONCURRENCY') || options['reload'] === true) continue;
              context.report({ path: argvPath(ref, 'uvicorn'), messageId: 'uvicornDefault', data: { ...data, suggestion: sized('--workers') } });
              break;
            case 'celery-worker': {
              const pool = options['pool'];
              if (options['concurrency'] !== undefined || options['autoscale'] !== undefined || pool === 'solo') continue;
              if (maySet('CELERY_WORKER_CONCURRENCY') || maySet('CELERYD_CONCURRENCY')) continue;
              context.report({ path: argvPath(ref, 'celery'), messageId: 'celeryDefault', data: { ...data, suggestion: sized('--concurrency') } });
              break;
            }
            case 'dramatiq':
              if (options['processes'] !== undefined) continue;
              context.report({ path: argvPath(ref, 'dramatiq'), messageId: 'dramatiqDefault', data: { ...data, suggestion: sized('--processes') } });
              break;
            default:
              break;
          }
        }
      },
    };
  },
});

/** `$(nproc)`, `cpu_count()` and the like in the command or in the env variables that set worker counts. */
function nodeCpuCountOf(ref: ContainerRef): { path: Path; expression: string } | null {
  for (const item of argvItems(ref)) {
    const match = NODE_CPU_COUNT.exec(item.text);
    if (match !== null) return { path: item.path, expression: `"${match[0]}"` };
  }
  for (const name of COUNT_ENV) {
    const entry = envEntry(ref, name);
    const match = entry?.value === undefined ? null : NODE_CPU_COUNT.exec(entry.value);
    if (entry !== null && match !== null && match !== undefined) return { path: entry.path, expression: `"${match[0]}" in ${name}` };
  }
  return null;
}
