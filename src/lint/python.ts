// gunicorn reads GUNICORN_CMD_ARGS below the command line: https://docs.gunicorn.org/en/stable/settings.html
import { parseServerCommand, type ServerCommand } from '../analyze/commands/server-command.ts';
import { basename, shellScriptOf, splitShellWords, substituteDefaults, unwrapShellCommand } from '../analyze/commands/shell-words.ts';
import { asArray } from './object.ts';
import type { Path } from './types.ts';
import { commandOf, envEntry, envOf, type ContainerRef, type Workload } from './workload.ts';

/*
 * What a container runs, read with the same parsers `detect` uses for Dockerfiles and
 * Procfiles, and where its options are written, so findings point at the word to change and
 * fixes can rewrite exactly that word. Shared by the Python-server and Celery rules.
 */

export interface ContainerProgram {
  command: ServerCommand;
  /** Whether the server is started through `sh -c` (so the shell, not the server, may be PID 1). */
  viaShell: boolean;
}

/** Commands that run once before the server in a script: `migrate && exec gunicorn …`. */
const ONE_OFF = new Set(['django-migrate', 'alembic', 'flask-db-upgrade']);

/**
 * Every Python rule asks for each container, so the command is read once per container; and
 * the containers of a run often share one (a template repeated per app, copies in several
 * overlays), so it is parsed once per distinct argv. The results are shared: never mutate them.
 */
const programs = new WeakMap<ContainerRef, ContainerProgram | null>();
const byArgv = new Map<string, ContainerProgram | null>();
/** Bounds the memory a long-lived process (an editor, the test runner) keeps for commands it saw. */
const MAX_REMEMBERED = 10_000;

/**
 * The Python server, worker or tool a container runs, or null when the manifest does not say
 * (the image's CMD decides). Launchers (`uv run`, `tini --`) are peeled off and `sh -c "…"` is
 * opened up; in a script, steps that run once before the long-running program
 * (`python manage.py migrate && exec gunicorn …`) are skipped, so this is the server or worker
 * the container keeps running (or the step itself when nothing else is recognised).
 */
export function programOf(ref: ContainerRef): ContainerProgram | null {
  let program = programs.get(ref);
  if (program === undefined) {
    program = programOfArgv(commandOf(ref), envOf(ref)['GUNICORN_CMD_ARGS']);
    programs.set(ref, program);
  }
  return program;
}

/** What an argv runs; besides the argv, the parse reads only GUNICORN_CMD_ARGS. */
function programOfArgv(argv: readonly string[] | null, gunicornCmdArgs: string | undefined): ContainerProgram | null {
  if (argv === null) return null;
  const key = `${argv.join('\u0000')}\u0001${gunicornCmdArgs === undefined ? '-' : `+${gunicornCmdArgs}`}`;
  let program = byArgv.get(key);
  if (program === undefined) {
    program = computeProgram(argv, gunicornCmdArgs);
    if (byArgv.size >= MAX_REMEMBERED) byArgv.clear();
    byArgv.set(key, program);
  }
  return program;
}

function computeProgram(argv: readonly string[], gunicornCmdArgs: string | undefined): ContainerProgram | null {
  const commands = unwrapShellCommand(argv);
  if (commands === null) return null;
  const viaShell = commands.length !== 1 || commands[0]!.join('\0') !== argv.join('\0');
  const first = firstRecognised(commands);
  if (first === null) return null;
  if (viaShell && ONE_OFF.has(first.program)) {
    // The server is the last recognised command that is not a one-off step; each command is
    // read as if it were the container's own argv (an inner `sh -c` is opened up again).
    for (let i = commands.length - 1; i >= 0; i -= 1) {
      const inner = unwrapShellCommand(commands[i]!);
      const command = inner === null ? null : firstRecognised(inner);
      if (command !== null && !ONE_OFF.has(command.program)) return { command: withEnvArgs(command, gunicornCmdArgs), viaShell: true };
    }
  }
  return { command: withEnvArgs(first, gunicornCmdArgs), viaShell };
}

/** Whether a command is a step that runs once before the server (a migration): it belongs in a Job or an init container. */
export function isOneOffStep(words: readonly string[]): boolean {
  const commands = unwrapShellCommand(words);
  const command = commands === null ? null : firstRecognised(commands);
  return command !== null && ONE_OFF.has(command.program);
}

function firstRecognised(commands: readonly string[][]): ServerCommand | null {
  for (const words of commands) {
    if (words.length === 0) continue;
    const command = parseServerCommand(words);
    if (command !== null) return command;
  }
  return null;
}

