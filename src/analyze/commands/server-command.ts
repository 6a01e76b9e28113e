import type { AppInterface, Server } from '../../model/facts.ts';
import { basename, substituteDefaults, variablesIn } from './shell-words.ts';

/**
 * Reads an argv (already split, see `shell-words.ts`) and says what it runs: which server
 * with which app target and bind, which Celery worker with which queues, which migration.
 * Options follow each tool's documented CLI; launchers such as `uv run` or
 * `opentelemetry-instrument` are peeled off first.
 * @see https://docs.gunicorn.org/en/stable/settings.html
 * @see https://www.uvicorn.org/settings/
 * @see https://docs.celeryq.dev/en/stable/reference/cli.html
 */

export type CommandProgram =
  | Server
  | 'fastapi'
  | 'flask'
  | 'django-runserver'
  | 'celery-worker'
  | 'celery-beat'
  | 'alembic'
  | 'django-migrate'
  | 'flask-db-upgrade'
  | 'rq-worker'
  | 'dramatiq'
  | 'arq'
  | 'saq'
  | 'huey'
  | 'python-script'
  | 'python-module';

export type OptionValue = string | true;

export interface ServerCommand {
  program: CommandProgram;
  /** The argv that remains after launchers and `NAME=value` assignments are removed. */
  argv: string[];
  /** Launchers that were removed, outermost first: `uv run`, `opentelemetry-instrument`. */
  launchers: string[];
  /** `NAME=value` assignments written before the command. */
  env: Record<string, string>;
  /** What the server imports: `pkg.main:app`, `pkg:create_app()`, `pkg.wsgi`. */
  target?: string;
  /** A file the server is given instead of a module (`fastapi run app/main.py`, `uwsgi --wsgi-file`). */
  targetFile?: string;
  /** The app object's name inside `targetFile`, when the command names it. */
  targetName?: string;
  factory?: boolean;
  host?: string;
  port?: number;
  /** The variable a port is read from when no default is written (`PORT` for `--port $PORT`). */
  portVariable?: string;
  /** A Unix socket or file descriptor the server listens on instead of a TCP port. */
  socket?: string;
  interface?: AppInterface;
  /** Directory the server changes to before importing (`--chdir`, `--app-dir`, `--workdir`). */
  workdir?: string;
  /** Server configuration file (`-c gunicorn.conf.py`, `uwsgi.ini`). */
  config?: string;
  /** The sub-command of multi-command tools (`upgrade` for alembic, `worker` for celery). */
  subcommand?: string;
  /** `celery -A <app>`. */
  celeryApp?: string;
  /** Worker queues (`celery -Q a,b`, `rq worker high default`, `dramatiq -Q x`). */
  queues?: string[];
  /** `celery worker -B`: beat runs inside the worker. */
  embeddedBeat?: boolean;
  /** The script of `python path.py` or the module of `python -m module`. */
  script?: string;
  /** Every option as written, keyed by its long name without dashes; last one wins. */
  options: Record<string, OptionValue>;
}

interface OptionSpec {
  /** Options that take a value, short (`b`) and long (`bind`) names without dashes. */
  valued: readonly string[];
  /** Short name → long name. */
  aliases?: Record<string, string>;
  /** When set, unknown `--long` options take the next argument unless it starts with `-` (uWSGI accepts any option name). */
  valuedByDefault?: readonly string[];
}

interface ParsedArgs {
  options: Record<string, OptionValue>;
  /** All values of repeatable options, in order. */
  all: Record<string, string[]>;
  positionals: string[];
}

