import type { Fact, Server, Source, WorkerSystem } from '../../model/facts.ts';
import { moduleOf } from '../modules.ts';
import { dirOf, joinRel, type Project } from '../project.ts';
import { parseServerCommand, stripLaunchers, type CommandProgram, type ServerCommand } from './server-command.ts';
import { SCRIPT_DIR, scriptCommands, scriptInvocation } from './shell-script.ts';
import { shellScriptOf, splitShellCommands, substituteDefaults, substituteEnv, tokenizeShell, unwrapShellCommand } from './shell-words.ts';

export { substituteEnv } from './shell-words.ts';

/**
 * Turns a command found in a Procfile, Dockerfile or compose file into facts: the `command`
 * itself plus what it means (server, app target, bind, Celery, migrations). Shared so that
 * the three sources read commands identically. A command that runs a shell script kept in
 * the repository (`./start.sh`, `/app/docker/run-server.sh`) is followed into the script,
 * whose lines then give the facts, each with the script's own file and line.
 */

export interface CommandContext {
  project: Project;
  source: Source;
  /** The directory the command runs from, relative to the analysed directory. */
  workdir: string;
  /** Variables the process starts with (a Dockerfile's ENV, a compose service's environment); scripts it runs see them. */
  env?: Readonly<Record<string, string>>;
  /** For a command read from a script: the `file:line` that started the script, for `why` sentences. */
  startedBy?: string;
  /** Scripts being read, outermost first: bounds the depth and stops a script that calls itself. */
  scripts?: readonly string[];
}

/** How deep scripts calling scripts are followed. */
export const MAX_SCRIPT_DEPTH = 3;

export interface ReadCommand {
  /** The argv to run: split words for a plain line, `sh -c` for one that needs a shell. */
  argv: string[];
  /** Every simple command the argv runs, parsed (null for ones py2kube does not know). */
  parsed: Array<ServerCommand | null>;
  /** The simple commands as written (after `sh -c` is opened up). */
  simple: string[][];
}

/**
 * Reads a shell-form command line; null when its quoting is unbalanced. `env` holds variables
 * the process is known to start with (a Dockerfile's ENV): the shell would expand them, so
 * the meaning is read with them filled in while the argv keeps the line as written.
 */
export function readShellCommand(line: string, env: Readonly<Record<string, string>> = {}, shell: readonly string[] = ['/bin/sh', '-c']): ReadCommand | null {
  const tokens = tokenizeShell(line);
  const simple = splitShellCommands(substituteEnv(line, env));
  if (simple === null || tokens === null) return null;
  // A line with operators or variables needs a shell to run as written.
  const needsShell = tokens.some((t) => t.kind === 'operator') || line.includes('$') || line.includes('`');
  const argv = needsShell ? [...shell, line.trim()] : tokens.map((t) => t.text);
  return { argv, simple, parsed: simple.map(parseServerCommand) };
}

/** Reads an exec-form argv (`["sh", "-c", "…"]` is opened up); null when an inner script's quoting is unbalanced. */
export function readArgvCommand(argv: string[], env: Readonly<Record<string, string>> = {}): ReadCommand | null {
  const script = shellScriptOf(argv);
  const simple = script === null ? unwrapShellCommand(argv) : splitShellCommands(substituteEnv(script, env));
  if (simple === null) return null;
  return { argv, simple, parsed: simple.map(parseServerCommand) };
}

const WORKERS: Partial<Record<CommandProgram, WorkerSystem>> = {
  'celery-worker': 'celery',
  'celery-beat': 'celery',
  'rq-worker': 'rq',
  dramatiq: 'dramatiq',
  arq: 'arq',
  saq: 'saq',
  huey: 'huey',
};

const SERVERS: Partial<Record<CommandProgram, Server>> = {
  gunicorn: 'gunicorn',
  uvicorn: 'uvicorn',
  granian: 'granian',
  hypercorn: 'hypercorn',
  daphne: 'daphne',
  uwsgi: 'uwsgi',
  waitress: 'waitress',
  // `fastapi run` is uvicorn underneath.
  fastapi: 'uvicorn',
};

/**
 * One command py2kube understood (or, with `parsed` null, a program it does not know that the
 * process ends in), with the context it was written in: a script line has its own source.
 */
interface Step {
  parsed: ServerCommand | null;
  written: string[];
  context: CommandContext;
}

/**
 * The process name a command suggests when its source does not name one (a Dockerfile's CMD):
 * `web` for servers, `worker`/`beat` for workers, `release` for migrations only, and `main`
 * for anything else (a script may be a batch job or a self-serving app; resolve decides).
 * With a context, scripts the command runs are read too.
 */
