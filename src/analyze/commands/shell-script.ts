import { isShell, splitShellCommands, substituteDefaults, substituteEnv, tokenizeShell } from './shell-words.ts';

/**
 * Reads a shell script one command at a time, without running it. Lines are joined where a
 * backslash or an open quote continues them, heredoc bodies are skipped, and `if`/`elif`/`else`
 * structure is flattened, except that a branch testing a positional parameter against a word
 * (`[[ "$1" == worker ]]`, the usual way one entrypoint script serves several processes) is
 * kept or dropped when the script's arguments are known. Variables the script assigns are
 * filled in, so `PORT="${PORT:-8080}"` followed by `--port "$PORT"` reads as port 8080.
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
 */

export interface ScriptCommand {
  /** 1-based line where the command starts. */
  line: number;
  /** The words, with known variables and positional parameters filled in. */
  words: string[];
  /** The variables known when the command runs. */
  env: Record<string, string>;
  /** Run with `exec`: it replaces the shell, so it is the process itself. */
  exec: boolean;
}

/**
 * What a variable holding the script's own folder (`$(dirname "$0")`, `${BASH_SOURCE[0]}`)
 * is filled in with. It still contains `$`, so nothing reads it as a known value by mistake.
 */
export const SCRIPT_DIR = '$(dirname "$0")';

/** Lines a continued command (open quote, trailing backslash) may span before it is given up. */
const MAX_JOINED_LINES = 50;
const MENTIONS_SCRIPT_DIR = /dirname|BASH_SOURCE|\$0\b|\$\{0\}/;

/** The commands a script runs, in order. `args` are its positional parameters, null when unknown. */
export function scriptCommands(text: string, args: readonly string[] | null, env: Readonly<Record<string, string>>): ScriptCommand[] {
  const vars: Record<string, string> = { ...env };
  const branches: Branch[] = [];
  const commands: ScriptCommand[] = [];
  for (const { line, text: logical } of logicalLines(text)) {
    const simple = splitShellCommands(logical);
    if (simple === null) continue;
    for (const raw of simple) {
      // Structure is followed even inside a dropped branch, so that its `fi` closes the right `if`.
      const words = openStructure(raw, branches, args);
      if (words === null || branches.some((b) => b.active === false)) continue;
      const declared = declarationOf(words);
      if (declared !== null) {
        for (const assignment of declared) assign(vars, assignment, args);
        continue;
      }
      const filled = expandWords(words, vars, args);
      const firstCommandWord = filled.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/s.test(w));
      commands.push({ line, words: filled, env: { ...vars }, exec: firstCommandWord === 'exec' });
    }
  }
  return commands;
}

/**
 * Logical lines with the 1-based line each starts on. A line whose quoting is still open (a
 * trailing backslash, a quoted string spanning lines) takes the following lines; blank lines
 * and heredoc bodies are left out.
 */
export function logicalLines(text: string): Array<{ line: number; text: string }> {
  const lines = text.split(/\r?\n/);
  const result: Array<{ line: number; text: string }> = [];
  for (let i = 0; i < lines.length; i += 1) {
    const start = i;
    let logical = lines[i]!;
    while (tokenizeShell(logical) === null && i + 1 < lines.length && i - start < MAX_JOINED_LINES) {
      i += 1;
      logical += `\n${lines[i]!}`;
    }
    if (logical.trim() !== '') result.push({ line: start + 1, text: logical });
    const heredoc = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(logical);
    if (heredoc !== null) {
      const delimiter = heredoc[3]!;
      const stripTabs = heredoc[1] === '-';
      while (i + 1 < lines.length && (stripTabs ? lines[i + 1]!.replace(/^\t+/, '') : lines[i + 1]!).trimEnd() !== delimiter) i += 1;
      i += 1;
    }
  }
  return result;
}

/** How a script invokes another script: `./start.sh`, `bash -e scripts/x.sh a b`, `. ./env.sh`. */
export interface ScriptInvocation {
  path: string;
  args: string[];
}

/**
 * The script an argv runs, or null when it runs a program. A bare name counts only when it
 * ends in `.sh`; anything else without a slash is a program looked up on PATH.
 */
export function scriptInvocation(argv: readonly string[]): ScriptInvocation | null {
  const [program, ...rest] = argv;
  if (program === undefined) return null;
  if (isShell(program) || program === '.' || program === 'source') {
    let i = 0;
    while (i < rest.length && /^[-+]/.test(rest[i]!)) {
      // `sh -c "…"` is a command string, opened up elsewhere; `-o name` takes a value.
      if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(rest[i]!)) return null;
      i += rest[i] === '-o' || rest[i] === '+o' ? 2 : 1;
    }
    const path = rest[i];
    return path === undefined ? null : { path, args: rest.slice(i + 1) };
  }
  if (program.endsWith('.sh') || program.includes('/')) return { path: program, args: rest };
  return null;
}