function parseArgs(args: readonly string[], spec: OptionSpec): ParsedArgs {
  const options: Record<string, OptionValue> = {};
  const all: Record<string, string[]> = {};
  const positionals: string[] = [];
  const valued = new Set(spec.valued);
  const canonical = (name: string): string => spec.aliases?.[name] ?? name;
  const set = (name: string, value: OptionValue): void => {
    const key = canonical(name);
    options[key] = value;
    if (value !== true) (all[key] ??= []).push(value);
  };
  const takesValue = (name: string, next: string | undefined): boolean => {
    if (valued.has(name) || valued.has(canonical(name))) return true;
    if (spec.valuedByDefault === undefined || spec.valuedByDefault.includes(name)) return false;
    return next !== undefined && !next.startsWith('-');
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        set(arg.slice(2, eq), arg.slice(eq + 1));
      } else {
        const name = arg.slice(2);
        const next = args[i + 1];
        if (takesValue(name, next) && next !== undefined) {
          set(name, next);
          i += 1;
        } else {
          set(name, true);
        }
      }
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      // Short options bundle (`-BE`) and take attached values (`-w4`, `-b0.0.0.0:80`).
      const letters = arg.slice(1);
      for (let j = 0; j < letters.length; j += 1) {
        const letter = letters[j]!;
        if (valued.has(letter)) {
          const attached = letters.slice(j + 1).replace(/^=/, '');
          if (attached !== '') set(letter, attached);
          else if (args[i + 1] !== undefined) {
            set(letter, args[i + 1]!);
            i += 1;
          }
          break;
        }
        set(letter, true);
      }
    } else {
      positionals.push(arg);
    }
  }
  return { options, all, positionals };
}

export interface Bind {
  host?: string;
  port?: number;
  portVariable?: string;
  socket?: string;
}

/**
 * Reads `host:port`, `[::]:8000`, `:8000`, `*:8080`, `8000`, `unix:/run/app.sock` and
 * `0.0.0.0:${PORT:-8000}`. An empty host or `*` means every interface.
 */
export function parseBind(text: string): Bind {
  if (text.startsWith('unix:') || text.startsWith('fd://') || text.startsWith('/')) return { socket: text };
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed !== null) {
    host = bracketed[1]!;
    portText = bracketed[2] ?? '';
  } else {
    const colon = text.lastIndexOf(':');
    // `${PORT:-8000}` holds a colon of its own; only split outside braces.
    const braceOpen = text.lastIndexOf('${', colon);
    const insideBraces = braceOpen >= 0 && text.indexOf('}', braceOpen) > colon;
    const split = insideBraces ? text.lastIndexOf(':', braceOpen) : colon;
    if (split < 0) {
      if (/^\d+$/.test(text) || text.startsWith('$')) {
        host = '';
        portText = text;
      } else {
        return text === '' ? {} : { host: text };
      }
    } else {
      host = text.slice(0, split);
      portText = text.slice(split + 1);
    }
  }
  const bind: Bind = {};
  if (host === '' || host === '*') {
    if (bracketed === null && text.includes(':')) bind.host = '0.0.0.0';
  } else {
    bind.host = substituteDefaults(host) ?? host;
  }
  Object.assign(bind, parsePort(portText));
  return bind;
}

/** A port number, or the variable it comes from when no default is written. */
export function parsePort(text: string): Pick<Bind, 'port' | 'portVariable'> {
  const resolved = substituteDefaults(text);
  if (resolved !== null && /^\d{1,5}$/.test(resolved)) {
    const port = Number(resolved);
    if (port > 0 && port < 65536) return { port };
    return {};
  }
  const variable = variablesIn(text)[0];
  return variable === undefined ? {} : { portVariable: variable };
}

const PYTHON = /^python(\d(\.\d+)?)?$/;
const PYTHON_VALUED = ['X', 'W', 'Q'];

/** Launchers and their option specs: everything up to the wrapped command is dropped. */
const LAUNCHERS: Record<string, { words: number; spec: OptionSpec }> = {
  'uv run': { words: 2, spec: { valued: ['with', 'with-editable', 'with-requirements', 'project', 'directory', 'python', 'p', 'package', 'extra', 'group', 'no-group', 'only-group', 'env-file', 'index', 'default-index', 'index-url', 'extra-index-url', 'python-preference', 'cache-dir', 'config-file'] } },
  uvx: { words: 1, spec: { valued: ['with', 'from', 'python', 'p', 'index', 'index-url'] } },
  'poetry run': { words: 2, spec: { valued: ['directory', 'C', 'project', 'P'] } },
  'pipenv run': { words: 2, spec: { valued: [] } },
  'pdm run': { words: 2, spec: { valued: ['project', 'p', 'venv'] } },
  'rye run': { words: 2, spec: { valued: ['pyproject'] } },
  'newrelic-admin run-program': { words: 2, spec: { valued: [] } },
  'ddtrace-run': { words: 1, spec: { valued: [] } },
  exec: { words: 1, spec: { valued: ['a'] } },
  tini: { words: 1, spec: { valued: ['p', 'e'] } },
  'dumb-init': { words: 1, spec: { valued: ['r', 'rewrite'] } },
  env: { words: 1, spec: { valued: ['u', 'unset', 'C', 'chdir'] } },
};

