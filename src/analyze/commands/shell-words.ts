/**
 * Splits command lines the way POSIX sh does, without running a shell: quotes and escapes
 * are removed, variables are left as text (`$PORT`, `${PORT:-8000}`) so callers can see both
 * the name and any default, and `sh -c "…"` wrappers and `&&` chains become separate commands.
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
 */

export type ShellToken = { kind: 'word'; text: string } | { kind: 'operator'; text: string };

/** Operators that end a simple command. */
const SEPARATORS = new Set(['&&', '||', ';', '|', '&', '\n']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

/**
 * Tokens of a command line, or null when a quote or substitution is left open (sh would
 * refuse the line too). Redirections are dropped along with their targets: they never
 * change what program runs.
 */
export function tokenizeShell(line: string): ShellToken[] | null {
  const tokens: ShellToken[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const endWord = (): void => {
    if (inWord) tokens.push({ kind: 'word', text: word });
    word = '';
    inWord = false;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) return null;
      // A backslash before a newline joins lines; before anything else it quotes one character.
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
      i += 2;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const end = readDoubleQuoted(line, i + 1);
      if (end === null) return null;
      word += end.text;
      inWord = true;
      i = end.next;
    } else if (c === '$' && (line[i + 1] === '{' || line[i + 1] === '(')) {
      const end = closingOf(line, i + 1);
      if (end < 0) return null;
      word += line.slice(i, end + 1);
      inWord = true;
      i = end + 1;
    } else if (c === '#' && !inWord) {
      const end = line.indexOf('\n', i);
      i = end < 0 ? line.length : end;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i += 1;
    } else if (!inWord && /^\d*[<>]/.test(line.slice(i, i + 4))) {
      // `> log`, `2>&1`, `>>out`: skip the operator and, unless it duplicates a descriptor, its target.
      const match = /^\d*(>>|>&|<&|>|<)(\d+|-)?/.exec(line.slice(i))!;
      i += match[0].length;
      if (match[2] === undefined) {
        while (line[i] === ' ' || line[i] === '\t') i += 1;
        const consumed = consumedLength(line.slice(i));
        if (consumed === null) return null;
        i += consumed;
      }
    } else if (c === '&' || c === '|' || c === ';' || c === '\n') {
      endWord();
      const two = line.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : c;
      tokens.push({ kind: 'operator', text: op });
      i += op.length;
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  endWord();
  return tokens;
}

/** Length of the first word of `text` as the tokenizer reads it (quotes included). */
function consumedLength(text: string): number | null {
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|') break;
    if (c === '\\') i += 2;
    else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return null;
      i = end + 1;
    } else if (c === '"') {
      const end = readDoubleQuoted(text, i + 1);
      if (end === null) return null;
      i = end.next;
    } else i += 1;
  }
  return i;
}

/** Inside double quotes a backslash only escapes `$`, `` ` ``, `"`, `\` and newline. */
function readDoubleQuoted(line: string, start: number): { text: string; next: number } | null {
  let text = '';
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"') return { text, next: i + 1 };
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) return null;
      if (next === '\n') {
        i += 2;
        continue;
      }
      text += '$`"\\'.includes(next) ? next : `\\${next}`;
      i += 2;
    } else if (c === '$' && (line[i + 1] === '{' || line[i + 1] === '(')) {
      const end = closingOf(line, i + 1);
      if (end < 0) return null;
      text += line.slice(i, end + 1);
      i = end + 1;
    } else {
      text += c;
      i += 1;
    }
  }
  return null;
}

/** Index of the bracket closing the one at `open` (`{` or `(`), or -1. */
function closingOf(line: string, open: number): number {
  const opener = line[open];
  const closer = opener === '{' ? '}' : ')';
  let depth = 0;
  for (let i = open; i < line.length; i += 1) {
    if (line[i] === opener) depth += 1;
    else if (line[i] === closer) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The words of one command line, or null when quoting is unbalanced. Operators end the list. */
export function splitShellWords(line: string): string[] | null {
  const tokens = tokenizeShell(line);
  if (tokens === null) return null;
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'operator') break;
    words.push(token.text);
  }
  return words;
}

/**
 * Every simple command a shell line runs, in order: `a && b; c | d` gives four, and
 * `sh -c "x && y"` is opened up into `x` and `y`. Null when quoting is unbalanced.
 */
export function splitShellCommands(line: string): string[][] | null {
  const tokens = tokenizeShell(line);
  if (tokens === null) return null;
  const commands: string[][] = [];
  let current: string[] = [];
  const flush = (): boolean => {
    if (current.length > 0) {
      const unwrapped = unwrapShellCommand(current);
      if (unwrapped === null) return false;
      commands.push(...unwrapped);
    }
    current = [];
    return true;
  };
  for (const token of tokens) {
    if (token.kind === 'operator' && SEPARATORS.has(token.text)) {
      if (!flush()) return null;
    } else {
      current.push(token.text);
    }
  }
  if (!flush()) return null;
  return commands;
}

/**
 * Opens `sh -c "script"` (also `bash -ec`, `/bin/sh -c`) into the commands of its script;
 * any other argv is returned as the single command it is. Null when the script's quoting is unbalanced.
 */
export function unwrapShellCommand(argv: readonly string[]): string[][] | null {
  const script = shellScriptOf(argv);
  return script === null ? [[...argv]] : splitShellCommands(script);
}

/** The script of an `sh -c` invocation, or null when argv is not one. */
export function shellScriptOf(argv: readonly string[]): string | null {
  const program = basename(argv[0] ?? '');
  if (!SHELLS.has(program)) return null;
  let hasC = false;
  for (let i = 1; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '-o' || arg === '+o') {
      i += 1;
    } else if (/^[-+][a-zA-Z]+$/.test(arg)) {
      if (arg.startsWith('-') && arg.includes('c')) hasC = true;
    } else {
      return hasC ? arg : null;
    }
  }
  return null;
}

/** Whether a program is a POSIX-style shell (`sh`, `bash`, `/bin/dash`). */
export function isShell(program: string): boolean {
  return SHELLS.has(basename(program));
}

export function basename(program: string): string {
  const slash = program.lastIndexOf('/');
  return slash < 0 ? program : program.slice(slash + 1);
}

/** Replaces `$NAME`, `${NAME}` and `${NAME:-x}` with values from `env`; other variables stay as text. */
export function substituteEnv(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:]?[-=][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, braced?: string, bare?: string) => {
    const value = env[braced ?? bare!];
    return value === undefined ? all : value;
  });
}

/** Names of variables a word refers to: `$PORT`, `${PORT:-8000}` both give `PORT`. */
export function variablesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    names.push(match[1] ?? match[2]!);
  }
  return names;
}

/**
 * The text with every `${NAME:-default}` (or `-`, `:=`, `=`) replaced by its default, or
 * null when some variable has no default written down and so cannot be known statically.
 */
export function substituteDefaults(text: string): string | null {
  let unresolved = false;
  const replaced = text
    .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^}]*)\}/g, (_all, fallback: string) => fallback)
    .replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\([^)]*\)/g, (all) => {
      unresolved = true;
      return all;
    });
  return unresolved ? null : replaced;
}
