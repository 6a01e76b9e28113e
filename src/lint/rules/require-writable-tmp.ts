// gunicorn heartbeat files (worker_tmp_dir): https://docs.gunicorn.org/en/stable/settings.html#worker-tmp-dir and benoitc/gunicorn#2859
// Celery beat schedule file: https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html#starting-the-scheduler
// Python's temp directory search: https://docs.python.org/3/library/tempfile.html#tempfile.gettempdir
import { createRule } from '../create-rule.ts';
import { tmpVolumeFix, writableTmpProblems } from '../filesystem.ts';
import type { ManifestEditor } from '../types.ts';
import { isWindowsPod } from '../workload.ts';

export default createRule({
  id: 'require-writable-tmp',
  meta: {
    description: 'Require a writable temp directory for gunicorn and Celery beat when the root filesystem is read-only.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'security',
    peers: [],
    messages: {
      gunicornTmp:
        'Container "{{container}}" runs gunicorn with readOnlyRootFilesystem: true, but no temp directory it can use is writable ({{dirs}}): each worker creates its heartbeat file there at boot, so workers fail to start. Mount an emptyDir at /tmp, or pass --worker-tmp-dir /dev/shm (a tmpfs that stays writable).',
      beatSchedule:
        'Container "{{container}}" runs Celery beat with readOnlyRootFilesystem: true, but its schedule file {{file}} is not on a writable volume: beat fails at start-up when it opens the file. Mount an emptyDir at {{dir}}, or pass -s /tmp/celerybeat-schedule with an emptyDir at /tmp.',
      beatRelativeSchedule:
        'Container "{{container}}" runs Celery beat with readOnlyRootFilesystem: true and keeps its schedule file "{{file}}" in the working directory, which is the image’s read-only WORKDIR: beat fails at start-up. Pass -s /tmp/celerybeat-schedule and mount an emptyDir at /tmp (or use a database scheduler such as django_celery_beat).',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (isWindowsPod(workload)) return;
        const problems = writableTmpProblems(workload);
        for (const problem of problems) {
          const tmp = problem.tmpFixes ? tmpVolumeFix(problem.ref, workload) : null;
          const fix = typeof tmp === 'function' ? (edit: ManifestEditor) => tmp(edit) : undefined;
          context.report({ path: problem.path, messageId: problem.messageId, data: problem.data, fix });
        }
      },
    };
  },
});