interface Branch {
  /** Whether the current branch runs: known true or false, or null when it cannot be told. */
  active: boolean | null;
  /** An earlier branch of this `if` is known to run, so later ones do not. */
  taken: boolean;
  /** Every branch so far is known not to run, so an `else` does. */
  allFalse: boolean;
}

/**
 * Applies the reserved words at the front of a simple command to `branches` and returns the
 * words left to run, or null when none are: conditions and loop headers are not processes.
 */
function openStructure(raw: readonly string[], branches: Branch[], args: readonly string[] | null): string[] | null {
  let words = [...raw];
  for (;;) {
    const head = words[0];
    if (head === undefined) return null;
    if (head === 'if') {
      const result = testResult(words.slice(1), args);
      branches.push({ active: result, taken: result === true, allFalse: result === false });
      return null;
    }
    const top = branches.at(-1);
    if (head === 'elif') {
      if (top !== undefined) {
        const result = top.taken ? false : testResult(words.slice(1), args);
        top.active = result;
        top.taken ||= result === true;
        top.allFalse &&= result === false;
      }
      return null;
    }
    if (head === 'else') {
      if (top !== undefined) top.active = top.taken ? false : top.allFalse ? true : null;
      words = words.slice(1);
    } else if (head === 'fi') {
      branches.pop();
      words = words.slice(1);
    } else if (['then', 'do', 'done', 'esac', '{', '}', '!', ';;'].includes(head) || /^[^()$]*\)$/.test(head)) {
      // `worker)` is a case pattern; what follows it is the command.
      words = words.slice(1);
    } else if (['while', 'until', 'for', 'case', 'select', 'function'].includes(head) || /^[A-Za-z_][\w-]*\(\)$/.test(head)) {
      return null;
    } else {
      return words;
    }
  }
}

/** The result of `[ "$1" = word ]`, `[[ ${1} == word ]]` or `test "$1" != word`; null for any other condition. */
function testResult(condition: readonly string[], args: readonly string[] | null): boolean | null {
  if (args === null) return null;
  let inner: readonly string[];
  if (condition[0] === '[' && condition.at(-1) === ']') inner = condition.slice(1, -1);
  else if (condition[0] === '[[' && condition.at(-1) === ']]') inner = condition.slice(1, -1);
  else if (condition[0] === 'test') inner = condition.slice(1);
  else return null;
  if (inner.length !== 3) return null;
  const [left, op, right] = inner as [string, string, string];
  if (!POSITIONAL.test(left) && !POSITIONAL.test(right)) return null;
  const l = fillPositional(left, args);
  const r = fillPositional(right, args);
  // Other variables are unknown, and `[[ x == w* ]]` is a pattern match.
  if (l.includes('$') || r.includes('$') || (condition[0] === '[[' && /[*?[]/.test(r))) return null;
  if (op === '=' || op === '==') return l === r;
  if (op === '!=') return l !== r;
  return null;
}

const POSITIONAL = /\$([1-9])|\$\{([1-9])(?::?-([^}]*))?\}/;

/** `$1`, `${1}` and `${1:-default}` filled in from `args` (a missing argument is empty, as in sh). */
function fillPositional(word: string, args: readonly string[]): string {
  return word.replace(new RegExp(POSITIONAL.source, 'g'), (_all, bare?: string, braced?: string, fallback?: string) => {
    const value = args[Number(bare ?? braced) - 1] ?? '';
    return value === '' && fallback !== undefined ? fallback : value;
  });
}

/** `NAME=value …` alone, or after `export`/`readonly`/`local`/`declare`: the assignments it makes; null for a command. */
function declarationOf(words: readonly string[]): string[] | null {
  const isAssignment = (w: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*=/s.test(w);
  if (['export', 'readonly', 'local', 'declare', 'typeset'].includes(words[0]!)) return words.slice(1).filter(isAssignment);
  return words.every(isAssignment) ? [...words] : null;
}

/** Records an assignment's value when it can be known; otherwise forgets the variable, since the script changed it. */
function assign(vars: Record<string, string>, assignment: string, args: readonly string[] | null): void {
  const eq = assignment.indexOf('=');
  const name = assignment.slice(0, eq);
  const written = assignment.slice(eq + 1);
  if (MENTIONS_SCRIPT_DIR.test(written)) {
    vars[name] = SCRIPT_DIR;
    return;
  }
  const value = substituteDefaults(substituteEnv(args === null ? written : fillPositional(written, args), vars));
  if (value === null) delete vars[name];
  else vars[name] = value;
}

/** Words with `"$@"` expanded to the arguments and known variables filled in. */
function expandWords(words: readonly string[], vars: Record<string, string>, args: readonly string[] | null): string[] {
  return words.flatMap((word) => {
    if (args !== null && ['$@', '$*', '${@}', '${*}'].includes(word)) return [...args];
    return [substituteEnv(args === null ? word : fillPositional(word, args), vars)];
  });
}
