import { createHash } from 'node:crypto';
import { GENERATE_DEFAULTS as D, RUNTIME_DEFAULTS as R } from '../config/defaults.ts';
import { IMPORTS, LOGGING, SETTINGS, SHUTDOWN } from './templates/core.ts';
import { GUNICORN_CONF } from './templates/gunicorn-conf.ts';
import { METRICS, NO_METRICS } from './templates/metrics.ts';
import { ASGI, WSGI } from './templates/middleware.ts';
import { CHECK_FUNCTIONS, READINESS_ASYNC, READINESS_HEAD, READINESS_SYNC, READINESS_TAIL, type CheckKind } from './templates/readiness.ts';
import { ROUTE_FUNCTIONS, type RouteFamily } from './templates/routes.ts';

/** Everything the companion module is rendered from; decided by plan.ts, rendered here without I/O. */
export interface CompanionSpec {
  /** The app's name, for the startup line. */
  service: string;
  /** The target the module wraps, as the server took it before: `shop.main:app`, `notes:create_app()`. */
  wrapped: string;
  framework: 'fastapi' | 'starlette' | 'litestar' | 'django' | 'flask';
  interface: 'asgi' | 'wsgi';
  /** The lockfile relative to the module's folder (POSIX), or null when the project has none. */
  lockfile: string | null;
  /** The paths the companion serves; null where the app serves its own. */
  liveness: string | null;
  readiness: string | null;
  metrics: string | null;
  checks: ReadinessCheck[];
}

export interface ReadinessCheck {
  /** Name in /readyz's answer and in PY2KUBE_READY_CHECKS. */
  name: string;
  /** Environment variable holding the URL, or null when the check uses the app's own settings. */
  env: string | null;
  kind: CheckKind;
  /** For `tcp` checks: the port when the URL names none. */
  defaultPort?: number;
}

/** A Python string literal (JSON strings are valid Python literals for what is emitted here). */
export function py(value: string): string {
  return JSON.stringify(value);
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`template placeholder ${whole} has no value`);
    return value;
  });
}

function routeFamily(framework: CompanionSpec['framework']): RouteFamily {
  return framework === 'fastapi' ? 'starlette' : framework;
}

/** The name the module exposes: the wrapped target's own attribute, so the server command only changes module. */
export function exposedAttribute(wrapped: string): string {
  const attribute = wrapped.slice(wrapped.indexOf(':') + 1).replace(/\(\)$/, '');
  return attribute.slice(attribute.lastIndexOf('.') + 1);
}

const FIRST_LINE = /^# py2kube-runtime sha256=([0-9a-f]{64})\n/;

/** Prepends the checksum line that lets a later run tell an untouched file from an edited one. */
export function withChecksum(body: string): string {
  const digest = createHash('sha256').update(body).digest('hex');
  return `# py2kube-runtime sha256=${digest}\n${body}`;
}

/** `generated`: ours and unedited (safe to rewrite); `edited`: ours, changed by hand; `foreign`: not ours. */
export function ownership(text: string): 'generated' | 'edited' | 'foreign' {
  const match = FIRST_LINE.exec(text);
  if (match === null) return 'foreign';
  const digest = createHash('sha256').update(text.slice(match[0].length)).digest('hex');
  return digest === match[1] ? 'generated' : 'edited';
}

const NOTICE = '# Written by `py2kube init --runtime`. Edit freely: py2kube rewrites this file only while the\n# checksum above still matches, so your edits are kept (docs/runtime.md).\n';

function docstring(spec: CompanionSpec): string {
  const served: string[] = [];
  if (spec.liveness !== null) served.push(`  ${spec.liveness.padEnd(10)} liveness: this process answers; nothing else is asked`);
  if (spec.readiness !== null) {
    const checks = spec.checks.map((c) => (c.env === null ? `${c.name} (the app's settings)` : `${c.name} (${c.env})`));
    served.push(`  ${spec.readiness.padEnd(10)} readiness: 503 once SIGTERM arrived${checks.length === 0 ? '' : ', else 200 when each check answers within 1 s:'}`);
    if (checks.length > 0) served.push(`             ${checks.join(', ')}`);
  }
  if (spec.metrics !== null) served.push(`  ${spec.metrics.padEnd(10)} Prometheus: requests and durations by route template, requests in flight, process`);
  const kind = spec.interface === 'asgi' ? 'an ASGI' : 'a WSGI';
  const intro = served.length === 0
    ? `Serves the ${frameworkName(spec.framework)} app ${py(spec.wrapped)}, which has its own health and metrics
endpoints, through ${kind} middleware that adds no routes.`
    : `Serves the ${frameworkName(spec.framework)} app ${py(spec.wrapped)} through ${kind} middleware that answers,
before the app sees the request:
${served.join('\n')}`;
  return `"""Runtime companion of ${spec.service}: ${served.length === 0 ? 'JSON logs, request ids and graceful shutdown' : 'health, readiness, metrics, JSON logs and graceful shutdown'}.

${intro}
Every request gets an X-Request-ID (the caller's, or a new one), echoed back and put on every
log line, written as JSON to stdout.

Environment: PY2KUBE_STOP_DELAY (seconds /readyz answers 503 after SIGTERM before the server
stops, default ${R.stopDelaySeconds}), PY2KUBE_READY_CHECKS (check names to run, each optionally
"=VARIABLE" to read its URL from another variable, or "none"),
PY2KUBE_JSON_LOGS=0 (keep the app's log format), APP_VERSION / GIT_SHA (logged at start),
PROMETHEUS_MULTIPROC_DIR. See https://github.com/py2kube/py2kube/blob/main/docs/runtime.md
"""
`;
}

