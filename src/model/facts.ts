/**
 * Facts are what detectors report: small typed records, each with the file and line it
 * came from and a sentence saying why it means what it means. Detectors never read each
 * other's facts; `analyze/resolve.ts` combines them into an `AppModel`.
 */

/** Where a fact came from. `file` is POSIX-style and relative to the analysed directory; `line` is 1-based, 0 for "the file as a whole". */
export interface Source {
  file: string;
  line: number;
}

export type Framework = 'fastapi' | 'starlette' | 'litestar' | 'django' | 'flask';
export type AppInterface = 'asgi' | 'wsgi';
export type Server = 'gunicorn' | 'uvicorn' | 'granian' | 'hypercorn' | 'daphne' | 'uwsgi' | 'waitress';
export type PackageManager = 'uv' | 'poetry' | 'pdm' | 'pipenv' | 'pip-tools' | 'pip' | 'setuptools';
export type DependencyGroup = 'runtime' | 'dev' | 'optional';
export type Datastore = 'postgresql' | 'mysql' | 'redis' | 'rabbitmq' | 'mongodb';
export type WorkerSystem = 'celery' | 'rq' | 'dramatiq' | 'arq' | 'saq' | 'huey';
export type MigrationTool = 'alembic' | 'django' | 'flask-migrate';
export type EndpointRole = 'health' | 'liveness' | 'readiness' | 'startup' | 'metrics';
/** How a Python-version fact was found; resolve ranks them in this order (first wins). */
export type PythonVersionOrigin = 'python-version-file' | 'runtime-txt' | 'lockfile' | 'requires-python' | 'poetry' | 'pipfile' | 'dockerfile';
/** How an app target was found; resolve ranks them in this order (first wins). */
export type TargetOrigin = 'declared' | 'command' | 'settings' | 'code';
/** The Celery settings that decide whether a task survives its worker being killed, by their 4.0+ names. */
export type CeleryAckSetting = 'task_acks_late' | 'task_reject_on_worker_lost';
/**
 * Where a Celery setting's value comes from, in the order Celery applies them (first wins):
 * `app` is set on the app object in code (`Celery(task_acks_late=…)`, `app.conf.update(…)`,
 * `app.conf.task_acks_late = …`); `config-source` is the module, class or Django settings given to
 * `config_from_object` (or `Celery(config_source=…)`); `default` means nothing sets it.
 */
export type CelerySettingOrigin = 'app' | 'config-source' | 'default';

interface FactBase {
  source: Source;
  /** One sentence: why this evidence means this value. */
  why: string;
}

export type Fact =
  | (FactBase & { kind: 'project-name'; value: string })
  | (FactBase & { kind: 'python-version'; value: string; origin: PythonVersionOrigin })
  | (FactBase & {
      kind: 'package-manager';
      value: PackageManager;
      /** Lockfile path relative to the analysed directory (may sit above the app root in a uv workspace). */
      lockfile: string | null;
      /** Directory the install runs in, relative to the analysed directory (the workspace root for uv workspaces). */
      installRoot: string;
    })
  | (FactBase & {
      kind: 'dependency';
      /** PEP 503-normalised name. */
      name: string;
      /** Version specifier as written, e.g. `>=2,<3` or `==1.2.3`; empty when unpinned. */
      specifier: string;
      group: DependencyGroup;
      /** The optional extra or dependency group that holds it, when not a plain runtime dependency. */
      extra?: string;
      /** Extras requested of the dependency itself, e.g. `["redis"]` for `celery[redis]`. */
      extras?: string[];
      /** PEP 508 environment marker as written, when present. */
      marker?: string;
    })
  | (FactBase & {
      kind: 'distribution';
      /** True when the app root builds into a distribution of its own that the image installs after its locked dependencies. */
      packaged: boolean;
    })
  | (FactBase & {
      kind: 'requirements-hashes';
      /** Requirements file whose pins carry `--hash`, relative to the analysed directory. */
      file: string;
    })
  | (FactBase & { kind: 'framework'; value: Framework; interface: AppInterface })
  | (FactBase & {
      kind: 'app-target';
      /** What a server is given: `pkg.main:app`, `config.asgi:application`, `pkg:create_app()`. */
      value: string;
      /** Directory the target imports from, relative to the analysed directory. */
      workdir: string;
      framework?: Framework;
      interface?: AppInterface;
      origin: TargetOrigin;
    })
  | (FactBase & { kind: 'server'; value: Server })
  | (FactBase & { kind: 'port'; value: number })
  | (FactBase & { kind: 'bind-host'; value: string })
  | (FactBase & { kind: 'command'; process: string; argv: string[] })
  | (FactBase & { kind: 'worker-system'; value: WorkerSystem })
  | (FactBase & { kind: 'celery-app'; value: string; workdir: string })
  | (FactBase & { kind: 'celery-beat' })
  | (FactBase & { kind: 'celery-queue'; value: string })
  | (FactBase & {
      kind: 'celery-setting';
      /** The app it applies to, as `celery -A` takes it: `proj.celery:app`. */
      app: string;
      setting: CeleryAckSetting;
      /**
       * What the app's workers run with: true or false (false also when nothing sets it: Celery's
       * default), or null when only running the app would tell (read from the environment,
       * computed, set under a condition, or loaded from configuration py2kube cannot read).
       */
      value: boolean | null;
      /** The name as written (`task_acks_late`, `CELERY_TASK_ACKS_LATE`); null when nothing sets it. */
      name: string | null;
      /** For `default`, `source` is where the app is created. */
      origin: CelerySettingOrigin;
    })
  | (FactBase & {
      kind: 'celery-task';
      /** The task's function name. */
      name: string;
      /** `acks_late=` as the task sets it, overriding task_acks_late for this task; absent when it does not, null when computed. */
      acksLate?: boolean | null;
      /** `reject_on_worker_lost=` as the task sets it; absent when it does not, null when computed. */
      rejectOnWorkerLost?: boolean | null;
    })
  | (FactBase & { kind: 'migrations'; tool: MigrationTool; command: string[]; workdir: string })
  | (FactBase & { kind: 'datastore'; value: Datastore; optional: boolean })
  | (FactBase & { kind: 'endpoint'; path: string; role: EndpointRole })
  | (FactBase & {
      kind: 'problem';
      level: 'error' | 'warning' | 'info';
      /** Stable code, e.g. `W_REQUIREMENTS_SYNTAX`. */
      code: string;
      message: string;
      /** The `[tool.py2kube]` key that settles it, when one does. */
      configKey?: string;
    });

export type FactKind = Fact['kind'];
export type FactOf<K extends FactKind> = Extract<Fact, { kind: K }>;
