// A shell as PID 1 does not forward SIGTERM: https://docs.docker.com/reference/dockerfile/#entrypoint and https://man7.org/linux/man-pages/man7/pid_namespaces.7.html
import { basename, shellScriptOf, tokenizeShell } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import { argvPath } from '../python.ts';
import { commandOf } from '../workload.ts';

/** Words that end a compound command: the shell stays in charge of what ran inside it. */
const COMPOUND_END = new Set(['fi', 'done', 'esac', '}', ')']);

/** The last simple command a script runs, as words, or null when it cannot be read. */
function lastCommand(script: string): string[] | null {
  const tokens = tokenizeShell(script);
  if (tokens === null) return null;
  let current: string[] = [];
  let last: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'operator') {
      if (current.length > 0) last = current;
      current = [];
    } else {
      current.push(token.text);
    }
  }
  if (current.length > 0) last = current;
  return last.length === 0 ? null : last;
}

export default createRule({
  id: 'no-shell-wrapper',
  meta: {
    description: 'Disallow starting a long-running container through sh -c without exec, which keeps SIGTERM from reaching the server.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'shutdown',
    peers: [],
    messages: {
      shellWithoutExec:
        'Container "{{container}}" runs its command through `{{shell}} -c`, and the script’s last command ({{last}}) is not started with exec: the shell stays PID 1, does not pass SIGTERM on, and the server only stops when the kubelet SIGKILLs it at the end of the grace period (no drain, dropped requests). Write `exec {{last}}` at the end of the script, or use the exec form: command: {{execForm}}.',
      backgroundedServer:
        'Container "{{container}}" runs its command through `{{shell}} -c` and ends with `wait` without a trap: the shell is PID 1 and ignores SIGTERM, so the background processes are SIGKILLed at the end of the grace period. Run one process per container with exec, or add `trap \'kill -TERM $(jobs -p)\' TERM` before wait.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        // A Job's command runs to completion; stopping it early is not a serving path.
        if (workload.kind === 'Job' || workload.kind === 'CronJob') return;
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const argv = commandOf(ref);
          if (argv === null) continue;
          const script = shellScriptOf(argv);
          if (script === null) continue;
          // A script that installs its own handler forwards the signal itself.
          if (/(^|[\s;&|(])trap\s/.test(script)) continue;
          const last = lastCommand(script);
          if (last === null || last[0] === 'exec' || COMPOUND_END.has(last[0]!) || COMPOUND_END.has(last.at(-1)!)) continue;
          const shell = basename(argv[0]!);
          const data = { container: ref.name, shell };
          const path = argvPath(ref, script);
          if (last[0] === 'wait') {
            context.report({ path, messageId: 'backgroundedServer', data });
            continue;
          }
          const text = last.join(' ');
          context.report({ path, messageId: 'shellWithoutExec', data: { ...data, last: text, execForm: JSON.stringify(last) } });
        }
      },
    };
  },
});
