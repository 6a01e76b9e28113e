// worker_max_tasks_per_child / worker_max_memory_per_child: https://docs.celeryq.dev/en/stable/userguide/workers.html#max-tasks-per-child-setting
import { createRule } from '../create-rule.ts';
import { programOf, subcommandPath } from '../python.ts';

/** Pools that run tasks in the main process: there are no child processes to recycle. */
const NO_CHILDREN = new Set(['solo', 'threads', 'gevent', 'eventlet']);

export default createRule({
  id: 'require-celery-max-tasks-per-child',
  meta: {
    description: 'Require prefork Celery workers to recycle their pool processes with --max-tasks-per-child or --max-memory-per-child.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'celery',
    peers: [],
    messages: {
      missingRecycling:
        'Celery worker "{{container}}" never replaces its prefork pool processes: memory a task leaks or fragments stays in the child for the life of the pod, until the container reaches its memory limit and the OOM killer stops it mid-task. Add --max-tasks-per-child {{tasks}} (replace a child after that many tasks) or --max-memory-per-child <KiB> (replace it once its resident memory passes the limit) to the worker command.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const command = programOf(ref)?.command;
          if (command?.program !== 'celery-worker') continue;
          const { options } = command;
          if (options['max-tasks-per-child'] !== undefined || options['max-memory-per-child'] !== undefined) continue;
          const pool = options['pool'];
          if (typeof pool === 'string' && NO_CHILDREN.has(pool)) continue;
          context.report({ path: subcommandPath(ref), messageId: 'missingRecycling', data: { container: ref.name, tasks: 200 }, container: ref.name });
        }
      },
    };
  },
});
