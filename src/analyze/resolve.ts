import * as path from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { DEFAULTS } from '../config/defaults.ts';
import type { AppModel, Diagnostic, Evidence, ResolvedDependency } from '../model/app.ts';
import type {
  AppInterface, CeleryAckSetting, Datastore, Fact, FactOf, Framework, PackageManager, PythonVersionOrigin, Server, Source, TargetOrigin, WorkerSystem,
} from '../model/facts.ts';
import type { AppRootResult } from './app-root.ts';
import { celeryTargetLoads } from './detectors/celery-acks.ts';
import { DATASTORE_PACKAGES, EXTRA_DATASTORES, FRAMEWORK_PACKAGES, ML_PACKAGES, SERVER_PACKAGES, WORKER_PACKAGES } from './catalog.ts';
import { pickPythonVersion } from './python-version.ts';

/**
 * Facts → AppModel. Every precedence and conflict rule lives here, in this order:
 * config (`[tool.py2kube]`) first, then what the project's own commands say, then settings,
 * then code, then what dependencies imply, then defaults. Conflicts become diagnostics that
 * name the config key settling them.
 */

export interface ResolveInput {
  facts: readonly Fact[];
  config: LoadedConfig;
  appRoot: AppRootResult;
  /** Base name of the analysed folder, the last resort for the app name. */
  folderName: string;
}

/** Package managers in the order py2kube trusts them when several are present (see docs/detect-json.md). */
export const PACKAGE_MANAGER_PRECEDENCE: readonly PackageManager[] = ['uv', 'poetry', 'pdm', 'pipenv', 'pip-tools', 'pip', 'setuptools'];
const PYTHON_ORIGIN_PRECEDENCE: readonly PythonVersionOrigin[] = ['python-version-file', 'runtime-txt', 'dockerfile', 'requires-python', 'poetry', 'pipfile', 'lockfile'];
const TARGET_ORIGIN_PRECEDENCE: readonly TargetOrigin[] = ['declared', 'command', 'settings', 'code'];
/** Module file names that conventionally hold the app object, best first. */
const PREFERRED_APP_FILES = ['main.py', 'app.py', 'asgi.py', 'wsgi.py', 'server.py', 'api.py', '__init__.py'];

