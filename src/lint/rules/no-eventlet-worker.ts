// gunicorn 26.0.0 removed the eventlet worker: https://docs.gunicorn.org/en/stable/news.html and https://docs.gunicorn.org/en/stable/settings.html#worker-class
import { createRule } from '../create-rule.ts';
import { argvPath, findOption, programOf } from '../python.ts';
import { envEntry } from '../workload.ts';

const EVENTLET = /^(eventlet|egg:gunicorn#eventlet|gunicorn\.workers\.geventlet\.EventletWorker)$/i;

export default createRule({
  id: 'no-eventlet-worker',
  meta: {
    description: 'Disallow gunicorn’s eventlet worker class, which gunicorn 26 removed.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      eventletWorker:
        'Container "{{container}}" runs gunicorn with -k {{worker}}: gunicorn 26.0 removed the eventlet worker, so gunicorn fails to boot with a current release. Switch to -k gevent (with gevent installed), -k gthread --threads N, or an ASGI worker, and drop eventlet monkey-patching from the app.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role === 'ephemeral') continue;
          const command = programOf(ref)?.command;
          if (command?.program !== 'gunicorn') continue;
          const worker = command.options['worker-class'];
          if (typeof worker !== 'string' || !EVENTLET.test(worker)) continue;
          const hit = findOption(ref, ['worker-class'], ['k']);
          const env = envEntry(ref, 'GUNICORN_CMD_ARGS');
          const path = hit !== null && EVENTLET.test(hit.value) ? hit.path : env?.value?.includes(worker) === true ? env.path : argvPath(ref, worker);
          context.report({ path, messageId: 'eventletWorker', data: { container: ref.name, worker } });
        }
      },
    };
  },
});
