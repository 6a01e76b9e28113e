// task_acks_late and task_reject_on_worker_lost: https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-acks-late
import { celeryTargetLoads } from '../../analyze/detectors/celery-acks.ts';
import type { AppModel, CeleryModel } from '../../model/app.ts';
import { createRule } from '../create-rule.ts';
import { asArray, asRecord } from '../object.ts';
import { argvPath, findOption, programOf, subcommandPath } from '../python.ts';
import type { Path } from '../types.ts';
import type { ContainerRef } from '../workload.ts';

/** The wrapper `py2kube generate` writes: it sets both settings before the worker reads its config. */
const WRAPPER = 'py2kube_celery';

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

/** Where `detect` keeps each setting: the model field, its evidence key and the task option that overrides it. */
const PROJECT: Record<Setting, { field: 'taskAcksLate' | 'taskRejectOnWorkerLost'; evidence: string; option: 'acksLate' | 'rejectOnWorkerLost' }> = {
  task_acks_late: { field: 'taskAcksLate', evidence: 'celery.taskAcksLate', option: 'acksLate' },
  task_reject_on_worker_lost: { field: 'taskRejectOnWorkerLost', evidence: 'celery.taskRejectOnWorkerLost', option: 'rejectOnWorkerLost' },
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
    const model = context.project;
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const command = programOf(ref)?.command;
          if (command?.program !== 'celery-worker') continue;
          const app = command.celeryApp;
          if (app !== undefined && app.split(':')[0] === WRAPPER) continue;
          // The project's settings apply only to a worker that runs the project's app.
          const celery = model?.celery ?? null;
          const project = model !== undefined && celery !== null && (app === undefined || celeryTargetLoads(app, celery.app)) ? { model, celery } : undefined;
          const appPath = app === undefined ? subcommandPath(ref) : findOption(ref, ['app'], ['A'])?.path ?? argvPath(ref, app);
          // A value the project's code sets (or leaves at Celery's default) is what the worker runs with;
          // the env is only read when the project takes the setting from somewhere py2kube cannot see.
          const known = (setting: Setting): Known | undefined => fromProject(project, setting, appPath) ?? fromEnv(ref, setting);
          // Tasks that all set the option themselves are acknowledged that way whatever the app's default.
          const everyTask = (setting: Setting): boolean => project !== undefined && allTasksSet(project.celery, setting);
          const acksLate = known('task_acks_late');
          if (acksLate?.value === false && !everyTask('task_acks_late')) {
            context.report({ path: acksLate.path, messageId: 'acksLateOff', data: { container: ref.name, source: acksLate.source }, container: ref.name });
            continue;
          }
          if (acksLate === undefined && !everyTask('task_acks_late')) continue;
          const reject = known('task_reject_on_worker_lost');
          if (reject?.value === false && !everyTask('task_reject_on_worker_lost')) context.report({ path: reject.path, messageId: 'rejectOff', data: { container: ref.name, source: reject.source }, container: ref.name });
        }
      },
    };
  },
});

/** The setting as `detect` read it from the project, with the file:line (or "not set") for the message; undefined when unknown. */
function fromProject(project: { model: AppModel; celery: CeleryModel } | undefined, setting: Setting, path: Path): Known | undefined {
  if (project === undefined) return undefined;
  const value = project.celery[PROJECT[setting].field];
  if (value === null) return undefined;
  const evidence = project.model.evidence[PROJECT[setting].evidence]?.[0];
  const source = evidence === undefined
    ? `${setting} in the project's Celery configuration`
    : evidence.at === 'default' ? `${setting} not set in the project: ${evidence.why}` : `${evidence.at}: ${evidence.why}`;
  return { value, source, path };
}

/** True when py2kube found tasks and every one of them sets the task option (`acks_late=True`) itself. */
function allTasksSet(celery: CeleryModel, setting: Setting): boolean {
  const option = PROJECT[setting].option;
  return celery.taskCount > 0 && celery.taskOptions.filter((t) => t[option] === true).length === celery.taskCount;
}

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
