// task_acks_late and task_reject_on_worker_lost: https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-acks-late
import { createRule } from '../create-rule.ts';
import type { CeleryModel } from '../../model/app.ts';
import { asArray, asRecord } from '../object.ts';
import { argvPath, programOf } from '../python.ts';
import type { Path } from '../types.ts';
import type { ContainerRef } from '../workload.ts';

/** The wrapper `py2kube generate` writes: it sets both settings before the worker reads its config. */
const WRAPPER = 'py2kube_celery';

/**
 * Settings `detect` read from the project's Celery configuration: true or false when it knows,
 * absent when it cannot tell (the value comes from the environment, or no config was found).
 */
export interface ProjectCelerySettings {
  taskAcksLate?: boolean | null;
  taskRejectOnWorkerLost?: boolean | null;
}

type Setting = 'task_acks_late' | 'task_reject_on_worker_lost';

interface Known {
  value: boolean;
  /** Where the value comes from, for the message. */
  source: string;
  path: Path;
}

/** Environment variables the Django-settings convention (`namespace="CELERY"`) reads each setting from. */
const ENV: Record<Setting, readonly string[]> = {
  task_acks_late: ['CELERY_TASK_ACKS_LATE', 'CELERY_ACKS_LATE'],
  task_reject_on_worker_lost: ['CELERY_TASK_REJECT_ON_WORKER_LOST', 'CELERY_REJECT_ON_WORKER_LOST'],
};

export default createRule({
  id: 'require-celery-acks-late',
  meta: {
    description: 'Require Celery workers to acknowledge tasks late and requeue them when the worker is lost, where the manifests or the project show how they are configured.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'celery',
    peers: [],
    messages: {
      acksLateOff:
        'Celery worker "{{container}}" runs with task_acks_late off ({{source}}): each task is acknowledged before it runs, so a task still running when the pod is stopped or killed (rollout, eviction, OOM, the grace period running out) is lost. Run it with `-A py2kube_celery` (py2kube generate writes that wrapper), or set task_acks_late=True and task_reject_on_worker_lost=True for idempotent tasks.',
      rejectOff:
        'Celery worker "{{container}}" acknowledges late but runs with task_reject_on_worker_lost off ({{source}}): when the pool process running a task is killed (OOM killer, SIGKILL at the end of the grace period), Celery still acknowledges the message and the task is lost. Set task_reject_on_worker_lost=True (tasks must be idempotent), or run the worker with `-A py2kube_celery`.',
    },
  },
  defaultOptions: {},
  create(context) {
    const project = context.project?.celery as (CeleryModel & ProjectCelerySettings) | null | undefined;
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const command = programOf(ref)?.command;
          if (command?.program !== 'celery-worker') continue;
          const app = command.celeryApp;
          if (app !== undefined && app.split(':')[0] === WRAPPER) continue;
          // The project's settings apply only to a worker that runs the project's app.
          const fromProject = project !== undefined && project !== null && (app === undefined || app === project.app || app.split(':')[0] === project.app.split(':')[0]) ? project : undefined;
          const appPath = argvPath(ref, app ?? 'worker');
          const known = (setting: Setting, projectValue: boolean | null | undefined): Known | undefined =>
            fromEnv(ref, setting) ?? (typeof projectValue === 'boolean' ? { value: projectValue, source: `${setting} in the project's Celery configuration`, path: appPath } : undefined);
          const acksLate = known('task_acks_late', fromProject?.taskAcksLate);
          if (acksLate?.value === false) {
            context.report({ path: acksLate.path, messageId: 'acksLateOff', data: { container: ref.name, source: acksLate.source }, container: ref.name });
            continue;
          }
          if (acksLate === undefined) continue;
          const reject = known('task_reject_on_worker_lost', fromProject?.taskRejectOnWorkerLost);
          if (reject?.value === false) context.report({ path: reject.path, messageId: 'rejectOff', data: { container: ref.name, source: reject.source }, container: ref.name });
        }
      },
    };
  },
});

/** A literal env entry that sets the setting, read the way Python's config helpers read booleans. */
function fromEnv(ref: ContainerRef, setting: Setting): Known | undefined {
  for (const [index, item] of asArray(ref.container['env']).entries()) {
    const entry = asRecord(item);
    const name = entry?.['name'];
    if (typeof name !== 'string' || !ENV[setting].includes(name)) continue;
    const raw = entry?.['value'];
    const text = typeof raw === 'string' || typeof raw === 'boolean' || typeof raw === 'number' ? String(raw).trim().toLowerCase() : undefined;
    if (text === undefined) return undefined;
    const path = [...ref.path, 'env', index, 'value'];
    if (['1', 'true', 'yes', 'on'].includes(text)) return { value: true, source: `env ${name}=${String(raw)}`, path };
    if (['0', 'false', 'no', 'off', ''].includes(text)) return { value: false, source: `env ${name}=${String(raw)}`, path };
    return undefined;
  }
  return undefined;
}
