// gunicorn's `bind` default is 127.0.0.1:8000 unless $PORT is set: https://docs.gunicorn.org/en/stable/settings.html#bind
import { createRule } from '../create-rule.ts';
import { argvPath, programOf, programPath } from '../python.ts';
import { envNamesOf, envOf } from '../workload.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export default createRule({
  id: 'no-gunicorn-localhost-bind',
  meta: {
    description: 'Disallow gunicorn listening on localhost, where neither probes nor Services can reach it.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      loopbackBind:
        'Container "{{container}}" starts gunicorn bound to {{host}}, which only the container itself can reach: kubelet probes and Service traffic to the pod IP fail. Bind every interface: --bind 0.0.0.0:{{port}}.',
      defaultBind:
        'Container "{{container}}" starts gunicorn without --bind, so it listens on 127.0.0.1:8000 (gunicorn’s default when $PORT is unset): probes and Service traffic to the pod IP fail. Add --bind 0.0.0.0:{{port}} to the command.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role === 'ephemeral') continue;
          const program = programOf(ref);
          if (program === null || program.command.program !== 'gunicorn') continue;
          const { command } = program;
          const port = command.port ?? context.project?.port ?? 8000;
          if (command.socket !== undefined) continue;
          if (command.host !== undefined) {
            if (LOOPBACK.has(command.host)) {
              context.report({ path: argvPath(ref, command.host.replace(/^\[|\]$/g, '')), messageId: 'loopbackBind', data: { container: ref.name, host: command.host, port } });
            }
            continue;
          }
          const env = envNamesOf(ref);
          // $PORT makes gunicorn bind 0.0.0.0:$PORT; a config file or env args from a ConfigMap may set bind where the manifest cannot show it.
          if (env.has('PORT') || command.config !== undefined || (env.has('GUNICORN_CMD_ARGS') && envOf(ref)['GUNICORN_CMD_ARGS'] === undefined)) continue;
          if (command.port !== undefined || command.portVariable !== undefined) continue;
          context.report({ path: programPath(ref), messageId: 'defaultBind', data: { container: ref.name, port } });
        }
      },
    };
  },
});