export function defaultProcessName(command: ReadCommand, context?: CommandContext): string {
  const programs = context === undefined ? command.parsed.map((p) => p?.program) : stepsOf(command, context).map((s) => s.parsed?.program);
  if (programs.includes('celery-beat')) return programs.some((p) => p !== undefined && SERVERS[p] !== undefined) ? 'web' : 'beat';
  if (programs.some((p) => p !== undefined && SERVERS[p] !== undefined)) return 'web';
  if (programs.some((p) => p !== undefined && WORKERS[p] !== undefined)) return 'worker';
  if (programs.length > 0 && programs.every((p) => p === 'alembic' || p === 'django-migrate' || p === 'flask-db-upgrade')) return 'release';
  if (programs.some((p) => p === 'flask' || p === 'django-runserver')) return 'web';
  return 'main';
}

/** The `command` fact plus the facts each simple command implies. */
export function toCommandFacts(command: ReadCommand, process: string, context: CommandContext): Fact[] {
  return [{ kind: 'command', process, argv: command.argv, source: context.source, why: `declares the "${process}" process command` }, ...commandMeaning(command, context)];
}

/**
 * What a command means without declaring a process of its own: a uWSGI `hook-pre-app` or an
 * entrypoint's migration runs inside another process.
 */
export function commandMeaning(command: ReadCommand, context: CommandContext): Fact[] {
  return stepsOf(command, context).flatMap((step) => (step.parsed === null ? [] : meaningOf(step.parsed, step.written, step.context)));
}

function stepsOf(command: ReadCommand, context: CommandContext): Step[] {
  return command.simple.flatMap((written, index) => {
    const parsed = command.parsed[index] ?? null;
    if (parsed !== null) return [{ parsed, written, context }];
    const script = scriptCallOf(written, context);
    return script === null ? [{ parsed: null, written, context }] : scriptSteps(script, context);
  });
}

interface ScriptCall {
  file: string;
  /** The positional parameters, or null when some are only known at run time. */
  args: string[] | null;
  /** The directory the script runs in. */
  cwd: string;
}

/** The repository script a simple command runs, when it runs one. */
function scriptCallOf(written: readonly string[], context: CommandContext): ScriptCall | null {
  const invocation = scriptInvocation(stripLaunchers(written).argv);
  if (invocation === null) return null;
  const found = findScript(context, invocation.path);
  if (found === null) return null;
  const args = invocation.args.map((a) => substituteDefaults(substituteEnv(a, context.env ?? {})));
  return { ...found, args: args.every((a): a is string => a !== null) ? args : null };
}

/**
 * The steps of a script's lines. Nested scripts are followed up to `MAX_SCRIPT_DEPTH` deep and
 * never into a script already being read. Unknown commands are dropped (`echo`, `set -e`,
 * `pip install`) unless run with `exec`, which makes them the process itself.
 */
function scriptSteps(call: ScriptCall, context: CommandContext): Step[] {
  const chain = context.scripts ?? [];
  if (chain.includes(call.file) || chain.length >= MAX_SCRIPT_DEPTH) return [];
  const text = context.project.read(call.file);
  if (text === null) return [];
  const steps: Step[] = [];
  let cwd = call.cwd;
  for (const command of scriptCommands(text, call.args, context.env ?? {})) {
    if (command.words[0] === 'cd') {
      cwd = changeDirectory(context.project, cwd, call.file, command.words[1]);
      continue;
    }
    const inner: CommandContext = {
      project: context.project,
      source: { file: call.file, line: command.line },
      workdir: cwd,
      env: command.env,
      startedBy: `${context.source.file}:${context.source.line}`,
      scripts: [...chain, call.file],
    };
    const parsed = parseServerCommand(command.words);
    if (parsed !== null) {
      steps.push({ parsed, written: command.words, context: inner });
      continue;
    }
    const nested = scriptCallOf(command.words, inner);
    if (nested !== null) steps.push(...scriptSteps(nested, inner));
    else if (command.exec) steps.push({ parsed: null, written: command.words, context: inner });
  }
  return steps;
}

/**
 * Finds a script by the path a command gives: relative to the command's directory, else by its
 * trailing parts (a container path such as `/app/docker/run-server.sh` is the repository's
 * `docker/run-server.sh`), under the command's directory, the app root or the repository root,
 * else anywhere in the repository when exactly one file has those trailing parts. The script
 * runs where the command runs, except that a relative path found under another folder says
 * that folder is the working directory.
 */
