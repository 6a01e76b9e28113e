// A shell as PID 1 does not forward SIGTERM: https://docs.docker.com/reference/dockerfile/#entrypoint and https://man7.org/linux/man-pages/man7/pid_namespaces.7.html
// Quoting when the command is written back: https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02
import { basename, shellScriptOf, tokenizeShell } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import { argvPath, isOneOffStep } from '../python.ts';
import { commandOf, runsToCompletion } from '../workload.ts';

/** Words that end a compound command: the shell stays in charge of what ran inside it. */
const COMPOUND_END = new Set(['fi', 'done', 'esac', '}', ')']);

interface Script {
  /** The last simple command, as words. */
  last: string[];
  /** The simple commands before it, as words, each with the operator that follows it. */
  before: Array<{ words: string[]; operator: string }>;
}

/** The last simple command of a script and the ones before it, or null when the script cannot be read. */
function readScript(script: string): Script | null {
  const tokens = tokenizeShell(script);
  if (tokens === null) return null;
  const commands: Array<{ words: string[]; operator: string }> = [];
  let current: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'word') {
      current.push(token.text);
      continue;
    }
    if (current.length > 0) commands.push({ words: current, operator: token.text });
    // `a &&` then a newline: the line break does not replace the operator before it.
    else if (token.text !== '\n' && commands.length > 0) commands.at(-1)!.operator = token.text;
    current = [];
  }
  if (current.length > 0) commands.push({ words: current, operator: '' });
  const last = commands.pop();
  return last === undefined ? null : { last: last.words, before: commands };
}

/** Characters sh takes literally outside quotes. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** `$NAME`, `${…}` and `$(…)`, which the tokenizer keeps as written. */
const EXPANSION = /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g;
const HAS_EXPANSION = /\$[{(A-Za-z_]/;

/**
 * A word as sh must read it back: plain words as they are; words whose only special parts are
 * expansions as they are too (`0.0.0.0:$PORT`, so the variable still expands); other words
 * with an expansion in double quotes; anything else in single quotes (`'*'`, which sh would
 * otherwise glob).
 */
function shellQuote(word: string): string {
  if (PLAIN.test(word)) return word;
  if (HAS_EXPANSION.test(word)) {
    const rest = word.replace(EXPANSION, '');
    return rest === '' || PLAIN.test(rest) ? word : `"${word.replace(/[\\"`]/g, '\\$&')}"`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `FOO=1 BAR=2 gunicorn …` → the assignments and the command they apply to. */
function splitAssignments(words: readonly string[]): { assignments: string[]; program: string[] } {
  const first = words.findIndex((word) => !ASSIGNMENT.test(word));
  const at = first < 0 ? words.length : first;
  return { assignments: words.slice(0, at), program: words.slice(at) };
}

/** A simple command as sh text; an assignment keeps its name unquoted (`FOO='*' gunicorn …`), or it would be run as a command. */
function commandText(words: readonly string[]): string {
  const { assignments, program } = splitAssignments(words);
  return [...assignments.map(assignmentText), ...program.map(shellQuote)].join(' ');
}

function assignmentText(assignment: string): string {
  const eq = assignment.indexOf('=');
  const value = assignment.slice(eq + 1);
  return `${assignment.slice(0, eq + 1)}${value === '' ? '' : shellQuote(value)}`;
}

/** The script's steps before the server, as sh text: `python manage.py migrate --noinput && cd /app`. */
function stepsText(before: Script['before']): string {
  return before
    .map(({ words, operator }, i) => {
      const text = commandText(words);
      if (i === before.length - 1) return text;
      return operator === '\n' || operator === ';' ? `${text};` : `${text} ${operator}`;
    })
    .join(' ');
}

/** The suggested end of the script and the other way out: the exec form, and where the steps before the server go then. */
function advice({ last, before }: Script): { execLine: string; alternative: string } {
  // `FOO=1 gunicorn …`: exec goes after the assignments, and the exec form takes them as env.
  const { assignments, program } = splitAssignments(last);
  const execLine = [...assignments.map(assignmentText), 'exec', ...program.map(shellQuote)].join(' ');
  // The exec form expands only $(NAME) from env: sh variables and their defaults need the shell.
  if (program.some((word) => HAS_EXPANSION.test(word))) return { execLine, alternative: ' (the command reads shell variables, so keep the shell and let exec hand PID 1 to the server)' };
  const env = assignments.length === 0 ? '' : ` with ${assignments.map((a) => a.slice(0, a.indexOf('='))).join(', ')} under env`;
  const execForm = `command: ${JSON.stringify(program).replace(/","/g, '", "')}${env}`;
  if (before.length === 0) return { execLine, alternative: `, or drop the shell and use the exec form: ${execForm}` };
  const where = before.some((c) => c.operator === '&')
    ? 'a process started in the background belongs in a container of its own'
    : before.some((c) => isOneOffStep(c.words))
      ? 'migrations belong in a Job run once per release (a Helm pre-install/pre-upgrade hook, an Argo CD PreSync hook) or in an init container'
      : 'put them in an init container, or in the pod spec (workingDir, env) when they only prepare the environment';
  return { execLine, alternative: `. The exec form (${execForm}) would leave out what the script runs before it (\`${stepsText(before)}\`): ${where}` };
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
        'Container "{{container}}" runs its command through `{{shell}} -c`, and the script’s last command (`{{last}}`) is not started with exec: the shell stays PID 1, does not pass SIGTERM on, and the server only stops when the kubelet SIGKILLs it at the end of the grace period (no drain, dropped requests). Write `{{execLine}}` as the script’s last command{{alternative}}.',
      backgroundedServer:
        'Container "{{container}}" runs its command through `{{shell}} -c` and ends with `wait` without a trap: the shell is PID 1 and ignores SIGTERM, so the background processes are SIGKILLed at the end of the grace period. Run one process per container with exec, or add `trap \'kill -TERM $(jobs -p)\' TERM` before wait.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        // Jobs and one-shot Pods (helm test) run to completion; stopping them early is not a serving path.
        if (runsToCompletion(workload)) return;
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const argv = commandOf(ref);
          if (argv === null) continue;
          const script = shellScriptOf(argv);
          if (script === null) continue;
          // A script that installs its own handler forwards the signal itself.
          if (/(^|[\s;&|(])trap\s/.test(script)) continue;
          const read = readScript(script);
          if (read === null) continue;
          const { last } = read;
          const head = splitAssignments(last).program[0];
          if (head === undefined || head === 'exec' || COMPOUND_END.has(last[0]!) || COMPOUND_END.has(last.at(-1)!)) continue;
          const shell = basename(argv[0]!);
          const data = { container: ref.name, shell };
          const path = argvPath(ref, script);
          if (head === 'wait') {
            context.report({ path, messageId: 'backgroundedServer', data });
            continue;
          }
          context.report({ path, messageId: 'shellWithoutExec', data: { ...data, last: commandText(last), ...advice(read) } });
        }
      },
    };
  },
});