export function resolve(input: ResolveInput): AppModel {
  const { facts, config: loaded } = input;
  const config = loaded.config;
  const evidence: Record<string, Evidence[]> = {};
  const diagnostics: Diagnostic[] = [...input.appRoot.diagnostics];
  evidence['appRoot'] = input.appRoot.evidence;

  const fromConfig = (key: string, why = 'set in config'): Evidence => {
    const line = loaded.lineOf(key.split('.'));
    const file = loaded.file ?? 'pyproject.toml';
    return { at: `${file}:${line}`, source: { file, line }, why: `${loaded.table === '' ? '' : `[${loaded.table}] `}${key} is ${why}; config wins over detection` };
  };
  const fromFact = (fact: { source: Source; why: string }): Evidence => ({ at: at(fact.source), source: fact.source, why: withoutLocation(fact.why, fact.source) });
  const byDefault = (why: string): Evidence => ({ at: 'default', source: null, why });
  const of = <K extends Fact['kind']>(kind: K): FactOf<K>[] => facts.filter((f): f is FactOf<K> => f.kind === kind);

  for (const problem of of('problem')) {
    diagnostics.push({ level: problem.level, code: problem.code, message: problem.message, ...(problem.configKey ? { configKey: problem.configKey } : {}), source: problem.source });
  }

  // Dependencies: one entry per name, the strongest group winning (runtime > optional > dev).
  const dependencies = dedupeDependencies(of('dependency'));
  const runtime = dependencies.filter((d) => d.group === 'runtime');
  const runtimeNames = new Set(runtime.map((d) => d.name));

  // Package manager and lockfile.
  const managers = of('package-manager');
  let packageManager: PackageManager | null = null;
  let lockfile: string | null = null;
  let installRoot = input.appRoot.appRoot;
  if (config['package-manager'] !== undefined) {
    packageManager = config['package-manager'];
    const match = managers.find((m) => m.value === packageManager);
    lockfile = match?.lockfile ?? null;
    installRoot = match?.installRoot ?? installRoot;
    evidence['packageManager'] = [fromConfig('package-manager')];
  } else if (managers.length > 0) {
    const ranked = [...managers].sort((a, b) => rankManager(a) - rankManager(b));
    const chosen = ranked[0]!;
    packageManager = chosen.value;
    lockfile = chosen.lockfile;
    installRoot = chosen.installRoot;
    evidence['packageManager'] = [fromFact(chosen)];
    const withLocks = unique(ranked.filter((m) => m.lockfile !== null && m.value !== chosen.value).map((m) => `${m.value} (${m.lockfile})`));
    if (chosen.lockfile !== null && withLocks.length > 0) {
      diagnostics.push({
        level: 'warning',
        code: 'W_MULTIPLE_LOCKFILES',
        message: `Several lockfiles are present; "${chosen.lockfile}" (${chosen.value}) is used and ${withLocks.join(', ')} ignored. The order is uv, poetry, pdm, pipenv, pip-tools, pip. Set package-manager to choose another, or delete the stale lockfile.`,
        configKey: 'package-manager',
        source: chosen.source,
      });
    }
    if (chosen.lockfile === null) {
      diagnostics.push({
        level: 'warning',
        code: 'W_NO_LOCKFILE',
        message: `No lockfile was found for ${chosen.value}; image builds will resolve versions at build time and may differ between builds. Commit a lockfile (${lockHint(chosen.value)}).`,
        source: chosen.source,
      });
    }
  }
  if (lockfile !== null) evidence['lockfile'] = evidence['packageManager'] ?? [];
  // What the image build installs besides the locked dependencies (read by synth/dockerfile.ts).
  const distributionFact = of('distribution')[0];
  const packaged = distributionFact?.packaged ?? false;
  if (distributionFact !== undefined) evidence['packaged'] = [fromFact(distributionFact)];
  const hashFact = of('requirements-hashes').find((f) => f.file === lockfile);
  const lockfileHashes = hashFact !== undefined;
  if (hashFact !== undefined) evidence['lockfileHashes'] = [fromFact(hashFact)];

  // Framework.
  const frameworkFacts = of('framework');
  let framework: Framework | null = null;
  let appInterface: AppInterface | null = null;
  const targets = rankTargets(of('app-target'));
  if (config.framework !== undefined) {
    framework = config.framework === 'none' ? null : config.framework;
    appInterface = framework === null ? null : (frameworkFacts.find((f) => f.value === framework)?.interface ?? interfaceOf(framework));
    evidence['framework'] = [fromConfig('framework')];
  } else if (frameworkFacts.length > 0) {
    const distinct = unique(frameworkFacts.map((f) => f.value));
    // With two frameworks, the one the project's commands or declarations point at wins.
    const pointed = targets.find((t) => t.origin !== 'code' && t.framework !== undefined)?.framework
      ?? frameworkOfTargetModule(targets, frameworkFacts);
    framework = pointed !== undefined && distinct.includes(pointed) ? pointed : distinct[0]!;
    const chosen = frameworkFacts.find((f) => f.value === framework)!;
    appInterface = chosen.interface;
    evidence['framework'] = frameworkFacts.filter((f) => f.value === framework).slice(0, 3).map(fromFact);
    if (distinct.length > 1) {
      diagnostics.push({
        level: 'warning',
        code: 'W_MULTIPLE_FRAMEWORKS',
        message: `Apps of several frameworks were found: ${distinct.map((fw) => `${fw} (${at(frameworkFacts.find((f) => f.value === fw)!.source)})`).join(', ')}; "${framework}" was chosen. Set framework and app to say which one is deployed.`,
        configKey: 'framework',
      });
    }
  } else {
    const declared = runtime.filter((d) => FRAMEWORK_PACKAGES[d.name] !== undefined && !(d.name === 'starlette' && runtimeNames.has('fastapi')));
    if (declared.length > 0) {
      const dep = declared[0]!;
      framework = FRAMEWORK_PACKAGES[dep.name]!.framework;
      appInterface = FRAMEWORK_PACKAGES[dep.name]!.interface;
      evidence['framework'] = [{ at: at(dep.source), source: dep.source, why: `"${dep.name}" is a runtime dependency, but no app object was found in the code` }];
    }
  }

  // App target and working directory.
  let appPath: string | null = null;
  let workdir = input.appRoot.appRoot;
  if (config.app !== undefined) {
    appPath = config.app;
    evidence['appPath'] = [fromConfig('app')];
    const match = targets.find((t) => t.value === appPath);
    if (match !== undefined) workdir = match.workdir;
  } else {
    const eligible = targets.filter((t) => framework === null || t.framework === undefined || t.framework === framework);
    const chosen = eligible[0];
    if (chosen !== undefined) {
      appPath = chosen.value;
      workdir = chosen.workdir;
      evidence['appPath'] = [fromFact(chosen)];
      if (chosen.interface !== undefined && appInterface === null) appInterface = chosen.interface;
      const others = unique(eligible.filter((t) => t.value !== chosen.value && t.origin === chosen.origin).map((t) => `"${t.value}" (${at(t.source)})`));
      if (others.length > 0) {
        diagnostics.push({
          level: 'info',
          code: 'I_OTHER_APP_TARGETS',
          message: `"${chosen.value}" was chosen as the app; other candidates: ${others.join(', ')}. Set app to choose another.`,
          configKey: 'app',
        });
      }
      const codeTarget = eligible.find((t) => t.origin === 'code' || t.origin === 'settings');
      if (chosen.origin === 'command' && codeTarget !== undefined && !sameTarget(codeTarget.value, chosen.value)) {
        diagnostics.push({
          level: 'info',
          code: 'I_COMMAND_OVERRIDES_CODE',
          message: `The project's command runs "${chosen.value}" (${at(chosen.source)}) while the code defines "${codeTarget.value}" (${at(codeTarget.source)}); the command wins. Set app if that is wrong.`,
          configKey: 'app',
        });
      }
    } else if (framework !== null) {
      diagnostics.push({
        level: 'warning',
        code: 'W_NO_APP_TARGET',
        message: `A ${framework} dependency was found but no ${framework} app object; py2kube cannot tell what to serve. Set app = "package.module:app" (or "package:create_app()" for a factory).`,
        configKey: 'app',
      });
    }
  }
  if (config.workdir !== undefined) {
    workdir = config.workdir;
    evidence['workdir'] = [fromConfig('workdir')];
  } else {
    evidence['workdir'] = evidence['appPath'] ?? [byDefault('the app root')];
  }
  if (appInterface === null && framework !== null) appInterface = interfaceOf(framework);

  // Server.
  let server: Server | null = null;
  const serverFacts = of('server');
  if (config.server !== undefined) {
    server = config.server;
    evidence['server'] = [fromConfig('server')];
  } else if (serverFacts.length > 0) {
    server = serverFacts[0]!.value;
    evidence['server'] = serverFacts.filter((f) => f.value === server).slice(0, 2).map(fromFact);
    const distinct = unique(serverFacts.map((f) => f.value));
    if (distinct.length > 1) {
      diagnostics.push({
        level: 'info',
        code: 'I_MULTIPLE_SERVERS',
        message: `Several servers appear in the project's commands: ${distinct.join(', ')}; "${server}" was chosen. Set server to choose another.`,
        configKey: 'server',
      });
    }
  } else {
    // A server may also arrive as an extra of another package (`channels[daphne]`).
    const declared = runtime.flatMap((d) => [d.name, ...(d.extras ?? [])].filter((n) => SERVER_PACKAGES[n] !== undefined).map((n) => ({ dep: d, server: SERVER_PACKAGES[n]! })));
    // gunicorn supervising uvicorn workers is the production pairing for ASGI, so gunicorn wins when both are declared.
    const pick = declared.find((d) => d.server === 'gunicorn') ?? declared[0];
    if (pick !== undefined) {
      server = pick.server;
      evidence['server'] = [{ at: at(pick.dep.source), source: pick.dep.source, why: `${pick.dep.name === pick.server ? `"${pick.dep.name}"` : `"${pick.dep.name}[${pick.server}]"`} is a runtime dependency and no command names a server` }];
    }
  }

  // Port: the web process's port first.
  let port: number = DEFAULTS.port;
  const portFacts = of('port');
  if (config.port !== undefined) {
    port = config.port;
    evidence['port'] = [fromConfig('port')];
  } else if (portFacts.length > 0) {
    port = portFacts[0]!.value;
    evidence['port'] = [fromFact(portFacts[0]!)];
    const distinct = unique(portFacts.map((f) => f.value));
    if (distinct.length > 1) {
      diagnostics.push({
        level: 'info',
        code: 'I_MULTIPLE_PORTS',
        message: `Several ports appear in the project: ${portFacts.filter((f, i) => portFacts.findIndex((g) => g.value === f.value) === i).map((f) => `${f.value} (${at(f.source)})`).join(', ')}; ${port} was chosen. Set port to choose another.`,
        configKey: 'port',
      });
    }
  } else {
    evidence['port'] = [byDefault(`no command or config names a port; ${DEFAULTS.port} is what gunicorn and uvicorn bind by default`)];
  }
  for (const host of of('bind-host')) {
    if (host.value === '127.0.0.1' || host.value === 'localhost' || host.value === '::1') {
      diagnostics.push({
        level: 'warning',
        code: 'W_BINDS_LOCALHOST',
        message: `${at(host.source)} binds the server to ${host.value}, which is unreachable from outside the container: probes and the Service will fail. Bind to 0.0.0.0.`,
        source: host.source,
      });
    }
  }

  // Python version.
  let pythonVersion: string | null = null;
  let pythonConstraint: string | null = null;
  const versionFacts = [...of('python-version')].sort((a, b) => PYTHON_ORIGIN_PRECEDENCE.indexOf(a.origin) - PYTHON_ORIGIN_PRECEDENCE.indexOf(b.origin));
  if (config.python !== undefined) {
    pythonVersion = config.python;
    pythonConstraint = config.python;
    evidence['pythonVersion'] = [fromConfig('python')];
  } else {
    for (const fact of versionFacts) {
      const picked = pickPythonVersion(fact.value);
      if (picked === null) {
        diagnostics.push({ level: 'warning', code: 'W_PYTHON_VERSION_UNREADABLE', message: `${at(fact.source)}: could not read a Python version from "${fact.value}". Set python = "3.12" (for example).`, configKey: 'python', source: fact.source });
        continue;
      }
      pythonVersion = picked;
      pythonConstraint = fact.value;
      evidence['pythonVersion'] = [{ ...fromFact(fact), why: `${fact.why}${picked !== fact.value ? `; ${picked} is the newest supported version that satisfies "${fact.value}"` : ''}` }];
      break;
    }
    if (pythonVersion === null) {
      diagnostics.push({ level: 'warning', code: 'W_NO_PYTHON_VERSION', message: 'The project does not say which Python it needs (no .python-version, requires-python or runtime.txt). Set python = "3.12" (for example) or add requires-python to pyproject.toml.', configKey: 'python' });
    } else {
      const disagreeing = versionFacts.filter((f) => f.origin !== 'lockfile' && !versionAllows(f.value, pythonVersion!));
      for (const fact of disagreeing) {
        diagnostics.push({ level: 'warning', code: 'W_PYTHON_VERSION_CONFLICT', message: `Python ${pythonVersion} was chosen (${evidence['pythonVersion']![0]!.at}) but ${at(fact.source)} says "${fact.value}". Make them agree, or set python.`, configKey: 'python', source: fact.source });
      }
    }
  }

  // Celery and other worker systems.
  const workerSystems = unique<WorkerSystem>([
    ...of('worker-system').map((f) => f.value),
    ...runtime.flatMap((d) => (WORKER_PACKAGES[d.name] !== undefined ? [WORKER_PACKAGES[d.name]!] : [])),
  ]);
  let celery: AppModel['celery'] = null;
  const celeryApps = of('celery-app');
  if (config.celery !== false && (workerSystems.includes('celery') || config.celery !== undefined)) {
    const configured = config.celery === undefined ? undefined : config.celery;
    const fromCode = celeryApps.find((c) => c.value.includes(':')) ?? celeryApps[0];
    const app = configured?.app ?? fromCode?.value ?? null;
    if (app === null) {
      diagnostics.push({ level: 'warning', code: 'W_CELERY_APP_NOT_FOUND', message: 'Celery is a dependency but no Celery() app instance was found. Set celery.app = "proj.celery:app".', configKey: 'celery.app' });
    } else {
      const beatFacts = of('celery-beat');
      const beat = configured?.beat ?? beatFacts.length > 0;
      const queues = configured?.queues ?? unique(of('celery-queue').map((q) => q.value));
      // Acknowledgement settings: those of the app the worker runs (read by check's require-celery-acks-late).
      const settings = celerySettingsOf(of('celery-setting'), app);
      const settingValue = (setting: CeleryAckSetting, key: string): boolean | null => {
        const found = settings.find((s) => s.setting === setting);
        if (found === undefined) return null;
        // Not set: the evidence is Celery's default; the sentence names the app it was looked up for.
        evidence[key] = [found.origin === 'default' ? byDefault(found.why) : fromFact(found)];
        return found.value;
      };
      const tasks = of('celery-task');
      const taskOptions = tasks
        .filter((t) => t.acksLate !== undefined || t.rejectOnWorkerLost !== undefined)
        .map((t) => ({ name: t.name, source: t.source, ...(t.acksLate !== undefined ? { acksLate: t.acksLate } : {}), ...(t.rejectOnWorkerLost !== undefined ? { rejectOnWorkerLost: t.rejectOnWorkerLost } : {}) }));
      celery = {
        app,
        workdir: fromCode?.workdir ?? workdir,
        beat,
        queues,
        taskAcksLate: settingValue('task_acks_late', 'celery.taskAcksLate'),
        taskRejectOnWorkerLost: settingValue('task_reject_on_worker_lost', 'celery.taskRejectOnWorkerLost'),
        taskCount: tasks.length,
        taskOptions,
      };
      evidence['celery.app'] = configured?.app !== undefined ? [fromConfig('celery.app')] : celeryApps.slice(0, 2).map(fromFact);
      evidence['celery.beat'] = configured?.beat !== undefined ? [fromConfig('celery.beat')] : beatFacts.length > 0 ? beatFacts.slice(0, 3).map(fromFact) : [byDefault('no beat schedule, django-celery-beat or beat process was found')];
      if (queues.length > 0) evidence['celery.queues'] = configured?.queues !== undefined ? [fromConfig('celery.queues')] : of('celery-queue').slice(0, 5).map(fromFact);
      if (taskOptions.length > 0) evidence['celery.taskOptions'] = tasks.filter((t) => t.acksLate !== undefined || t.rejectOnWorkerLost !== undefined).slice(0, 5).map(fromFact);
    }
  }
  for (const system of workerSystems.filter((s) => s !== 'celery')) {
    diagnostics.push({ level: 'info', code: 'I_WORKER_SYSTEM', message: `${system} workers were recognised; py2kube does not generate ${system} worker Deployments yet, so add one as an overlay resource.` });
  }

  // Migrations.
  let migrate: AppModel['migrate'] = null;
  const migrationFacts = of('migrations');
  if (config.migrate !== false && config.migrate?.enabled !== false) {
    if (config.migrate?.command !== undefined) {
      migrate = { tool: migrationFacts[0]?.tool ?? 'alembic', command: config.migrate.command, workdir: migrationFacts[0]?.workdir ?? workdir };
      evidence['migrate'] = [fromConfig('migrate.command')];
    } else if (migrationFacts.length > 0) {
      const chosen = migrationFacts[0]!;
      migrate = { tool: chosen.tool, command: chosen.command, workdir: chosen.workdir };
      evidence['migrate'] = [fromFact(chosen)];
      const tools = unique(migrationFacts.map((m) => m.tool));
      if (tools.length > 1) {
        diagnostics.push({ level: 'warning', code: 'W_MULTIPLE_MIGRATION_TOOLS', message: `Several migration tools were found (${tools.join(', ')}); "${chosen.tool}" was chosen. Set migrate.command to the command that migrates the database.`, configKey: 'migrate.command' });
      }
    }
  }

  // Datastores: from settings and commands (facts) plus what the client libraries imply.
  const datastores = new Map<Datastore, boolean>();
  const datastoreEvidence: Evidence[] = [];
  const addStore = (name: Datastore, optional: boolean, ev: Evidence): void => {
    const current = datastores.get(name);
    if (current === undefined || (current && !optional)) datastores.set(name, optional);
    if (current === undefined) datastoreEvidence.push({ ...ev, why: `${name}: ${ev.why}` });
  };
  if (config.datastores !== undefined) {
    for (const name of config.datastores) addStore(name, false, fromConfig('datastores'));
  } else {
    for (const fact of of('datastore')) addStore(fact.value, fact.optional, fromFact(fact));
    for (const dep of dependencies.filter((d) => d.group !== 'dev')) {
      const store = DATASTORE_PACKAGES[dep.name];
      const optional = dep.group === 'optional';
      const where = optional ? ` in the optional extra "${dep.extra ?? ''}"` : '';
      if (store !== undefined) addStore(store, optional, { at: at(dep.source), source: dep.source, why: `the "${dep.name}" client is a dependency${where}` });
      for (const extra of dep.extras ?? []) {
        const viaExtra = EXTRA_DATASTORES[extra];
        if (viaExtra !== undefined) addStore(viaExtra, optional, { at: at(dep.source), source: dep.source, why: `"${dep.name}[${extra}]" is a dependency${where}` });
      }
    }
  }
  if (datastoreEvidence.length > 0) evidence['datastores'] = datastoreEvidence;

  // Heavy ML dependencies.
  const mlDeps = runtime.filter((d) => ML_PACKAGES.has(d.name));
  const mlHeavy = config['ml-heavy'] ?? mlDeps.length > 0;
  evidence['mlHeavy'] = config['ml-heavy'] !== undefined ? [fromConfig('ml-heavy')] : mlDeps.slice(0, 5).map((d) => ({ at: at(d.source), source: d.source, why: `"${d.name}" loads large native libraries or model weights, so start-up is slow and memory large` }));

  // Health and metrics endpoints.
  const endpoints = of('endpoint');
  const firstPath = (...roles: string[]): FactOf<'endpoint'> | undefined => {
    for (const role of roles) {
      const hit = endpoints.find((e) => e.role === role);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  const liveness = config.health?.liveness ?? firstPath('liveness', 'health')?.path ?? null;
  const readiness = config.health?.readiness ?? firstPath('readiness', 'health')?.path ?? null;
  const healthPaths = unique(endpoints.filter((e) => e.role !== 'metrics').map((e) => e.path));
  const healthFacts = endpoints.filter((e) => e.role !== 'metrics');
  if (healthFacts.length > 0) evidence['health'] = healthFacts.slice(0, 5).map(fromFact);
  if (config.health !== undefined) evidence['health'] = [fromConfig('health'), ...(evidence['health'] ?? [])];
  let metricsPath: string | null = null;
  if (config.metrics === false) {
    evidence['metrics'] = [fromConfig('metrics', 'false')];
  } else if (config.metrics !== undefined) {
    metricsPath = config.metrics;
    evidence['metrics'] = [fromConfig('metrics')];
  } else {
    const metric = endpoints.find((e) => e.role === 'metrics');
    if (metric !== undefined) {
      metricsPath = metric.path;
      evidence['metrics'] = [fromFact(metric)];
    }
  }

  // Name.
  let name: string;
  const nameFact = of('project-name')[0];
  if (config.name !== undefined) {
    name = config.name;
    evidence['name'] = [fromConfig('name')];
  } else if (nameFact !== undefined && toDnsLabel(nameFact.value) !== '') {
    name = toDnsLabel(nameFact.value);
    evidence['name'] = [fromFact(nameFact)];
  } else {
    const folder = input.appRoot.appRoot === '.' ? input.folderName : path.posix.basename(input.appRoot.appRoot);
    name = toDnsLabel(folder) || 'app';
    evidence['name'] = [byDefault(`the project declares no name, so the folder name "${folder}" is used`)];
  }

  if (framework === null && celery === null && workerSystems.length === 0 && input.appRoot.diagnostics.every((d) => d.level !== 'error')) {
    diagnostics.push({ level: 'info', code: 'I_NO_WEB_FRAMEWORK', message: 'No web framework and no worker system were found: this looks like a script or batch project. It can run as a Job or CronJob; set framework and app if it does serve HTTP.', configKey: 'framework' });
  }

  return {
    name,
    appRoot: input.appRoot.appRoot,
    workdir,
    framework,
    interface: appInterface,
    appPath,
    server,
    port,
    pythonVersion,
    pythonConstraint,
    packageManager,
    lockfile,
    installRoot,
    packaged,
    lockfileHashes,
    dependencies,
    celery,
    workerSystems,
    migrate,
    datastores: [...datastores].map(([n, optional]) => ({ name: n, optional })).sort((a, b) => a.name.localeCompare(b.name)),
    mlHeavy,
    mlPackages: mlDeps.map((d) => d.name),
    health: { liveness, readiness, paths: healthPaths },
    metricsPath,
    evidence,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/**
 * The acknowledgement settings of the app the worker runs: those read for that app, else for
 * the app `celery -A <app>` loads (a command may name just the package), else, when the project
 * configures a single app, that app's. With several apps and none matching, nothing: unknown.
 */
function celerySettingsOf(facts: FactOf<'celery-setting'>[], app: string): FactOf<'celery-setting'>[] {
  const exact = facts.filter((f) => f.app === app);
  if (exact.length > 0) return exact;
  const loaded = unique(facts.map((f) => f.app)).filter((a) => celeryTargetLoads(app, a));
  if (loaded.length === 1) return facts.filter((f) => f.app === loaded[0]);
  const apps = unique(facts.map((f) => f.app));
  return apps.length === 1 ? facts : [];
}

/** Detectors often start `why` with the location; the evidence shows it once, in `at`. */
function withoutLocation(why: string, source: Source): string {
  // A bare file name may be the sentence's subject ("uv.lock is the lockfile…"); only `file:line` is a prefix.
  if (source.line === 0) return why;
  for (const prefix of [`${at(source)} `, `${at(source)}: `]) {
    if (why.startsWith(prefix)) return why.slice(prefix.length);
  }
  return why;
}

export function at(source: Source): string {
  return source.line > 0 ? `${source.file}:${source.line}` : source.file;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function rankManager(fact: FactOf<'package-manager'>): number {
  // A manager with a lockfile beats any manager without one.
  return (fact.lockfile === null ? 100 : 0) + PACKAGE_MANAGER_PRECEDENCE.indexOf(fact.value);
}

function lockHint(manager: PackageManager): string {
  const hints: Record<PackageManager, string> = {
    uv: 'uv lock',
    poetry: 'poetry lock',
    pdm: 'pdm lock',
    pipenv: 'pipenv lock',
    'pip-tools': 'pip-compile --generate-hashes',
    pip: 'pip-compile --generate-hashes, or pin every requirement with ==',
    setuptools: 'move dependencies to pyproject.toml and run uv lock',
  };
  return hints[manager];
}

function interfaceOf(framework: Framework): AppInterface {
  return framework === 'django' || framework === 'flask' ? 'wsgi' : 'asgi';
}

function rankTargets(targets: FactOf<'app-target'>[]): FactOf<'app-target'>[] {
  const fileRank = (t: FactOf<'app-target'>): number => {
    const base = t.source.file.slice(t.source.file.lastIndexOf('/') + 1);
    const i = PREFERRED_APP_FILES.indexOf(base);
    return i < 0 ? PREFERRED_APP_FILES.length : i;
  };
  return targets
    .map((t, index) => ({ t, index }))
    .sort((a, b) =>
      TARGET_ORIGIN_PRECEDENCE.indexOf(a.t.origin) - TARGET_ORIGIN_PRECEDENCE.indexOf(b.t.origin)
      || (a.t.origin === 'code' ? fileRank(a.t) - fileRank(b.t) : 0)
      || a.index - b.index)
    .map(({ t }) => t);
}

/** The framework of the code target whose module a command or declaration names. */
function frameworkOfTargetModule(targets: FactOf<'app-target'>[], frameworks: FactOf<'framework'>[]): Framework | undefined {
  const declared = targets.find((t) => t.origin !== 'code');
  if (declared === undefined) return undefined;
  const code = targets.find((t) => t.origin === 'code' && sameTarget(t.value, declared.value));
  if (code?.framework !== undefined) return code.framework;
  const module = declared.value.split(':')[0];
  const fw = frameworks.find((f) => f.source.file.replace(/\.py$/, '').replace(/\//g, '.').endsWith(module ?? '\0'));
  return fw?.value;
}

function sameTarget(a: string, b: string): boolean {
  return a.replace(/\(\)$/, '') === b.replace(/\(\)$/, '');
}

function dedupeDependencies(facts: FactOf<'dependency'>[]): ResolvedDependency[] {
  const rank = { runtime: 0, optional: 1, dev: 2 } as const;
  const byName = new Map<string, FactOf<'dependency'>>();
  for (const fact of facts) {
    const current = byName.get(fact.name);
    if (current === undefined || rank[fact.group] < rank[current.group]) byName.set(fact.name, fact);
  }
  return [...byName.values()]
    .map((f) => ({
      name: f.name,
      specifier: f.specifier,
      group: f.group,
      ...(f.extra !== undefined ? { extra: f.extra } : {}),
      ...(f.extras !== undefined && f.extras.length > 0 ? { extras: f.extras } : {}),
      ...(f.marker !== undefined ? { marker: f.marker } : {}),
      source: f.source,
    }))
    .sort((a, b) => rank[a.group] - rank[b.group] || a.name.localeCompare(b.name));
}

function versionAllows(written: string, minor: string): boolean {
  const picked = pickPythonVersion(written);
  if (picked === null) return true;
  // An exact version must match; a range must admit the chosen minor.
  if (/^(cpython-|python-?)?3\.\d+(\.\d+)?$/i.test(written.trim())) return picked === minor;
  return pickPythonVersion(`${written},==${minor}.*`) !== null || picked === minor;
}

/** A DNS-1123 label from a project name: `My_Service.API` → `my-service-api`. */
export function toDnsLabel(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 53)
    .replace(/-+$/g, '');
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const order = { error: 0, warning: 1, info: 2 } as const;
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => order[a.d.level] - order[b.d.level] || a.i - b.i)
    .map(({ d }) => d);
}
