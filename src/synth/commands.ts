import * as path from 'node:path';
import { GENERATE_DEFAULTS as D } from '../config/defaults.ts';
import { UserError } from '../errors.ts';
import type { AppModel } from '../model/app.ts';
import type { PackageManager } from '../model/facts.ts';
import type { ResolvedOptions } from './options.ts';

/** Where the project lives in the image: the install root (the uv workspace root, else the app root) is copied here. */
export const APP_DIR = '/app';
/** The virtual environment the builder stage creates and the runtime stage puts first on PATH. */
export const VENV_DIR = '/opt/venv';
/** Generated Python runtime helpers (the Celery wrapper) live here, on PYTHONPATH. */
export const RUNTIME_DIR = '/opt/py2kube';
/** The generated Celery module, importable as `celery -A py2kube_celery`. */
export const CELERY_MODULE = 'py2kube_celery';

export type ServerPlan =
  | { kind: 'gunicorn'; workerClass: null }
  | { kind: 'gunicorn'; workerClass: 'uvicorn_worker.UvicornWorker' }
  | { kind: 'uvicorn' };

/** The image's path for a directory given relative to the analysed folder. */
export function containerDir(model: AppModel, dir: string): string {
  const rel = path.posix.relative(model.installRoot === '.' ? '' : model.installRoot, dir === '.' ? '' : dir);
  return rel === '' ? APP_DIR : `${APP_DIR}/${rel}`;
}

function has(model: AppModel, name: string): boolean {
  return model.dependencies.some((d) => d.group === 'runtime' && d.name === name);
}

function addCommand(manager: PackageManager | null, pkg: string): string {
  switch (manager) {
    case 'uv': return `uv add ${pkg}`;
    case 'poetry': return `poetry add ${pkg}`;
    case 'pdm': return `pdm add ${pkg}`;
    case 'pipenv': return `pipenv install ${pkg}`;
    case 'pip-tools': return `add "${pkg}" to requirements.in and run pip-compile --generate-hashes`;
    default: return `add "${pkg}" to your runtime dependencies`;
  }
}

/**
 * Which production server runs the app. Only servers the project installs can be used,
 * because nothing is installed at container start: ASGI gets gunicorn supervising
 * `uvicorn-worker` workers when both are declared (the maintained worker class), else
 * uvicorn; WSGI gets gunicorn.
 */
export function planServer(model: AppModel): ServerPlan {
  if (model.interface === 'asgi') {
    if (has(model, 'gunicorn') && has(model, 'uvicorn-worker')) return { kind: 'gunicorn', workerClass: 'uvicorn_worker.UvicornWorker' };
    if (has(model, 'uvicorn')) return { kind: 'uvicorn' };
    throw new UserError(`The ${model.framework ?? 'ASGI'} app "${model.appPath ?? '?'}" needs a production ASGI server, but the project declares neither uvicorn nor gunicorn with uvicorn-worker.`, {
      code: 'E_NO_SERVER',
      hint: `Add one to the runtime dependencies: ${addCommand(model.packageManager, 'gunicorn uvicorn-worker')} (or ${addCommand(model.packageManager, 'uvicorn')}).`,
    });
  }
  if (has(model, 'gunicorn')) return { kind: 'gunicorn', workerClass: null };
  throw new UserError(`The ${model.framework ?? 'WSGI'} app "${model.appPath ?? '?'}" needs a production WSGI server, but the project does not declare gunicorn.`, {
    code: 'E_NO_SERVER',
    hint: `Add it to the runtime dependencies: ${addCommand(model.packageManager, 'gunicorn')}.`,
  });
}

/**
 * The web container's argv (exec form, so the server is PID 1 and receives SIGTERM).
 * Workers come from `WEB_CONCURRENCY`, which gunicorn and uvicorn both read, so each
 * environment sets it from its own CPU request without changing the command.
 */
export function serverCommand(model: AppModel, options: ResolvedOptions): string[] {
  const plan = planServer(model);
  const appPath = model.appPath;
  if (appPath === null) throw new UserError('No app target is known, so no server command can be written.', { code: 'E_NO_APP', hint: 'Set app = "package.module:app" in [tool.py2kube].' });
  const t = options.timeouts;
  if (plan.kind === 'uvicorn') {
    const factory = appPath.endsWith('()');
    return [
      'uvicorn', factory ? appPath.slice(0, -2) : appPath, ...(factory ? ['--factory'] : []),
      '--host', '0.0.0.0', '--port', String(model.port),
      '--timeout-graceful-shutdown', String(t.graceful),
      '--timeout-keep-alive', String(t.keepAlive),
      '--proxy-headers', '--forwarded-allow-ips', '*',
      '--no-server-header',
    ];
  }
  return [
    'gunicorn', appPath,
    '--bind', `0.0.0.0:${model.port}`,
    ...(plan.workerClass !== null ? ['--worker-class', plan.workerClass] : []),
    '--worker-tmp-dir', '/dev/shm',
    '--timeout', String(t.request),
    '--graceful-timeout', String(t.graceful),
    '--keep-alive', String(t.keepAlive),
    '--max-requests', String(D.maxRequests),
    '--max-requests-jitter', String(D.maxRequestsJitter),
    '--forwarded-allow-ips', '*',
    '--access-logfile', '-',
  ];
}

/** The Celery worker argv; settings that have no CLI flag are applied by the generated wrapper module. */
export function celeryWorkerCommand(model: AppModel, options: ResolvedOptions): string[] {
  if (model.celery === null || options.celery === null) throw new Error('celeryWorkerCommand called without Celery');
  return [
    'celery', '-A', CELERY_MODULE, 'worker',
    '--loglevel', 'INFO',
    '--concurrency', String(options.celery.concurrency),
    '--prefetch-multiplier', '1',
    '--max-tasks-per-child', String(options.celery.maxTasksPerChild),
    ...(model.celery.queues.length > 0 ? ['--queues', model.celery.queues.join(',')] : []),
  ];
}

/** beat: the database scheduler when django-celery-beat is installed, else a schedule file on a writable volume. */
export function celeryBeatCommand(model: AppModel): string[] {
  const database = has(model, 'django-celery-beat');
  return [
    'celery', '-A', CELERY_MODULE, 'beat', '--loglevel', 'INFO',
    ...(database ? ['--scheduler', 'django_celery_beat.schedulers:DatabaseScheduler'] : ['--schedule', D.celery.scheduleFile]),
  ];
}