/**
 * Removes launchers, `NAME=value` assignments and `python -m` from the front of an argv.
 * Returns the argv of the program that actually runs.
 */
export function stripLaunchers(argv: readonly string[]): { argv: string[]; launchers: string[]; env: Record<string, string> } {
  let rest = [...argv];
  const launchers: string[] = [];
  const env: Record<string, string> = {};
  for (;;) {
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(rest[0] ?? '');
    if (assignment !== null) {
      env[assignment[1]!] = assignment[2]!;
      rest = rest.slice(1);
      continue;
    }
    const head = basename(rest[0] ?? '');
    const two = `${head} ${rest[1] ?? ''}`;
    const name = LAUNCHERS[two] !== undefined ? two : LAUNCHERS[head] !== undefined ? head : null;
    if (name !== null) {
      const { words, spec } = LAUNCHERS[name]!;
      rest = afterOptions(rest.slice(words), spec);
      launchers.push(name);
      continue;
    }
    if (head === 'opentelemetry-instrument') {
      // Every opentelemetry-instrument option takes a value (`--traces_exporter otlp`).
      let i = 1;
      while (i < rest.length && rest[i]!.startsWith('--')) i += rest[i]!.includes('=') || rest[i] === '--' ? 1 : 2;
      rest = rest.slice(i);
      launchers.push(head);
      continue;
    }
    if (head === 'newrelic-admin' && rest[1] === 'run-python') {
      rest = ['python', ...rest.slice(2)];
      launchers.push('newrelic-admin run-python');
      continue;
    }
    if (PYTHON.test(head)) {
      const after = afterOptions(rest.slice(1), { valued: [...PYTHON_VALUED, 'm'] }, true);
      if (after[0] === '-m' && after[1] !== undefined) {
        launchers.push(`${head} -m`);
        rest = [after[1], ...after.slice(2)];
        continue;
      }
      rest = [rest[0]!, ...after];
    }
    return { argv: rest, launchers, env };
  }
}

/** The arguments after a launcher's own options; with `keepModule`, stops at `-m` so the module can be read. */
function afterOptions(args: string[], spec: OptionSpec, keepModule = false): string[] {
  const valued = new Set(spec.valued);
  let i = 0;
  while (i < args.length) {
    const arg = args[i]!;
    if (arg === '--') return args.slice(i + 1);
    if (!arg.startsWith('-') || arg === '-') break;
    if (keepModule && arg === '-m') break;
    const name = arg.replace(/^--?/, '');
    i += !arg.includes('=') && valued.has(name) ? 2 : 1;
  }
  return args.slice(i);
}

/** What an argv runs, or null when it is not a server, worker or migration py2kube knows. */
export function parseServerCommand(argv: readonly string[]): ServerCommand | null {
  const stripped = stripLaunchers(argv);
  const program = basename(stripped.argv[0] ?? '');
  const args = stripped.argv.slice(1);
  const base = { argv: stripped.argv, launchers: stripped.launchers, env: stripped.env };
  const parsed = parseProgram(program, args, stripped.env);
  if (parsed !== null) return { ...base, ...parsed };
  // `python -m app.worker`: not a tool py2kube knows, but still the process's entry module.
  if (stripped.launchers.at(-1)?.endsWith(' -m') === true && /^[A-Za-z_][\w.]*$/.test(program)) {
    return { ...base, program: 'python-module', script: program, options: {} };
  }
  return null;
}

type Parsed = Omit<ServerCommand, 'argv' | 'launchers' | 'env'>;