/** gunicorn options from GUNICORN_CMD_ARGS, under the ones on the command line. */
function withEnvArgs(command: ServerCommand, extra: string | undefined): ServerCommand {
  if (command.program !== 'gunicorn' || extra === undefined) return command;
  const words = splitShellWords(extra);
  const fromEnv = words === null ? null : parseServerCommand(['gunicorn', ...words]);
  if (fromEnv === null) return command;
  const merged: ServerCommand = { ...fromEnv, ...command, options: { ...fromEnv.options, ...command.options } };
  for (const key of ['host', 'port', 'portVariable', 'socket', 'config'] as const) {
    if (command[key] === undefined && fromEnv[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = fromEnv[key];
  }
  return merged;
}

/** Celery beat must be a singleton (no-celery-beat-replicas), so availability rules leave it alone. */
export function runsCeleryBeat(workload: Workload): boolean {
  return workload.containers.some((ref) => {
    const command = programOf(ref)?.command;
    return command?.program === 'celery-beat' || command?.embeddedBeat === true;
  });
}

/**
 * Path of the first `command`/`args` item that is `needle`, else of the first one containing it
 * (a value inside `--name=value`, a word inside an `sh -c` script); the whole list when none
 * does. For an option's value or a literal word. The program and its subcommand are found by
 * the parser instead (`programPath`, `subcommandPath`): `worker` is also in `-A shop.worker`,
 * and in `celery -A worker worker` the first exact `worker` is the app.
 */
export function argvPath(ref: ContainerRef, needle: string): Path {
  const items = argvItems(ref);
  const hit = items.find((item) => item.text === needle) ?? items.find((item) => item.text.includes(needle));
  return hit?.path ?? wholeArgvPath(ref);
}

function wholeArgvPath(ref: ContainerRef): Path {
  return [...ref.path, Array.isArray(ref.container['args']) ? 'args' : 'command'];
}

interface ArgvPositions {
  /** Index in `commandOf(ref)` of the program's word, or of the `sh -c` script holding it. */
  program: number;
  /** Index of the subcommand's (first) word; the program's index when there is none or it is in a script. */
  subcommand: number;
}

const positions = new WeakMap<ContainerRef, ArgvPositions | null>();

/** Where the program `programOf` found is written in the container's argv. */
function positionsOf(ref: ContainerRef): ArgvPositions | null {
  let found = positions.get(ref);
  if (found === undefined) {
    found = computePositions(ref);
    positions.set(ref, found);
  }
  return found;
}

function computePositions(ref: ContainerRef): ArgvPositions | null {
  const argv = commandOf(ref);
  const program = programOf(ref);
  if (argv === null || program === null) return null;
  if (program.viaShell) {
    // The words are inside the script: its item is the closest a path gets.
    const script = shellScriptOf(argv);
    const index = script === null ? -1 : argv.indexOf(script, 1);
    return index < 0 ? null : { program: index, subcommand: index };
  }
  // The parser drops launchers (`uv run`, `tini --`) and assignments from the front, and the
  // interpreter's own options (`python -u manage.py`): what follows the program word is a suffix of the argv.
  const parsed = program.command.argv;
  const tailStart = argv.length - (parsed.length - 1);
  let programIndex = tailStart - 1;
  const name = basename(parsed[0] ?? '');
  for (let i = tailStart - 1; i >= 0; i -= 1) {
    if (basename(argv[i]!) === name) {
      programIndex = i;
      break;
    }
  }
  if (programIndex < 0) return null;
  const subcommand = program.command.subcommand?.split(' ')[0];
  if (subcommand === undefined) return { program: programIndex, subcommand: programIndex };
  // The subcommand is the occurrence the parser reads as one: replaced by a word it does not
  // know, the parse changes (an option's value equal to it, `-A worker`, leaves it unchanged).
  for (let j = 1; j < parsed.length; j += 1) {
    if (parsed[j] !== subcommand) continue;
    const probe = [...parsed];
    probe[j] = '\u0000';
    if (parseServerCommand(probe)?.subcommand !== program.command.subcommand) return { program: programIndex, subcommand: tailStart + j - 1 };
  }
  return { program: programIndex, subcommand: programIndex };
}

/** The `command`/`args` item at an index of `commandOf(ref)`. */
function itemPath(ref: ContainerRef, index: number): Path {
  const command = asArray(ref.container['command']).filter((w) => typeof w === 'string').length;
  const list = index < command ? 'command' : 'args';
  const items = asArray(ref.container[list]);
  // commandOf skips non-string items: count string items to find the list index.
  let seen = list === 'command' ? 0 : command;
  for (const [i, item] of items.entries()) {
    if (typeof item !== 'string') continue;
    if (seen === index) return [...ref.path, list, i];
    seen += 1;
  }
  return wholeArgvPath(ref);
}

/**
 * Where the program `programOf` reads is written: its word in `command`/`args` (`celery` of
 * `uv run celery …`), or the `sh -c` script item that holds it; the whole list when unknown.
 */
export function programPath(ref: ContainerRef): Path {
  const found = positionsOf(ref);
  return found === null ? wholeArgvPath(ref) : itemPath(ref, found.program);
}

/**
 * Where the subcommand the parser read is written (`worker` of `celery -A shop.worker worker`,
 * `migrate` of `python manage.py migrate`), or `programPath` when there is none or it is
 * inside a script.
 */
export function subcommandPath(ref: ContainerRef): Path {
  const found = positionsOf(ref);
  return found === null ? wholeArgvPath(ref) : itemPath(ref, found.subcommand);
}

/** An option written in a container's plain `command`/`args` lists (not inside `sh -c`). */
export interface OptionHit {
  /** Path of the list item holding the value. */
  path: Path;
  value: string;
  /** The item's text with the value replaced. */
  withValue(value: string): string;
}

interface Item {
  path: Path;
  text: string;
}

/** The string items of `command` and `args`, with their paths. */
export function argvItems(ref: ContainerRef): Item[] {
  const items: Item[] = [];
  for (const list of ['command', 'args'] as const) {
    for (const [index, item] of asArray(ref.container[list]).entries()) {
      if (typeof item === 'string') items.push({ path: [...ref.path, list, index], text: item });
    }
  }
  return items;
}

/** Whether the container's argv is an `sh -c "…"` script, whose words are not list items. */
export function runsShellScript(ref: ContainerRef): boolean {
  const argv = commandOf(ref);
  return argv !== null && shellScriptOf(argv) !== null;
}

/**
 * The last place an option is written as plain list items: `--name value`, `--name=value`,
 * `-x value` or `-xvalue`. Null when absent or when the command is a shell script.
 */
export function findOption(ref: ContainerRef, long: readonly string[], short: readonly string[] = []): OptionHit | null {
  if (runsShellScript(ref)) return null;
  const items = argvItems(ref);
  let hit: OptionHit | null = null;
  for (let i = 0; i < items.length; i += 1) {
    const { text, path } = items[i]!;
    const next = items[i + 1];
    for (const name of long) {
      if (text === `--${name}` && next !== undefined) hit = { path: next.path, value: next.text, withValue: (v) => v };
      else if (text.startsWith(`--${name}=`)) hit = { path, value: text.slice(name.length + 3), withValue: (v) => `--${name}=${v}` };
    }
    for (const letter of short) {
      if (text === `-${letter}` && next !== undefined) hit = { path: next.path, value: next.text, withValue: (v) => v };
      else if (text.length > 2 && text.startsWith(`-${letter}`) && !text.startsWith('--')) {
        const attached = text.slice(2);
        const value = attached.startsWith('=') ? attached.slice(1) : attached;
        hit = { path, value, withValue: (v) => `-${letter}${attached.startsWith('=') ? '=' : ''}${v}` };
      }
    }
  }
  return hit;
}

/** Where the argv can take extra words at its end (the last plain list), or null when it is a shell script. */
export function appendPath(ref: ContainerRef): Path | null {
  if (runsShellScript(ref) || commandOf(ref) === null) return null;
  return [...ref.path, Array.isArray(ref.container['args']) ? 'args' : 'command'];
}

/** How many processes a container's Python server or worker runs, and where that is decided. */
export interface Processes {
  /** What runs: `gunicorn`, `uvicorn`, `Celery worker`, or the image's command. */
  server: string;
  /** Processes that serve requests or run tasks. */
  count: number;
  /** How the count is set: `--workers 4`, `WEB_CONCURRENCY=4`, `the default`. */
  via: string;
  /** Where the count is written, or the program's word when it is a default. */
  path: Path;
  /** Whether a supervising process (gunicorn master, uvicorn supervisor, Celery main) runs beside them. */
  master: boolean;
}

/** Kubernetes expands `$(NAME)` in command and args from the container's env before anything runs. */
export function expandKubeVars(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, name: string) => env[name] ?? all);
}

