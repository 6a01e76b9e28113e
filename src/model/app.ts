import type {
  AppInterface, Datastore, Framework, MigrationTool, PackageManager, Server, Source, WorkerSystem,
} from './facts.ts';

/** Why a resolved value is what it is: where it came from and the sentence that explains it. */
export interface Evidence {
  /** `file:line`, or `[tool.py2kube] <key>` when the value comes from config, or `default`. */
  at: string;
  source: Source | null;
  why: string;
}

export type DiagnosticLevel = 'error' | 'warning' | 'info';

/** Something the user should know or settle: a conflict, an unknown, a skipped file. */
export interface Diagnostic {
  level: DiagnosticLevel;
  /** Stable code, e.g. `W_MULTIPLE_LOCKFILES`. */
  code: string;
  message: string;
  /** `[tool.py2kube]` key that settles it, when one does. */
  configKey?: string;
  source?: Source;
}

export interface ResolvedDependency {
  name: string;
  specifier: string;
  group: 'runtime' | 'dev' | 'optional';
  extra?: string;
  extras?: string[];
  marker?: string;
  source: Source;
}

/** Acknowledgement options a Celery task sets itself (`@app.task(acks_late=True)`), overriding the app's settings for that task. */
export interface CeleryTaskOptions {
  /** The task's function name. */
  name: string;
  source: Source;
  /** Absent when the task does not set it; null when its value is computed. */
  acksLate?: boolean | null;
  rejectOnWorkerLost?: boolean | null;
}

export interface CeleryModel {
  /** Celery app instance as given to `celery -A`, e.g. `proj.celery:app`. */
  app: string;
  workdir: string;
  beat: boolean;
  queues: string[];
  /**
   * `task_acks_late` as the app's workers run with it: true or false when the project's code or
   * configuration says (false also when nothing sets it, Celery's default; the evidence
   * `celery.taskAcksLate` is then at `default`), null when only running the app would tell: the
   * value comes from the environment, is computed or set under a condition, or the app loads
   * configuration py2kube cannot read.
   */
  taskAcksLate: boolean | null;
  /** `task_reject_on_worker_lost`, read the same way (evidence `celery.taskRejectOnWorkerLost`). */
  taskRejectOnWorkerLost: boolean | null;
  /** How many tasks (`@app.task`, `@shared_task`) py2kube found in the app's code. */
  taskCount: number;
  /** The tasks among them that set `acks_late` or `reject_on_worker_lost` themselves. */
  taskOptions: CeleryTaskOptions[];
}

/**
 * The single source of truth every later stage reads: what the app is, how it is built and
 * run, with evidence for each value. Produced by `analyze/resolve.ts`.
 */
export interface AppModel {
  /** Kubernetes-safe name of the app (DNS-1123 label). */
  name: string;
  /** App root, relative to the analysed directory (`.` for the directory itself). */
  appRoot: string;
  /** Directory the server runs in so that `appPath` imports, relative to the analysed directory. */
  workdir: string;
  framework: Framework | null;
  interface: AppInterface | null;
  /** ASGI/WSGI target as a server takes it: `pkg.main:app`, `pkg:create_app()`. */
  appPath: string | null;
  server: Server | null;
  port: number;
  /** `major.minor` Python version the image should use, e.g. `3.12`. */
  pythonVersion: string | null;
  /** The constraint it was chosen from, as written in the project. */
  pythonConstraint: string | null;
  packageManager: PackageManager | null;
  lockfile: string | null;
  /** Directory the dependency install runs in (a uv workspace root may sit above the app root). */
  installRoot: string;
  /** The app root builds into a package of its own (a [build-system], setup.py or setup.cfg), installed after the locked dependencies. */
  packaged: boolean;
  /** The lockfile pins every requirement with `--hash` (pip-compile --generate-hashes), so the image installs with --require-hashes. */
  lockfileHashes: boolean;
  dependencies: ResolvedDependency[];
  celery: CeleryModel | null;
  /** Other background-job systems found (reported; not yet generated for). */
  workerSystems: WorkerSystem[];
  migrate: { tool: MigrationTool; command: string[]; workdir: string } | null;
  datastores: Array<{ name: Datastore; optional: boolean }>;
  mlHeavy: boolean;
  mlPackages: string[];
  /** Health endpoints the app already serves, by role. */
  health: { liveness: string | null; readiness: string | null; paths: string[] };
  metricsPath: string | null;
  /** Per field name (`framework`, `appPath`, …), why it has its value. */
  evidence: Record<string, Evidence[]>;
  diagnostics: Diagnostic[];
}