function parseProgram(program: string, args: string[], env: Record<string, string>): Parsed | null {
  switch (program) {
    case 'gunicorn':
      return gunicorn(args);
    case 'uvicorn':
      return uvicorn(args);
    case 'granian':
      return granian(args);
    case 'hypercorn':
      return hypercorn(args);
    case 'daphne':
      return daphne(args);
    case 'uwsgi':
    case 'pyuwsgi':
      return uwsgi(args);
    case 'waitress-serve':
    case 'waitress':
      return waitress(args);
    case 'fastapi':
      return fastapi(args);
    case 'flask':
      return flask(args, env);
    case 'celery':
      return celery(args);
    case 'alembic':
      return alembic(args);
    case 'django-admin':
    case 'manage.py':
      return django(args);
    case 'rq':
    case 'rqworker':
      return rq(program === 'rqworker' ? ['worker', ...args] : args);
    case 'dramatiq':
      return moduleWorker('dramatiq', args, { valued: ['p', 'processes', 't', 'threads', 'Q', 'queues', 'path', 'pid-file', 'log-file', 'watch', 'worker-shutdown-timeout', 'f', 'fork-function'], aliases: { p: 'processes', t: 'threads', Q: 'queues' } });
    case 'arq':
      return moduleWorker('arq', args, { valued: ['watch', 'custom-log-dict'] });
    case 'saq':
      return moduleWorker('saq', args, { valued: ['workers', 'port', 'web-port'] });
    case 'huey_consumer':
    case 'huey_consumer.py':
      return moduleWorker('huey', args, { valued: ['w', 'workers', 'k', 'worker-type', 'l', 'logfile', 'd', 'delay', 'm', 'max-delay', 'b', 'backoff', 's', 'scheduler-interval'], aliases: { w: 'workers', k: 'worker-type' } });
    default:
      if (PYTHON.test(program)) return python(args);
      return null;
  }
}

function python(args: string[]): Parsed | null {
  const script = args[0];
  if (script === undefined) return null;
  if (basename(script) === 'manage.py') return django(args.slice(1));
  if (script.endsWith('.py')) return { program: 'python-script', script, options: {} };
  return null;
}

function firstBind(values: string[] | undefined): Partial<Parsed> {
  // gunicorn and hypercorn accept several binds; the first TCP one is the container port.
  const binds = (values ?? []).map(parseBind);
  const tcp = binds.find((b) => b.port !== undefined || b.portVariable !== undefined) ?? binds[0];
  return tcp === undefined ? {} : { ...tcp };
}

function withTarget(target: string | undefined): Partial<Parsed> {
  if (target === undefined) return {};
  return target.endsWith(')') ? { target, factory: true } : { target };
}

