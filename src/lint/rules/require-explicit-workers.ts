// Worker defaults: https://docs.gunicorn.org/en/stable/settings.html#workers, https://www.uvicorn.org/settings/#production, https://docs.celeryq.dev/en/stable/userguide/configuration.html#worker-concurrency
import { createRule } from '../create-rule.ts';
import { argvItems, programOf, programPath } from '../python.ts';
import { cpuRequestOf, ioWorkers } from '../resources.ts';
import { envMaySet } from '../selectors.ts';
import type { Path } from '../types.ts';
import { envEntry, envNamesOf, type ContainerRef } from '../workload.ts';

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
          const program = programOf(ref)?.command;
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
              context.report({ path: programPath(ref), messageId: 'gunicornDefault', data: { ...data, suggestion: sized('--workers') } });
              break;
            case 'uvicorn':
              if (options['workers'] !== undefined || maySet('WEB_CONCURRENCY') || options['reload'] === true) continue;
              context.report({ path: programPath(ref), messageId: 'uvicornDefault', data: { ...data, suggestion: sized('--workers') } });
              break;
            case 'celery-worker': {
              const pool = options['pool'];
              if (options['concurrency'] !== undefined || options['autoscale'] !== undefined || pool === 'solo') continue;
              if (maySet('CELERY_WORKER_CONCURRENCY') || maySet('CELERYD_CONCURRENCY')) continue;
              context.report({ path: programPath(ref), messageId: 'celeryDefault', data: { ...data, suggestion: sized('--concurrency') } });
              break;
            }
            case 'dramatiq':
              if (options['processes'] !== undefined) continue;
              context.report({ path: programPath(ref), messageId: 'dramatiqDefault', data: { ...data, suggestion: sized('--processes') } });
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