function count(text: string | undefined, env: Readonly<Record<string, string>>): number | undefined {
  if (text === undefined) return undefined;
  const resolved = substituteDefaults(expandKubeVars(text.trim(), env));
  if (resolved === null || !/^\d+$/.test(resolved)) return undefined;
  const n = Number(resolved);
  return n > 0 ? n : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const processCache = new WeakMap<ContainerRef, Processes | null>();

/**
 * The process count of a container's server or worker, or null when the manifest does not
 * say (a config file, a value from a ConfigMap, or Celery's node-CPU default decides).
 */
export function processesOf(ref: ContainerRef): Processes | null {
  let processes = processCache.get(ref);
  if (processes === undefined) {
    processes = computeProcesses(ref);
    processCache.set(ref, processes);
  }
  return processes;
}

function computeProcesses(ref: ContainerRef): Processes | null {
  const env = envOf(ref);
  const program = programOf(ref)?.command;
  const fromFlag = (server: string, long: string, short: string[], n: number): { path: Path; via: string } => {
    const hit = findOption(ref, [long], short);
    if (hit !== null) return { path: hit.path, via: `--${long} ${hit.value}` };
    const cmdArgs = envEntry(ref, 'GUNICORN_CMD_ARGS');
    if (server === 'gunicorn' && cmdArgs?.value !== undefined && /(^|\s)(-w|--workers)/.test(cmdArgs.value)) return { path: cmdArgs.path, via: `--${long} ${n} in GUNICORN_CMD_ARGS` };
    return { path: programPath(ref), via: `--${long} ${n}` };
  };
  const webConcurrency = (server: string, master: (n: number) => boolean, fallback: number | null): Processes | null => {
    const entry = envEntry(ref, 'WEB_CONCURRENCY');
    if (entry !== null) {
      const n = count(entry.value, env);
      return n === undefined ? null : { server, count: n, via: `WEB_CONCURRENCY=${n}`, path: entry.path, master: master(n) };
    }
    return fallback === null ? null : { server, count: fallback, via: 'the default', path: programPath(ref), master: master(fallback) };
  };
  if (program === undefined) {
    // No command: the image decides, and WEB_CONCURRENCY is the worker count gunicorn and uvicorn read by convention.
    if (commandOf(ref) !== null) return null;
    return webConcurrency('the image’s server', () => true, null);
  }
  const { options } = program;
  switch (program.program) {
    case 'gunicorn': {
      const n = count(str(options['workers']), env);
      if (n !== undefined) return { server: 'gunicorn', count: n, master: true, ...fromFlag('gunicorn', 'workers', ['w'], n) };
      if (options['workers'] !== undefined || program.config !== undefined) return null;
      return webConcurrency('gunicorn', () => true, 1);
    }
    case 'uvicorn':
    case 'fastapi': {
      const n = count(str(options['workers']), env);
      if (n !== undefined) return { server: program.program, count: n, master: n > 1, ...fromFlag(program.program, 'workers', [], n) };
      if (options['workers'] !== undefined) return null;
      return webConcurrency(program.program, (k) => k > 1, 1);
    }
    case 'hypercorn':
    case 'granian': {
      const n = count(str(options['workers']), env);
      if (n !== undefined) return { server: program.program, count: n, master: n > 1, ...fromFlag(program.program, 'workers', program.program === 'hypercorn' ? ['w'] : [], n) };
      if (options['workers'] !== undefined || program.config !== undefined) return null;
      return { server: program.program, count: 1, via: 'the default', path: programPath(ref), master: false };
    }
    case 'uwsgi': {
      const n = count(str(options['processes']) ?? str(options['workers']), env);
      if (n !== undefined) return { server: 'uWSGI', count: n, master: options['master'] !== undefined, ...fromFlag('uwsgi', 'processes', ['p'], n) };
      return null;
    }
    case 'celery-worker': {
      const pool = str(options['pool']) ?? 'prefork';
      // Thread and greenlet pools run every task in one process.
      if (pool !== 'prefork' && pool !== 'processes') return { server: 'Celery worker', count: 1, via: `--pool ${pool}`, path: findOption(ref, ['pool'], ['P'])?.path ?? programPath(ref), master: false };
      const autoscale = str(options['autoscale']);
      if (autoscale !== undefined) {
        const n = count(autoscale.split(',')[0], env);
        const hit = findOption(ref, ['autoscale']);
        return n === undefined ? null : { server: 'Celery worker', count: n, via: `--autoscale ${autoscale}`, path: hit?.path ?? programPath(ref), master: true };
      }
      const n = count(str(options['concurrency']), env);
      if (n === undefined) return null;
      const hit = findOption(ref, ['concurrency'], ['c']);
      return { server: 'Celery worker', count: n, via: `--concurrency ${n}`, path: hit?.path ?? programPath(ref), master: true };
    }
    case 'dramatiq': {
      const n = count(str(options['processes']), env);
      if (n === undefined) return null;
      const hit = findOption(ref, ['processes'], ['p']);
      return { server: 'dramatiq', count: n, via: `--processes ${n}`, path: hit?.path ?? programPath(ref), master: true };
    }
    default:
      return null;
  }
}