function str(value: OptionValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function gunicorn(args: string[]): Parsed {
  const { options, all, positionals } = parseArgs(args, {
    valued: ['b', 'bind', 'w', 'workers', 'k', 'worker-class', 'c', 'config', 'chdir', 't', 'timeout', 'graceful-timeout', 'threads', 'keep-alive', 'max-requests', 'max-requests-jitter', 'log-level', 'access-logfile', 'error-logfile', 'log-file', 'worker-tmp-dir', 'forwarded-allow-ips', 'e', 'env', 'pythonpath', 'n', 'name', 'p', 'pid', 'u', 'user', 'g', 'group', 'backlog', 'worker-connections', 'limit-request-line', 'limit-request-fields', 'limit-request-field_size', 'log-config', 'statsd-host', 'm', 'umask', 'access-logformat', 'paste', 'certfile', 'keyfile', 'proxy-allow-from', 'logger-class', 'asgi-loop', 'asgi-lifespan', 'wsgi-app'],
    aliases: { b: 'bind', w: 'workers', k: 'worker-class', c: 'config', t: 'timeout', e: 'env', n: 'name', p: 'pid', u: 'user', g: 'group', m: 'umask' },
  });
  const workerClass = str(options['worker-class']);
  const parsed: Parsed = {
    program: 'gunicorn',
    options,
    ...withTarget(positionals[0] ?? str(options['wsgi-app'])),
    ...firstBind(all['bind']),
  };
  if (workerClass !== undefined) parsed.interface = /uvicorn|asgi/i.test(workerClass) ? 'asgi' : 'wsgi';
  else parsed.interface = 'wsgi';
  const chdir = str(options['chdir']);
  if (chdir !== undefined) parsed.workdir = chdir;
  const config = str(options['config']);
  if (config !== undefined) parsed.config = config;
  return parsed;
}

function uvicorn(args: string[]): Parsed {
  const { options, positionals } = parseArgs(args, {
    valued: ['host', 'port', 'uds', 'fd', 'app-dir', 'workers', 'log-level', 'root-path', 'forwarded-allow-ips', 'timeout-keep-alive', 'timeout-graceful-shutdown', 'timeout-worker-healthcheck', 'limit-concurrency', 'limit-max-requests', 'limit-max-requests-jitter', 'backlog', 'env-file', 'log-config', 'ws', 'http', 'loop', 'interface', 'lifespan', 'reload-dir', 'reload-include', 'reload-exclude', 'reload-delay', 'ssl-keyfile', 'ssl-certfile', 'ssl-keyfile-password', 'ssl-version', 'ssl-cert-reqs', 'ssl-ca-certs', 'ssl-ciphers', 'header', 'h11-max-incomplete-event-size', 'ws-max-size', 'ws-max-queue', 'ws-ping-interval', 'ws-ping-timeout', 'ws-per-message-deflate'],
  });
  const parsed: Parsed = { program: 'uvicorn', options, ...withTarget(positionals[0]) };
  parsed.interface = options['interface'] === 'wsgi' ? 'wsgi' : 'asgi';
  if (options['factory'] === true) parsed.factory = true;
  hostPort(parsed, options['host'], options['port']);
  const socket = str(options['uds']) ?? str(options['fd']);
  if (socket !== undefined) parsed.socket = socket;
  const appDir = str(options['app-dir']);
  if (appDir !== undefined) parsed.workdir = appDir;
  return parsed;
}

function hostPort(parsed: Parsed, host: OptionValue | undefined, port: OptionValue | undefined): void {
  if (typeof host === 'string') parsed.host = host;
  if (typeof port === 'string') Object.assign(parsed, parsePort(port));
}

function granian(args: string[]): Parsed {
  const { options, positionals } = parseArgs(args, {
    valued: ['interface', 'host', 'port', 'uds', 'workers', 'blocking-threads', 'runtime-threads', 'runtime-mode', 'loop', 'task-impl', 'http', 'backlog', 'backpressure', 'log-level', 'log-config', 'ssl-keyfile', 'ssl-certificate', 'ssl-keyfile-password', 'url-path-prefix', 'respawn-interval', 'workers-lifetime', 'workers-kill-timeout', 'workers-graceful-timeout', 'reload-paths', 'reload-ignore-dirs', 'reload-ignore-patterns', 'pid-file', 'working-dir', 'static-path-route', 'static-path-mount', 'threading-mode', 'threads', 'workers-max-rss', 'env-files'],
  });
  const parsed: Parsed = { program: 'granian', options, ...withTarget(positionals[0]) };
  // Granian's own default interface is RSGI, which is neither of the two py2kube models.
  const iface = str(options['interface']);
  if (iface === 'asgi' || iface === 'asginl') parsed.interface = 'asgi';
  else if (iface === 'wsgi') parsed.interface = 'wsgi';
  if (options['factory'] === true) parsed.factory = true;
  hostPort(parsed, options['host'], options['port']);
  const socket = str(options['uds']);
  if (socket !== undefined) parsed.socket = socket;
  const workdir = str(options['working-dir']);
  if (workdir !== undefined) parsed.workdir = workdir;
  return parsed;
}

function hypercorn(args: string[]): Parsed {
  const { options, all, positionals } = parseArgs(args, {
    valued: ['b', 'bind', 'insecure-bind', 'quic-bind', 'w', 'workers', 'k', 'worker-class', 'c', 'config', 'root-path', 'keep-alive', 'graceful-timeout', 'log-level', 'access-logfile', 'error-logfile', 'log-config', 'access-logformat', 'certfile', 'keyfile', 'keyfile-password', 'ca-certs', 'ciphers', 'backlog', 'max-requests', 'max-requests-jitter', 'p', 'pid', 'u', 'user', 'g', 'group', 'm', 'umask', 'read-timeout', 'server-name', 'websocket-ping-interval', 'statsd-host', 'statsd-prefix', 'verify-mode'],
    aliases: { b: 'bind', w: 'workers', k: 'worker-class', c: 'config', p: 'pid', u: 'user', g: 'group', m: 'umask' },
  });
  const parsed: Parsed = { program: 'hypercorn', options, ...withTarget(positionals[0]), ...firstBind(all['bind'] ?? all['insecure-bind']) };
  const config = str(options['config']);
  if (config !== undefined) parsed.config = config.replace(/^file:/, '');
  return parsed;
}

function daphne(args: string[]): Parsed {
  const { options, positionals } = parseArgs(args, {
    valued: ['p', 'port', 'b', 'bind', 'u', 'unix-socket', 'fd', 'e', 'endpoint', 'v', 'verbosity', 't', 'http-timeout', 'websocket_timeout', 'websocket_connect_timeout', 'access-log', 'log-fmt', 'ping-interval', 'ping-timeout', 'application-close-timeout', 'root-path', 'proxy-headers-host', 'proxy-headers-port', 'server-name'],
    aliases: { p: 'port', b: 'bind', u: 'unix-socket', e: 'endpoint', v: 'verbosity', t: 'http-timeout' },
  });
  const parsed: Parsed = { program: 'daphne', options, interface: 'asgi', ...withTarget(positionals[0]) };
  hostPort(parsed, options['bind'], options['port']);
  const socket = str(options['unix-socket']) ?? str(options['fd']);
  if (socket !== undefined) parsed.socket = socket;
  const endpoint = str(options['endpoint']);
  // Twisted endpoint strings: `tcp:port=8000:interface=0.0.0.0`.
  if (endpoint !== undefined && endpoint.startsWith('tcp:')) {
    const port = /(?:^tcp:|:port=)(\d+)/.exec(endpoint)?.[1];
    const host = /:interface=([^:]+)/.exec(endpoint)?.[1];
    if (port !== undefined && parsed.port === undefined) parsed.port = Number(port);
    if (host !== undefined && parsed.host === undefined) parsed.host = host;
  }
  return parsed;
}

/** uWSGI flags that take no value; every other option does. */
const UWSGI_FLAGS = ['master', 'enable-threads', 'die-on-term', 'vacuum', 'lazy-apps', 'lazy', 'need-app', 'strict', 'single-interpreter', 'harakiri-verbose', 'no-orphans', 'thunder-lock', 'disable-logging', 'log-4xx', 'log-5xx', 'memory-report', 'auto-procname', 'honour-stdin', 'py-tracebacker', 'no-default-app', 'catch-exceptions', 'log-master', 'http-keepalive', 'so-keepalive', 'reload-on-exception', 'processes-dynamic'];

function uwsgi(args: string[]): Parsed {
  const { options, positionals } = parseArgs(args, {
    valued: ['w', 'module', 'wsgi', 's', 'socket', 'p', 'processes', 'b', 'buffer-size', 'H', 'home', 'virtualenv', 'http', 'http-socket', 'uwsgi-socket', 'ini', 'chdir', 'callable', 'wsgi-file', 'file', 'threads', 'harakiri', 'max-requests', 'env', 'static-map', 'mount', 'pidfile', 'logto', 'uid', 'gid', 'chmod-socket'],
    aliases: { w: 'module', wsgi: 'module', s: 'socket', p: 'processes', b: 'buffer-size', H: 'home', M: 'master', T: 'enable-threads', file: 'wsgi-file' },
    valuedByDefault: UWSGI_FLAGS,
  });
  const parsed: Parsed = { program: 'uwsgi', options, interface: 'wsgi' };
  const module = str(options['module']);
  const callable = str(options['callable']);
  if (module !== undefined) parsed.target = callable !== undefined && !module.includes(':') ? `${module}:${callable}` : module;
  const file = str(options['wsgi-file']);
  if (file !== undefined) {
    parsed.targetFile = file;
    if (callable !== undefined) parsed.targetName = callable;
  }
  // A plain `--socket` speaks HTTP when `--protocol http` says so.
  const speaksHttp = /^http(11)?$/i.test(str(options['protocol']) ?? '');
  const http = str(options['http']) ?? str(options['http-socket']) ?? (speaksHttp ? str(options['socket']) : undefined);
  if (http !== undefined) Object.assign(parsed, parseBind(http));
  const config = str(options['ini']) ?? positionals.find((p) => p.endsWith('.ini'));
  if (config !== undefined) parsed.config = config;
  const chdir = str(options['chdir']);
  if (chdir !== undefined) parsed.workdir = chdir;
  return parsed;
}

function waitress(args: string[]): Parsed {
  const { options, all, positionals } = parseArgs(args, {
    valued: ['listen', 'host', 'port', 'unix-socket', 'unix-socket-perms', 'threads', 'url-scheme', 'url-prefix', 'ident', 'backlog', 'recv-bytes', 'send-bytes', 'outbuf-overflow', 'outbuf-high-watermark', 'inbuf-overflow', 'connection-limit', 'cleanup-interval', 'channel-timeout', 'max-request-header-size', 'max-request-body-size', 'asyncore-loop-timeout', 'trusted-proxy', 'trusted-proxy-count', 'trusted-proxy-headers', 'app'],
  });
  const parsed: Parsed = { program: 'waitress', options, interface: 'wsgi', ...withTarget(positionals[0] ?? str(options['app'])) };
  if (options['call'] === true) parsed.factory = true;
  Object.assign(parsed, firstBind(all['listen']));
  hostPort(parsed, options['host'], options['port']);
  const socket = str(options['unix-socket']);
  if (socket !== undefined) parsed.socket = socket;
  return parsed;
}

function fastapi(args: string[]): Parsed | null {
  const { options, positionals } = parseArgs(args, {
    valued: ['host', 'port', 'app', 'entrypoint', 'e', 'workers', 'root-path', 'forwarded-allow-ips'],
    aliases: { e: 'entrypoint' },
  });
  const [subcommand, path] = positionals;
  if (subcommand !== 'run' && subcommand !== 'dev') return null;
  const parsed: Parsed = { program: 'fastapi', subcommand, options, interface: 'asgi' };
  const entrypoint = str(options['entrypoint']);
  if (entrypoint !== undefined) parsed.target = entrypoint;
  else if (path !== undefined) {
    parsed.targetFile = path;
    const app = str(options['app']);
    if (app !== undefined) parsed.targetName = app;
  }
  // `fastapi run` listens on every interface unless told otherwise; `fastapi dev` on localhost.
  parsed.host = str(options['host']) ?? (subcommand === 'run' ? '0.0.0.0' : '127.0.0.1');
  hostPort(parsed, undefined, options['port']);
  return parsed;
}

function flask(args: string[], env: Record<string, string>): Parsed | null {
  const { options, positionals } = parseArgs(args, {
    valued: ['A', 'app', 'e', 'env-file', 'h', 'host', 'p', 'port', 'cert', 'key', 'extra-files', 'exclude-patterns', 'directory', 'd'],
    aliases: { A: 'app', e: 'env-file', h: 'host', p: 'port', d: 'directory' },
  });
  const app = str(options['app']) ?? env['FLASK_APP'];
  const target: Partial<Parsed> = app === undefined ? {} : app.endsWith('.py') ? { targetFile: app } : withTarget(app);
  if (positionals[0] === 'run') {
    const parsed: Parsed = { program: 'flask', subcommand: 'run', options, interface: 'wsgi', ...target };
    hostPort(parsed, options['host'], options['port']);
    return parsed;
  }
  if (positionals[0] === 'db' && positionals[1] === 'upgrade') {
    return { program: 'flask-db-upgrade', subcommand: 'db upgrade', options, ...target };
  }
  return null;
}

function django(args: string[]): Parsed | null {
  const { options, positionals } = parseArgs(args, { valued: ['settings', 'pythonpath', 'database', 'verbosity', 'v', 'plan'], aliases: { v: 'verbosity' } });
  const [subcommand, addrport] = positionals;
  if (subcommand === 'migrate') return { program: 'django-migrate', subcommand, options };
  if (subcommand === 'runserver') {
    const parsed: Parsed = { program: 'django-runserver', subcommand, options, interface: 'wsgi' };
    if (addrport !== undefined) {
      const bind = parseBind(addrport);
      // Django reads `0:8000` as 0.0.0.0.
      if (bind.host === '0') bind.host = '0.0.0.0';
      Object.assign(parsed, bind);
    }
    return parsed;
  }
  return null;
}

function celery(args: string[]): Parsed | null {
  const { options, positionals } = parseArgs(args, {
    valued: ['A', 'app', 'b', 'broker', 'result-backend', 'loader', 'config', 'workdir', 'Q', 'queues', 'c', 'concurrency', 'l', 'loglevel', 'P', 'pool', 'n', 'hostname', 'autoscale', 'max-tasks-per-child', 'max-memory-per-child', 'prefetch-multiplier', 'X', 'exclude-queues', 'pidfile', 'f', 'logfile', 's', 'schedule', 'schedule-filename', 'S', 'scheduler', 'time-limit', 'soft-time-limit', 'uid', 'gid', 'umask', 'statedb', 'max-interval', 'executable'],
    aliases: { A: 'app', b: 'broker', Q: 'queues', c: 'concurrency', l: 'loglevel', P: 'pool', n: 'hostname', X: 'exclude-queues', f: 'logfile', s: 'schedule', S: 'scheduler', B: 'beat', E: 'task-events', D: 'detach', O: 'optimization' },
  });
  const subcommand = positionals[0];
  if (subcommand !== 'worker' && subcommand !== 'beat') return null;
  const parsed: Parsed = { program: subcommand === 'worker' ? 'celery-worker' : 'celery-beat', subcommand, options };
  const app = str(options['app']);
  if (app !== undefined) parsed.celeryApp = app;
  const queues = str(options['queues']);
  if (queues !== undefined) parsed.queues = queues.split(',').map((q) => q.trim()).filter((q) => q !== '');
  if (subcommand === 'worker' && options['beat'] === true) parsed.embeddedBeat = true;
  const workdir = str(options['workdir']);
  if (workdir !== undefined) parsed.workdir = workdir;
  return parsed;
}

function alembic(args: string[]): Parsed | null {
  const { options, positionals } = parseArgs(args, { valued: ['c', 'config', 'n', 'name', 'x'], aliases: { c: 'config', n: 'name' } });
  const subcommand = positionals[0];
  if (subcommand === undefined) return null;
  const parsed: Parsed = { program: 'alembic', subcommand, options };
  const config = str(options['config']);
  if (config !== undefined) parsed.config = config;
  return parsed;
}

function rq(args: string[]): Parsed | null {
  const { options, positionals } = parseArgs(args, {
    valued: ['u', 'url', 'c', 'config', 'w', 'worker-class', 'j', 'job-class', 'n', 'name', 'num-workers', 'results-ttl', 'worker-ttl', 'job-monitoring-interval', 'logging_level', 'log-format', 'date-format', 'path', 'P', 'serializer', 'S', 'queue-class', 'connection-class', 'pid', 'max-jobs', 'max-idle-time', 'maintenance-interval', 'dequeue-strategy'],
    aliases: { u: 'url', c: 'config', w: 'worker-class', j: 'job-class', n: 'name', P: 'path', S: 'serializer' },
  });
  const [subcommand, ...queues] = positionals;
  if (subcommand !== 'worker' && subcommand !== 'worker-pool') return null;
  const parsed: Parsed = { program: 'rq-worker', subcommand, options };
  if (queues.length > 0) parsed.queues = queues;
  return parsed;
}

function moduleWorker(program: 'dramatiq' | 'arq' | 'saq' | 'huey', args: string[], spec: OptionSpec): Parsed {
  const { options, all, positionals } = parseArgs(args, spec);
  const parsed: Parsed = { program, options, ...withTarget(positionals[0]) };
  const queues = all['queues'];
  if (queues !== undefined) parsed.queues = queues;
  return parsed;
}