function frameworkName(framework: CompanionSpec['framework']): string {
  return { fastapi: 'FastAPI', starlette: 'Starlette', litestar: 'Litestar', django: 'Django', flask: 'Flask' }[framework];
}

function pathLiteral(path: string | null): string {
  return path === null ? 'None' : py(path);
}

function lockfileExpression(lockfile: string | null): string {
  return lockfile === null ? 'None' : `Path(__file__).resolve().parent / ${py(lockfile)}`;
}

/** The body of `answer()`: one branch per path the companion serves, the last unconditional. */
function answerBody(spec: CompanionSpec, async: boolean): string {
  const branches: Array<{ path: string; lines: string[] }> = [];
  if (spec.liveness !== null) branches.push({ path: 'LIVENESS_PATH', lines: ['return 200, JSON_TYPE, b\'{"status": "ok"}\''] });
  if (spec.readiness !== null) {
    branches.push({ path: 'READINESS_PATH', lines: [`status, report = ${async ? 'await ' : ''}readiness()`, 'return status, JSON_TYPE, json.dumps(report).encode()'] });
  }
  if (spec.metrics !== null) {
    const call = async
      ? ['import asyncio', '', '# Reading many workers\' files is blocking work: keep it off the event loop.', 'body, content_type = await asyncio.get_running_loop().run_in_executor(None, metrics_body, accept)']
      : ['body, content_type = metrics_body(accept)'];
    branches.push({ path: 'METRICS_PATH', lines: [...call, 'return 200, content_type, body'] });
  }
  if (branches.length === 0) return '    raise LookupError(path)  # no paths of its own: never called';
  const out: string[] = [];
  branches.forEach((branch, i) => {
    const last = i === branches.length - 1;
    if (!last) out.push(`    if path == ${branch.path}:`);
    for (const line of branch.lines) out.push(line === '' ? '' : `${last ? '    ' : '        '}${line}`);
  });
  return out.join('\n');
}

function readinessSection(spec: CompanionSpec): string {
  if (spec.readiness === null) return '';
  const functions = spec.checks.map((check) => fill(CHECK_FUNCTIONS[check.kind], {
    NAME: checkFunction(check),
    DEFAULT_PORT: String(check.defaultPort ?? 0),
  }));
  const table = spec.checks.map((check) => `    ${py(check.name)}: (${check.env === null ? 'None' : py(check.env)}, ${checkFunction(check)}),`);
  const libraries = [...new Set(spec.checks.flatMap((check) => CHECK_LIBRARIES[check.kind]))].sort();
  const preload = libraries.length === 0 ? [] : [
    '',
    '# Imported now, at start: a first probe that paid for the import could miss its timeout.',
    `for _library in (${libraries.map(py).join(', ')}${libraries.length === 1 ? ',' : ''}):`,
    '    try:',
    '        importlib.import_module(_library)',
    '    except ImportError:  # the check will say so',
    '        pass',
  ];
  return [
    READINESS_HEAD,
    ...functions.map((f) => `\n${f}`),
    '\n# name → (environment variable holding its URL, or None for the app\'s own settings; the check)',
    `CHECKS: Dict[str, Tuple[Optional[str], Callable[[str], Any]]] = {${table.length === 0 ? '}' : `\n${table.join('\n')}\n}`}`,
    ...preload,
    READINESS_TAIL,
    spec.interface === 'asgi' ? READINESS_ASYNC : READINESS_SYNC,
  ].join('\n');
}

/** The client libraries each kind of check imports. */
const CHECK_LIBRARIES: Record<CheckKind, string[]> = {
  'postgresql-asyncpg': ['asyncpg'],
  'postgresql-psycopg': ['psycopg'],
  'postgresql-psycopg2': ['psycopg2'],
  'django-database': [],
  redis: ['redis'],
  'celery-broker': ['kombu', 'redis'],
  amqp: ['kombu'],
  tcp: [],
};

function checkFunction(check: ReadinessCheck): string {
  return `check_${check.name.replace(/[^A-Za-z0-9]+/g, '_')}`;
}

