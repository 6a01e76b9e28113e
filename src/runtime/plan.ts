import * as path from 'node:path';
import { RUNTIME_DEFAULTS as R } from '../config/defaults.ts';
import type { Config } from '../config/schema.ts';
import { UserError } from '../errors.ts';
import type { AppModel } from '../model/app.ts';
import type { Fact } from '../model/facts.ts';
import type { CompanionSpec, ReadinessCheck } from './render.ts';

/**
 * What the companion module serves and checks, decided from the app as detected before the
 * companion existed: routes the app has are not duplicated, and the module's own routes never
 * count as the app's, so a second run decides exactly as the first did.
 */

const FRAMEWORKS = ['fastapi', 'starlette', 'litestar', 'django', 'flask'] as const;
type SupportedFramework = (typeof FRAMEWORKS)[number];

/** Where the module goes and how the server reaches it. */
export interface ModuleLocation {
  /** POSIX path relative to the analysed dir. */
  file: string;
  /** Importable name, e.g. `shop.py2kube_runtime`. */
  module: string;
}

/** `shop.main:app` in workdir `src` → `src/shop/py2kube_runtime.py`, module `shop.py2kube_runtime`; a top-level module gets a sibling. */
export function moduleLocation(target: string, workdir: string, isDirectory: (dir: string) => boolean): ModuleLocation {
  const modulePath = target.slice(0, target.indexOf(':'));
  const top = modulePath.split('.')[0]!;
  const base = workdir === '.' ? '' : workdir;
  const packageDir = path.posix.join(base, top);
  if (modulePath.includes('.') || isDirectory(packageDir)) {
    return { file: path.posix.join(packageDir, `${R.moduleName}.py`), module: `${top}.${R.moduleName}` };
  }
  return { file: path.posix.join(base, `${R.moduleName}.py`), module: R.moduleName };
}

/** True when `target` names a companion module, i.e. an earlier `init --runtime` set it. */
export function isCompanionTarget(target: string | null): boolean {
  if (target === null) return false;
  const modulePath = target.slice(0, target.indexOf(':'));
  return modulePath === R.moduleName || modulePath.endsWith(`.${R.moduleName}`);
}

/** The `WRAPPED_APP = "…"` line of a companion module. */
export function wrappedTargetOf(moduleText: string): string | null {
  const match = /^WRAPPED_APP = "([^"\\]+)"$/m.exec(moduleText);
  return match === null ? null : match[1]!;
}

export interface Features {
  liveness: string | null;
  readiness: string | null;
  metrics: string | null;
  /** The app's own endpoints that made py2kube leave a path out, for the report. */
  existing: Array<{ path: string; role: string; at: string }>;
}

/**
 * Paths the companion adds: each one unless the app already serves that role (found in its
 * code, or set in config to something other than the companion's own path).
 */
export function decideFeatures(facts: readonly Fact[], config: Config, ownFile: string): Features {
  const endpoints = facts.filter((f): f is Extract<Fact, { kind: 'endpoint' }> => f.kind === 'endpoint' && f.source.file !== ownFile);
  const existing: Features['existing'] = endpoints.map((e) => ({ path: e.path, role: e.role, at: `${e.source.file}:${e.source.line}` }));
  const has = (...roles: string[]): boolean => endpoints.some((e) => roles.includes(e.role));
  const configured = (value: string | false | undefined, own: string): boolean => value !== undefined && value !== own;
  const liveness = has('liveness', 'health') || configured(config.health?.liveness, R.livenessPath);
  const readiness = has('readiness', 'health') || configured(config.health?.readiness, R.readinessPath);
  const metrics = has('metrics') || configured(config.metrics, R.metricsPath);
  for (const [key, value] of [['health.liveness', config.health?.liveness], ['health.readiness', config.health?.readiness], ['metrics', config.metrics]] as const) {
    const own = value === R.livenessPath || value === R.readinessPath || value === R.metricsPath;
    if (value !== undefined && !own && !existing.some((e) => e.path === value)) {
      existing.push({ path: value === false ? '(off)' : value, role: key, at: '[tool.py2kube]' });
    }
  }
  return {
    liveness: liveness ? null : R.livenessPath,
    readiness: readiness ? null : R.readinessPath,
    metrics: metrics ? null : R.metricsPath,
    existing,
  };
}

