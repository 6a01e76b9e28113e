// uvicorn's --host defaults to 127.0.0.1: https://www.uvicorn.org/settings/#socket-binding ; Hypercorn, Granian and Daphne bind localhost by default too.
import { createRule } from '../create-rule.ts';
import { appendPath, argvPath, findOption, programOf, programPath } from '../python.ts';
import { envMaySet, serviceTargetsOf } from '../selectors.ts';
import type { ManifestEditor, Path } from '../types.ts';
import { envEntry, envOf } from '../workload.ts';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;

/** Servers this rule reads; gunicorn has its own rule (no-gunicorn-localhost-bind). */
const SERVERS: Record<string, { label: string; hostEnv?: string; flag: (port: number) => string[] }> = {
  uvicorn: { label: 'uvicorn', hostEnv: 'UVICORN_HOST', flag: () => ['--host', '0.0.0.0'] },
  fastapi: { label: 'fastapi', flag: () => ['--host', '0.0.0.0'] },
  granian: { label: 'Granian', hostEnv: 'GRANIAN_HOST', flag: () => ['--host', '0.0.0.0'] },
  hypercorn: { label: 'Hypercorn', flag: (port) => ['--bind', `0.0.0.0:${port}`] },
  daphne: { label: 'Daphne', flag: () => ['--bind', '0.0.0.0'] },
};

export default createRule({
  id: 'no-uvicorn-localhost-bind',
  meta: {
    description: 'Disallow uvicorn, Hypercorn, Granian and Daphne listening on localhost, where neither probes nor Services can reach them.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      loopbackBind:
        'Container "{{container}}" starts {{server}} bound to {{host}}, which only the container itself can reach: kubelet probes and Service traffic to the pod IP are refused and the pod never becomes ready. Bind every interface: {{flag}}.',
      defaultBind:
        'Container "{{container}}" starts {{server}} without a host, so it listens on 127.0.0.1 ({{server}}’s default): kubelet probes and Service traffic to the pod IP are refused and the pod never becomes ready. Add {{flag}} to the command.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        const served = workload.containers.filter((c) => serviceTargetsOf(c, workload, context.objects).length > 0);
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const command = programOf(ref)?.command;
          if (command === undefined) continue;
          const server = SERVERS[command.program];
          if (server === undefined || command.socket !== undefined) continue;
          // A server behind a proxy sidecar in the same pod listens on localhost on purpose: the Service reaches the proxy.
          if (served.length > 0 && !served.includes(ref)) continue;
          const port = command.port ?? context.project?.port ?? 8000;
          const flagWords = server.flag(port);
          const data = { container: ref.name, server: server.label, flag: flagWords.join(' ') };
          const env = envOf(ref);
          const hostFromEnv = server.hostEnv === undefined ? undefined : env[server.hostEnv];
          // `fastapi run` listens on every interface by default, `fastapi dev` on localhost: only a written --host is read.
          if (command.program === 'fastapi' && command.options['host'] === undefined && command.subcommand === 'run') continue;
          let host = command.program === 'fastapi' ? (typeof command.options['host'] === 'string' ? command.options['host'] : undefined) : command.host;
          let path: Path | undefined;
          let fix: ((edit: ManifestEditor) => void) | undefined;
          if (host !== undefined) {
            const hit = findOption(ref, command.program === 'hypercorn' || command.program === 'daphne' ? ['bind', 'host'] : ['host'], command.program === 'hypercorn' || command.program === 'daphne' ? ['b'] : []);
            path = hit?.path ?? argvPath(ref, host.replace(/^\[|\]$/g, ''));
            if (hit !== null && hit.value.includes(host)) {
              const replaced = hit.withValue(hit.value.replace(host, host.includes(':') ? '::' : '0.0.0.0'));
              fix = (edit) => edit.set(hit.path, replaced);
            }
          } else if (hostFromEnv !== undefined && server.hostEnv !== undefined) {
            host = hostFromEnv;
            const entry = envEntry(ref, server.hostEnv)!;
            path = entry.path;
            fix = (edit) => edit.set(entry.path, '0.0.0.0');
          } else {
            // A value from a Secret or ConfigMap, a config file or a Twisted endpoint may set the host where the manifest cannot show it.
            if (server.hostEnv !== undefined && envMaySet(ref, workload, context.objects, server.hostEnv)) continue;
            if (command.config !== undefined || command.options['endpoint'] !== undefined) continue;
            const append = appendPath(ref);
            context.report({
              path: programPath(ref),
              messageId: 'defaultBind',
              data,
              fix: append === null ? undefined : (edit) => {
                for (const word of flagWords) edit.insert(append, word);
              },
            });
            continue;
          }
          if (!LOOPBACK.test(host)) continue;
          context.report({ path, messageId: 'loopbackBind', data: { ...data, host }, fix });
        }
      },
    };
  },
});