/** The lines that load the wrapped app and expose it, wrapped, under its own attribute name. */
function tail(spec: CompanionSpec): string {
  const name = exposedAttribute(spec.wrapped);
  const factory = spec.wrapped.endsWith('()');
  const family = routeFamily(spec.framework);
  const metrics = spec.metrics !== null;
  const wrap = (inner: string): string => {
    if (spec.framework === 'flask') return `Companion(${inner}.wsgi_app${metrics ? `, route_of=lambda environ: route_of(${inner}, environ)` : ''})`;
    if (!metrics) return `Companion(${inner})`;
    if (family === 'litestar') return `Companion(${inner}, route_after=route_after)`;
    if (family === 'django') return `Companion(${inner}, route_of=${spec.interface === 'asgi' ? 'route_of_scope' : 'route_of_environ'})`;
    return `Companion(${inner}, route_of=lambda scope: route_of(${inner}, scope))`;
  };
  const lines = ['# --- The app -------------------------------------------------------------------------', ''];
  if (factory) {
    const returns = spec.framework === 'flask' ? 'Any' : 'Companion';
    lines.push(
      '_factory = load(WRAPPED_APP)',
      '',
      '',
      `def ${name}(*args: Any, **kwargs: Any) -> ${returns}:`,
      '    """The app\'s own factory, and the companion around what it returns."""',
      '    inner = _factory(*args, **kwargs)',
      ...(spec.framework === 'flask' ? [`    inner.wsgi_app = ${wrap('inner')}`, '    use_json_logs()', '    return inner'] : ['    use_json_logs()', `    return ${wrap('inner')}`]),
      '',
      '',
    );
  } else if (spec.framework === 'flask') {
    lines.push(`${name} = load(WRAPPED_APP)`, `${name}.wsgi_app = ${wrap(name)}  # Flask's documented place for WSGI middleware`);
  } else {
    lines.push('_app = load(WRAPPED_APP)', `${name} = ${wrap('_app')}`);
  }
  lines.push('use_json_logs()', 'log_startup()', 'install_sigterm_handler()');
  return `${lines.join('\n')}\n`;
}

/** The companion module's full text, checksum line first. */
export function renderCompanion(spec: CompanionSpec): string {
  const sections = [
    NOTICE + docstring(spec),
    IMPORTS,
    fill(SETTINGS, {
      SERVICE: py(spec.service),
      WRAPPED_APP: py(spec.wrapped),
      LOCKFILE: lockfileExpression(spec.lockfile),
      LIVENESS_PATH: pathLiteral(spec.liveness),
      READINESS_PATH: pathLiteral(spec.readiness),
      METRICS_PATH: pathLiteral(spec.metrics),
      STOP_DELAY: String(R.stopDelaySeconds),
    }),
    LOGGING,
    SHUTDOWN,
    spec.metrics === null ? NO_METRICS : METRICS,
    readinessSection(spec),
    spec.metrics === null ? '' : ROUTE_FUNCTIONS[routeFamily(spec.framework)],
    fill(spec.interface === 'asgi' ? ASGI : WSGI, { ANSWER_BODY: answerBody(spec, spec.interface === 'asgi') }),
    tail(spec),
  ].filter((s) => s !== '');
  const body = sections.map((s) => s.replace(/\n+$/, '')).join('\n\n\n');
  return withChecksum(`${body}\n`);
}

export interface GunicornConfSpec {
  service: string;
  port: number;
  /** The lockfile relative to the conf's folder (POSIX), or null. */
  lockfile: string | null;
  workerClass: string | null;
  timeouts: { request: number; graceful: number; keepAlive: number };
  /** Fallback worker count when WEB_CONCURRENCY is unset (the generated Deployment always sets it). */
  workers: number;
}

export function renderGunicornConf(spec: GunicornConfSpec): string {
  const header = `${NOTICE}"""gunicorn settings of ${spec.service}: JSON logs, the startup line, multiprocess metrics hooks.

gunicorn reads ./gunicorn.conf.py from its working directory. Flags on the command line win
over this file, so the generated Deployment's command stays the source of truth in the cluster.
"""
`;
  return withChecksum(fill(GUNICORN_CONF, {
    HEADER: header,
    SERVICE: py(spec.service),
    LOCKFILE: lockfileExpression(spec.lockfile),
    PORT: String(spec.port),
    WORKERS: String(spec.workers),
    WORKER_CLASS: spec.workerClass === null ? '' : `worker_class = ${py(spec.workerClass)}  # gunicorn supervises uvicorn's ASGI workers\n`,
    TIMEOUT: String(spec.timeouts.request),
    GRACEFUL: String(spec.timeouts.graceful),
    KEEPALIVE: String(spec.timeouts.keepAlive),
    MAX_REQUESTS: String(D.maxRequests),
    MAX_REQUESTS_JITTER: String(D.maxRequestsJitter),
  }));
}
