// uvicorn waits forever without --timeout-graceful-shutdown: https://www.uvicorn.org/settings/#timeouts ; gunicorn graceful_timeout: https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { appendPath, argvPath, findOption, programOf, programPath } from '../python.ts';
import { envMaySet } from '../selectors.ts';
import { drainOf, gracePeriodOf, preStopSeconds } from '../shutdown.ts';
import type { ManifestEditor } from '../types.ts';
import { envEntry, runsToCompletion } from '../workload.ts';

const schema = z.strictObject({
  /** Seconds kept free after the drain for the kubelet's 2 s floor and process exit; the fix's timeout is grace − preStop − margin. */
  marginSeconds: z.number().int().min(0).max(120),
});

export default createRule({
  id: 'require-graceful-timeout',
  meta: {
    description: 'Require a Python server’s graceful shutdown timeout to be set and to end before Kubernetes sends SIGKILL.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      uvicornUnbounded:
        'Container "{{container}}" starts uvicorn without --timeout-graceful-shutdown, so on SIGTERM it waits for every open connection and task with no limit: a long request or websocket keeps the pod until the kubelet SIGKILLs it after {{grace}} s{{graceNote}}, skipping the lifespan shutdown. Add --timeout-graceful-shutdown {{timeout}} (grace period − preStop − margin).',
      drainAboveGrace:
        'Container "{{container}}" gives {{server}} {{drain}} s to drain ({{via}}), but the pod’s terminationGracePeriodSeconds is {{grace}} s{{graceNote}}{{preStopNote}}: the kubelet SIGKILLs the server before its own timeout ends, mid-request. Lower the graceful timeout to {{timeout}} or raise terminationGracePeriodSeconds to at least {{needed}}.',
      defaultDrainAboveGrace:
        'Container "{{container}}" starts gunicorn without --graceful-timeout, so workers get gunicorn’s default 30 s to finish, but the pod’s terminationGracePeriodSeconds is {{grace}} s{{graceNote}}{{preStopNote}}: the kubelet SIGKILLs gunicorn before it is done. Add --graceful-timeout {{timeout}} or raise terminationGracePeriodSeconds to at least {{needed}}.',
    },
  },
  defaultOptions: { marginSeconds: 5 },
  schema,
  create(context) {
    const margin = context.options.marginSeconds;
    return {
      workload(workload) {
        if (runsToCompletion(workload)) return;
        const grace = gracePeriodOf(workload);
        for (const ref of workload.containers) {
          if (ref.role !== 'container') continue;
          const command = programOf(ref)?.command;
          if (command === undefined) continue;
          const drain = drainOf(command, ref, (name) => envMaySet(ref, workload, context.objects, name));
          const preStop = preStopSeconds(ref);
          const timeout = Math.floor(grace.seconds - preStop - margin);
          const data = {
            container: ref.name,
            grace: grace.seconds,
            timeout: timeout >= 1 ? timeout : 'a value below the grace period minus the preStop sleep',
            graceNote: grace.explicit ? '' : ' (the default)',
            preStopNote: preStop > 0 ? `, of which the preStop sleep takes ${preStop} s` : '',
          };
          const append = appendPath(ref);
          const appendFix = (flag: string) => (append === null || timeout < 1 ? undefined : (edit: ManifestEditor) => {
            edit.insert(append, flag);
            edit.insert(append, String(timeout));
          });
          if (drain.kind === 'unbounded' && command.program === 'uvicorn') {
            context.report({ path: programPath(ref), messageId: 'uvicornUnbounded', data, fix: appendFix('--timeout-graceful-shutdown') });
            continue;
          }
          if (drain.kind !== 'bounded' || drain.seconds < grace.seconds) continue;
          const needed = Math.ceil(preStop + drain.seconds + margin);
          const hit = findOption(ref, ['graceful-timeout']);
          if (hit !== null) {
            const fix = timeout >= 1 ? (edit: ManifestEditor) => edit.set(hit.path, hit.withValue(String(timeout))) : undefined;
            context.report({ path: hit.path, messageId: 'drainAboveGrace', data: { ...data, server: command.program, drain: drain.seconds, via: drain.via, needed }, fix });
          } else if (command.options['graceful-timeout'] !== undefined) {
            // Set through GUNICORN_CMD_ARGS or inside `sh -c`: point at it, without a fix.
            const env = envEntry(ref, 'GUNICORN_CMD_ARGS');
            const path = env?.value?.includes('graceful-timeout') === true ? env.path : argvPath(ref, 'graceful-timeout');
            context.report({ path, messageId: 'drainAboveGrace', data: { ...data, server: command.program, drain: drain.seconds, via: drain.via, needed } });
          } else if (command.program === 'gunicorn') {
            context.report({ path: programPath(ref), messageId: 'defaultDrainAboveGrace', data: { ...data, needed }, fix: appendFix('--graceful-timeout') });
          }
        }
      },
    };
  },
});