function findScript(context: CommandContext, written: string): { file: string; cwd: string } | null {
  const { project } = context;
  const path = substituteDefaults(substituteEnv(written, context.env ?? {}));
  if (path === null) return null;
  const relative = !path.startsWith('/');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return null;
  if (parts.includes('..')) {
    const file = joinRel(context.workdir, path);
    return relative && isShellScript(project, file) ? { file, cwd: context.workdir } : null;
  }
  const bases = [...new Set([context.workdir, project.appRoot, '.'])];
  for (let i = 0; i < parts.length; i += 1) {
    const suffix = parts.slice(i).join('/');
    const base = bases.find((b) => isShellScript(project, joinRel(b, suffix)));
    const found = base !== undefined ? { file: joinRel(base, suffix), base } : onlyFileEndingWith(project, suffix);
    if (found !== null) return { file: found.file, cwd: relative && i === 0 ? found.base : context.workdir };
  }
  return null;
}

function onlyFileEndingWith(project: Project, suffix: string): { file: string; base: string } | null {
  const matches = project.files.filter((f) => f.endsWith(`/${suffix}`) && isShellScript(project, f));
  return matches.length === 1 ? { file: matches[0]!, base: matches[0]!.slice(0, -(suffix.length + 1)) } : null;
}

/** A `.sh` file, or an extensionless file starting with a shell shebang. */
function isShellScript(project: Project, file: string): boolean {
  if (!project.has(file)) return false;
  if (/\.(sh|bash)$/.test(file)) return true;
  if (/\.[^/]*$/.test(file.slice(file.lastIndexOf('/') + 1))) return false;
  return /^#!\S*\/(env\s+)?(ba|da|a|z)?sh\b/.test(project.read(file) ?? '');
}

/**
 * The working directory after `cd target` in a script at `file`: the script's own folder
 * (`cd "$(dirname "$0")"`) or a relative folder that exists. An absolute target is usually the
 * image's WORKDIR (`cd /app`), whose trailing part may name an unrelated repository folder
 * (`app/`), so it leaves the directory as it was.
 */
