import type { AppModel, Diagnostic, Evidence } from '../model/app.ts';

/**
 * The `py2kube detect --json` contract (docs/detect-json.md). Keys are only ever added;
 * a removal or a change of meaning bumps `schemaVersion`.
 */
export interface DetectJson {
  schemaVersion: 1;
  name: string;
  framework: AppModel['framework'];
  interface: AppModel['interface'];
  appPath: string | null;
  appRoot: string;
  workdir: string;
  server: AppModel['server'];
  port: number;
  pythonVersion: string | null;
  pythonConstraint: string | null;
  packageManager: AppModel['packageManager'];
  lockfile: string | null;
  installRoot: string;
  celery: {
    app: string;
    beat: boolean;
    queues: string[];
    workdir: string;
    taskAcksLate: boolean | null;
    taskRejectOnWorkerLost: boolean | null;
    taskCount: number;
    taskOptions: Array<{ name: string; at: string; acksLate?: boolean | null; rejectOnWorkerLost?: boolean | null }>;
  } | null;
  workerSystems: AppModel['workerSystems'];
  migrate: { tool: string; command: string[]; workdir: string } | null;
  datastores: AppModel['datastores'];
  mlHeavy: boolean;
  mlPackages: string[];
  health: string[];
  liveness: string | null;
  readiness: string | null;
  metrics: string | null;
  dependencies: Array<{ name: string; specifier: string; group: string; extra?: string; extras?: string[]; marker?: string; source: string }>;
  evidence: Record<string, Array<{ at: string; why: string }>>;
  diagnostics: Array<{ level: Diagnostic['level']; code: string; message: string; configKey?: string; at?: string }>;
}

export function toDetectJson(model: AppModel): DetectJson {
  return {
    schemaVersion: 1,
    name: model.name,
    framework: model.framework,
    interface: model.interface,
    appPath: model.appPath,
    appRoot: model.appRoot,
    workdir: model.workdir,
    server: model.server,
    port: model.port,
    pythonVersion: model.pythonVersion,
    pythonConstraint: model.pythonConstraint,
    packageManager: model.packageManager,
    lockfile: model.lockfile,
    installRoot: model.installRoot,
    celery: model.celery === null ? null : {
      app: model.celery.app,
      beat: model.celery.beat,
      queues: model.celery.queues,
      workdir: model.celery.workdir,
      taskAcksLate: model.celery.taskAcksLate,
      taskRejectOnWorkerLost: model.celery.taskRejectOnWorkerLost,
      taskCount: model.celery.taskCount,
      taskOptions: model.celery.taskOptions.map(({ name, source, ...options }) => ({ name, at: `${source.file}:${source.line}`, ...options })),
    },
    workerSystems: model.workerSystems,
    migrate: model.migrate,
    datastores: model.datastores,
    mlHeavy: model.mlHeavy,
    mlPackages: model.mlPackages,
    health: model.health.paths,
    liveness: model.health.liveness,
    readiness: model.health.readiness,
    metrics: model.metricsPath,
    dependencies: model.dependencies.map(({ source, ...rest }) => ({ ...rest, source: source.line > 0 ? `${source.file}:${source.line}` : source.file })),
    evidence: Object.fromEntries(
      Object.entries(model.evidence)
        .filter(([, list]) => list.length > 0)
        .map(([key, list]) => [key, list.map((e: Evidence) => ({ at: e.at, why: e.why }))]),
    ),
    diagnostics: model.diagnostics.map((d) => ({
      level: d.level,
      code: d.code,
      message: d.message,
      ...(d.configKey !== undefined ? { configKey: d.configKey } : {}),
      ...(d.source !== undefined ? { at: d.source.line > 0 ? `${d.source.file}:${d.source.line}` : d.source.file } : {}),
    })),
  };
}