/** The environment variable each datastore's URL comes from: the names generate's Secret holds. */
const URL_VARIABLES: Record<string, string> = {
  postgresql: 'DATABASE_URL',
  mysql: 'DATABASE_URL',
  redis: 'REDIS_URL',
  rabbitmq: 'CELERY_BROKER_URL',
  mongodb: 'MONGODB_URL',
};
const DEFAULT_PORTS: Record<string, number> = { postgresql: 5432, mysql: 3306, redis: 6379, rabbitmq: 5672, mongodb: 27017 };

/** Readiness checks for the app's datastores and Celery broker, through the client libraries it installs. */
export function readinessChecks(model: AppModel): ReadinessCheck[] {
  const deps = new Set(model.dependencies.filter((d) => d.group === 'runtime').map((d) => d.name));
  const extras = new Set(model.dependencies.filter((d) => d.group === 'runtime').flatMap((d) => (d.extras ?? []).map((e) => `${d.name}[${e}]`)));
  const hasRedisClient = deps.has('redis') || extras.has('celery[redis]') || extras.has('kombu[redis]');
  const hasKombu = deps.has('celery') || deps.has('kombu');
  const checks: ReadinessCheck[] = [];
  for (const { name } of model.datastores.filter((d) => !d.optional)) {
    const env = URL_VARIABLES[name]!;
    const tcp: ReadinessCheck = { name, env, kind: 'tcp', defaultPort: DEFAULT_PORTS[name]! };
    if ((name === 'postgresql' || name === 'mysql') && model.framework === 'django') checks.push({ name, env: null, kind: 'django-database' });
    else if (name === 'postgresql' && model.interface === 'asgi' && deps.has('asyncpg')) checks.push({ name, env, kind: 'postgresql-asyncpg' });
    else if (name === 'postgresql' && (deps.has('psycopg') || deps.has('psycopg-binary'))) checks.push({ name, env, kind: 'postgresql-psycopg' });
    else if (name === 'postgresql' && (deps.has('psycopg2') || deps.has('psycopg2-binary'))) checks.push({ name, env, kind: 'postgresql-psycopg2' });
    else if (name === 'redis' && hasRedisClient) checks.push({ name, env, kind: 'redis' });
    else if (name === 'rabbitmq' && hasKombu) checks.push({ name, env, kind: 'amqp' });
    else checks.push(tcp);
  }
  // A Redis broker may sit behind its own URL; with RabbitMQ the rabbitmq check above is the broker.
  const brokerIsRabbit = model.datastores.some((d) => d.name === 'rabbitmq' && !d.optional);
  if (model.celery !== null && !brokerIsRabbit) checks.push({ name: 'celery-broker', env: 'CELERY_BROKER_URL', kind: 'celery-broker' });
  return checks;
}

/** The spec of the companion for `model` (the app as it was before the companion). */
export function companionSpec(model: AppModel, target: string, location: ModuleLocation, features: Features): CompanionSpec {
  const framework = model.framework;
  if (framework === null || !(FRAMEWORKS as readonly string[]).includes(framework) || model.interface === null) {
    throw new UserError(`The runtime companion supports FastAPI, Starlette, Litestar, Flask and Django apps; this project's framework is ${framework === null ? 'not known' : `"${framework}"`}.`, {
      code: 'E_RUNTIME_UNSUPPORTED',
      hint: framework === null ? 'Set framework and app in [tool.py2kube] if detection missed them.' : 'Add /healthz, /readyz and /metrics to the app yourself; docs/runtime.md describes what they should do.',
    });
  }
  const lockfile = model.lockfile === null ? null : path.posix.relative(path.posix.dirname(location.file), model.lockfile);
  return {
    service: model.name,
    wrapped: target,
    framework: framework as SupportedFramework,
    interface: model.interface,
    lockfile,
    liveness: features.liveness,
    readiness: features.readiness,
    metrics: features.metrics,
    checks: features.readiness === null ? [] : readinessChecks(model),
  };
}
