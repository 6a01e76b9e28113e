import type { Fact, Server, Source, WorkerSystem } from '../../model/facts.ts';
import { moduleOf } from '../modules.ts';
import { joinRel, type Project } from '../project.ts';
import { parseServerCommand, type CommandProgram, type ServerCommand } from './server-command.ts';
import { shellScriptOf, splitShellCommands, tokenizeShell, unwrapShellCommand } from './shell-words.ts';

/**
 * Turns a command found in a Procfile, Dockerfile or compose file into facts: the `command`
 * itself plus what it means (server, app target, bind, Celery, migrations). Shared so that
 * the three sources read commands identically.
 */

export interface CommandContext {
  project: Project;
  source: Source;
  /** Where the command was written, for `why` sentences: `Procfile:1`. */
  where: string;
  /** The directory the command runs from, relative to the analysed directory. */
  workdir: string;
}

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
export function readShellCommand(line: string, env: Record<string, string> = {}, shell: readonly string[] = ['/bin/sh', '-c']): ReadCommand | null {
  const tokens = tokenizeShell(line);
  const simple = splitShellCommands(substituteEnv(line, env));
  if (simple === null || tokens === null) return null;
  // A line with operators or variables needs a shell to run as written.
  const needsShell = tokens.some((t) => t.kind === 'operator') || line.includes('$') || line.includes('`');
  const argv = needsShell ? [...shell, line.trim()] : tokens.map((t) => t.text);
  return { argv, simple, parsed: simple.map(parseServerCommand) };
}

/** Reads an exec-form argv (`["sh", "-c", "…"]` is opened up); null when an inner script's quoting is unbalanced. */
export function readArgvCommand(argv: string[], env: Record<string, string> = {}): ReadCommand | null {
  const script = shellScriptOf(argv);
  const simple = script === null ? unwrapShellCommand(argv) : splitShellCommands(substituteEnv(script, env));
  if (simple === null) return null;
  return { argv, simple, parsed: simple.map(parseServerCommand) };
}

/** Replaces `$NAME`, `${NAME}` and `${NAME:-x}` with values from `env`; other variables stay as text. */
export function substituteEnv(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:]?[-=][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, braced?: string, bare?: string) => {
    const value = env[braced ?? bare!];
    return value === undefined ? all : value;
  });
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
 * The process name a command suggests when its source does not name one (a Dockerfile's CMD):
 * `web` for servers, `worker`/`beat` for workers, `release` for migrations only, and `main`
 * for anything else (a script may be a batch job or a self-serving app; resolve decides).
 */
export function defaultProcessName(command: ReadCommand): string {
  const programs = command.parsed.map((p) => p?.program);
  if (programs.includes('celery-beat')) return programs.some((p) => p !== undefined && SERVERS[p] !== undefined) ? 'web' : 'beat';
  if (programs.some((p) => p !== undefined && SERVERS[p] !== undefined)) return 'web';
  if (programs.some((p) => p !== undefined && WORKERS[p] !== undefined)) return 'worker';
  if (programs.length > 0 && programs.every((p) => p === 'alembic' || p === 'django-migrate' || p === 'flask-db-upgrade')) return 'release';
  if (programs.some((p) => p === 'flask' || p === 'django-runserver')) return 'web';
  return 'main';
}

/** The `command` fact plus the facts each simple command implies. */
export function toCommandFacts(command: ReadCommand, process: string, context: CommandContext): Fact[] {
  const { source, where } = context;
  const facts: Fact[] = [{ kind: 'command', process, argv: command.argv, source, why: `${where} declares the "${process}" process command` }];
  command.parsed.forEach((parsed, index) => {
    if (parsed !== null) facts.push(...meaningOf(parsed, command.simple[index]!, context));
  });
  return facts;
}

function meaningOf(command: ServerCommand, written: string[], context: CommandContext): Fact[] {
  const { source, where } = context;
  const facts: Fact[] = [];
  const name = programLabel(command);
  const server = SERVERS[command.program];
  if (server !== undefined) facts.push({ kind: 'server', value: server, source, why: `${where} runs ${name}` });

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
      why: `${where} runs ${name} with the app "${target.written}"`,
    });
  }
  if (command.port !== undefined) {
    facts.push({ kind: 'port', value: command.port, source, why: `${where} runs ${name} on port ${command.port}` });
  }
  if (command.host !== undefined) {
    const stated = command.program === 'fastapi' && command.options['host'] === undefined ? ` (the default of "fastapi ${command.subcommand ?? 'run'}")` : '';
    facts.push({ kind: 'bind-host', value: command.host, source, why: `${where} runs ${name} bound to ${command.host}${stated}` });
  }

  const worker = WORKERS[command.program];
  if (worker !== undefined) facts.push({ kind: 'worker-system', value: worker, source, why: `${where} runs ${name}` });
  if (command.celeryApp !== undefined) {
    facts.push({ kind: 'celery-app', value: command.celeryApp, workdir, source, why: `${where} runs celery -A ${command.celeryApp}` });
  }
  if (command.program === 'celery-worker') {
    for (const queue of command.queues ?? []) facts.push({ kind: 'celery-queue', value: queue, source, why: `${where} runs a Celery worker consuming the "${queue}" queue` });
  }
  if (command.program === 'celery-beat' || command.embeddedBeat === true) {
    facts.push({ kind: 'celery-beat', source, why: command.embeddedBeat === true ? `${where} runs a Celery worker with -B, which embeds the beat scheduler` : `${where} runs celery beat` });
  }

  if (command.program === 'alembic' && command.subcommand === 'upgrade') {
    facts.push({ kind: 'migrations', tool: 'alembic', command: written, workdir, source, why: `${where} runs alembic upgrade` });
  } else if (command.program === 'django-migrate') {
    facts.push({ kind: 'migrations', tool: 'django', command: written, workdir, source, why: `${where} runs Django's migrate command` });
  } else if (command.program === 'flask-db-upgrade') {
    facts.push({ kind: 'migrations', tool: 'flask-migrate', command: written, workdir, source, why: `${where} runs flask db upgrade (Flask-Migrate)` });
  }

  if (command.program === 'django-runserver' || command.program === 'flask' || (command.program === 'fastapi' && command.subcommand === 'dev')) {
    facts.push({
      kind: 'problem',
      level: 'warning',
      code: 'W_DEV_SERVER_COMMAND',
      message: `${where} starts a development server ("${written.join(' ')}"), which is not meant for production traffic. Run the app under a production server such as gunicorn or uvicorn instead.`,
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
    // The model writes factories as `module:factory()` whichever flag the server used (`--factory`, `--call`).
    const value = command.factory === true && !command.target.endsWith(')') ? `${command.target}()` : command.target;
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
  const parts = dir.split('/').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i += 1) {
    const candidate = joinRel(context.workdir, parts.slice(i).join('/'));
    if (context.project.files.some((f) => f.startsWith(`${candidate}/`))) return candidate;
  }
  return context.workdir;
}

/** Directories where deployment files live: the repository root and the app root. */
export function deploymentDirs(project: Project): string[] {
  return project.appRoot === '.' ? ['.'] : ['.', project.appRoot];
}

/** A problem for a command whose quoting a shell would reject. */
export function toUnparsableCommand(where: string, source: Source, text: string): Fact {
  return {
    kind: 'problem',
    level: 'warning',
    code: 'W_COMMAND_SYNTAX',
    message: `${where}: the command "${text.trim()}" has an unterminated quote or substitution; it was skipped. Close the quote so a shell can run it.`,
    source,
    why: 'sh would refuse the command line too',
  };
}