function changeDirectory(project: Project, cwd: string, file: string, target: string | undefined): string {
  if (target === undefined || target.startsWith('/') || target.startsWith('~') || target === '-') return cwd;
  if (target.startsWith(SCRIPT_DIR)) return existingDir(project, joinRel(dirOf(file), target.slice(SCRIPT_DIR.length).replace(/^\//, ''))) ?? cwd;
  if (target.includes('$')) return cwd;
  return existingDir(project, joinRel(cwd, target)) ?? cwd;
}

function existingDir(project: Project, dir: string): string | null {
  return dir === '.' || project.files.some((f) => f.startsWith(`${dir}/`)) ? dir : null;
}

/**
 * Repository folders an absolute container path may stand for, most specific first: `/app/src`
 * under each base is `app/src`, then `src`. Images copy the repository to a folder of their
 * own, so the trailing parts are what the two have in common.
 */
export function containerPathCandidates(dir: string, bases: readonly string[]): string[] {
  const parts = dir.split('/').filter((p) => p !== '' && p !== '.');
  const candidates: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    for (const base of bases) candidates.push(joinRel(base, parts.slice(i).join('/')));
  }
  return [...new Set(candidates)];
}

/** The first candidate folder of an absolute container path that exists in the repository. */
function containerDir(project: Project, bases: readonly string[], dir: string): string | null {
  return containerPathCandidates(dir, bases).find((candidate) => existingDir(project, candidate) !== null) ?? null;
}

function meaningOf(command: ServerCommand, written: string[], context: CommandContext): Fact[] {
  const { source } = context;
  // A command read from a script says which command started the script.
  const via = context.startedBy === undefined ? '' : ` (in a script started by ${context.startedBy})`;
  const facts: Fact[] = [];
  const name = programLabel(command);
  const server = SERVERS[command.program];
  if (server !== undefined) facts.push({ kind: 'server', value: server, source, why: `runs ${name}${via}` });

  const workdir = resolveWorkdir(context, command.workdir);
  const target = targetOf(command, workdir, context.project);
  if (target !== null) {
    facts.push({
      kind: 'app-target',
      value: target.value,
      workdir: target.workdir,
      ...(command.interface !== undefined ? { interface: command.interface } : {}),
      origin: 'command',
      source,
      why: `runs ${name} with the app "${target.written}"${via}`,
    });
  }
  if (command.port !== undefined) {
    facts.push({ kind: 'port', value: command.port, source, why: `runs ${name} on port ${command.port}${via}` });
  }
  if (command.host !== undefined) {
    const stated = command.program === 'fastapi' && command.options['host'] === undefined ? ` (the default of "fastapi ${command.subcommand ?? 'run'}")` : '';
    facts.push({ kind: 'bind-host', value: command.host, source, why: `runs ${name} bound to ${command.host}${stated}${via}` });
  }

  const worker = WORKERS[command.program];
  if (worker !== undefined) facts.push({ kind: 'worker-system', value: worker, source, why: `runs ${name}${via}` });
  if (command.celeryApp !== undefined) {
    facts.push({ kind: 'celery-app', value: command.celeryApp, workdir, source, why: `runs celery -A ${command.celeryApp}${via}` });
  }
  if (command.program === 'celery-worker') {
    for (const queue of command.queues ?? []) facts.push({ kind: 'celery-queue', value: queue, source, why: `runs a Celery worker consuming the "${queue}" queue${via}` });
  }
  if (command.program === 'celery-beat' || command.embeddedBeat === true) {
    facts.push({ kind: 'celery-beat', source, why: command.embeddedBeat === true ? `runs a Celery worker with -B, which embeds the beat scheduler${via}` : `runs celery beat${via}` });
  }

  if (command.program === 'alembic' && command.subcommand === 'upgrade') {
    facts.push({ kind: 'migrations', tool: 'alembic', command: written, workdir, source, why: `runs alembic upgrade${via}` });
  } else if (command.program === 'django-migrate') {
    facts.push({ kind: 'migrations', tool: 'django', command: written, workdir, source, why: `runs Django's migrate command${via}` });
  } else if (command.program === 'flask-db-upgrade') {
    facts.push({ kind: 'migrations', tool: 'flask-migrate', command: written, workdir, source, why: `runs flask db upgrade (Flask-Migrate)${via}` });
  }

  if (command.program === 'django-runserver' || command.program === 'flask' || (command.program === 'fastapi' && command.subcommand === 'dev')) {
    facts.push({
      kind: 'problem',
      level: 'warning',
      code: 'W_DEV_SERVER_COMMAND',
      message: `The command "${written.join(' ')}" starts a development server, which is not meant for production traffic. Run the app under a production server such as gunicorn or uvicorn instead.`,
      source,
      why: `${name} is documented as a development server`,
    });
  }
  return facts;
}

function programLabel(command: ServerCommand): string {
  switch (command.program) {
    case 'celery-worker':
      return 'a Celery worker';
    case 'celery-beat':
      return 'celery beat';
    case 'rq-worker':
      return 'an RQ worker';
    case 'dramatiq':
    case 'arq':
    case 'saq':
    case 'huey':
      return `a ${command.program} worker`;
    case 'django-runserver':
      return 'manage.py runserver';
    case 'fastapi':
      return `fastapi ${command.subcommand ?? 'run'}`;
    case 'flask':
      return 'flask run';
    default:
      return command.program;
  }
}

interface Target {
  value: string;
  workdir: string;
  written: string;
}

function targetOf(command: ServerCommand, workdir: string, project: Project): Target | null {
  if (command.target !== undefined) {
    if (WORKERS[command.program] !== undefined || command.program === 'flask-db-upgrade') return null;
    // `"${FLASK_APP}"` names no app until run time; `${APP:-main:app}` names its default.
    const resolved = substituteDefaults(command.target);
    if (resolved === null || resolved === '') return null;
    // The model writes factories as `module:factory()` whichever flag the server used (`--factory`, `--call`).
    const value = command.factory === true && !resolved.endsWith(')') ? `${resolved}()` : resolved;
    return { value, workdir, written: command.target };
  }
  if (command.targetFile === undefined) return null;
  // A file path (`fastapi run app/main.py`) becomes the module a server would import.
  const file = joinRel(workdir, command.targetFile);
  const location = project.has(file) ? moduleOf(project, file) : null;
  if (location === null) return null;
  const name = command.targetName ?? (command.program === 'uwsgi' ? 'application' : 'app');
  return { value: `${location.module}:${name}`, workdir: location.workdir, written: command.targetFile };
}

/**
 * The repository directory a command's `--chdir`/`--app-dir` points at. Absolute paths are
 * container paths (`/app/src`); they are matched against the repository by their trailing parts.
 */
function resolveWorkdir(context: CommandContext, dir: string | undefined): string {
  if (dir === undefined || dir === '.') return context.workdir;
  if (!dir.startsWith('/')) return joinRel(context.workdir, dir);
  return containerDir(context.project, [context.workdir], dir) ?? context.workdir;
}

/** Directories where deployment files live: the repository root and the app root. */
export function deploymentDirs(project: Project): string[] {
  return project.appRoot === '.' ? ['.'] : ['.', project.appRoot];
}

/** A problem for a command whose quoting a shell would reject. */
export function toUnparsableCommand(source: Source, text: string): Fact {
  return {
    kind: 'problem',
    level: 'warning',
    code: 'W_COMMAND_SYNTAX',
    message: `The command "${text.trim()}" has an unterminated quote or substitution; it was skipped. Close the quote so a shell can run it.`,
    source,
    why: 'sh would refuse the command line too',
  };
}
