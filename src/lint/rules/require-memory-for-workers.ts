// Memory limits and the OOM killer: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#memory-units
import { z } from 'zod';
import { GENERATE_DEFAULTS } from '../../config/defaults.ts';
import { createRule } from '../create-rule.ts';
import { getIn } from '../object.ts';
import { processesOf } from '../python.ts';
import { memoryMiB } from '../resources.ts';

const quantity = z.string().refine((v) => memoryMiB(v) !== undefined, { message: 'a Kubernetes memory quantity such as "160Mi" or "1.5Gi"' });

const schema = z.strictObject({
  /** Resident memory one worker process of a typical Django/FastAPI/Flask app settles at. */
  perWorkerMemory: quantity,
  /** Per worker when the project (`--project`) loads ML libraries and models into every process. */
  mlPerWorkerMemory: quantity,
  /** The supervising process (gunicorn master, uvicorn supervisor, Celery main process). */
  masterMemory: quantity,
});

const D = GENERATE_DEFAULTS;

function formatMiB(mib: number): string {
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024}Gi` : `${Math.ceil(mib)}Mi`;
}

export default createRule({
  id: 'require-memory-for-workers',
  meta: {
    description: 'Require a memory limit that fits the container’s worker processes, each of which holds its own copy of the app.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      limitBelowWorkers:
        'Container "{{container}}" runs {{count}} {{server}} processes ({{via}}) under a memory limit of {{limit}}, below the {{needed}} they need ({{estimate}}): the OOM killer will stop the container under load. Raise resources.limits.memory to at least {{needed}} (with headroom, e.g. {{suggested}}) or run fewer processes.',
    },
  },
  defaultOptions: {
    perWorkerMemory: `${D.perWorkerMiB}Mi`,
    mlPerWorkerMemory: '1.5Gi',
    masterMemory: `${D.masterMiB}Mi`,
  },
  schema,
  create(context) {
    const ml = context.project?.mlHeavy === true;
    const perWorker = memoryMiB(ml ? context.options.mlPerWorkerMemory : context.options.perWorkerMemory) ?? D.perWorkerMiB;
    const perWorkerText = ml ? context.options.mlPerWorkerMemory : context.options.perWorkerMemory;
    const master = memoryMiB(context.options.masterMemory) ?? D.masterMiB;
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const raw = getIn(ref.container, ['resources', 'limits', 'memory']);
          const limit = memoryMiB(raw);
          if (limit === undefined) continue;
          const processes = processesOf(ref);
          if (processes === null) continue;
          const needed = processes.count * perWorker + (processes.master ? master : 0);
          if (limit >= needed) continue;
          const estimate = `${processes.count} × ${perWorkerText}${ml ? ' (ML project)' : ''}${processes.master ? ` + ${context.options.masterMemory} for the supervising process` : ''}`;
          const suggested = Math.ceil((needed * D.memoryHeadroom) / D.memoryStepMiB) * D.memoryStepMiB;
          context.report({
            path: [...ref.path, 'resources', 'limits', 'memory'],
            messageId: 'limitBelowWorkers',
            data: {
              container: ref.name,
              count: processes.count,
              server: processes.server,
              via: processes.via,
              limit: String(raw),
              needed: formatMiB(needed),
              estimate,
              suggested: formatMiB(suggested),
            },
          });
        }
      },
    };
  },
});
