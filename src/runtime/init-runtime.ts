import * as fs from 'node:fs';
import * as path from 'node:path';
import { detect, type DetectResult } from '../analyze/index.ts';
import { CONFIG_FILES as GUNICORN_CONFIG_FILES } from '../analyze/detectors/gunicorn.ts';
import { resolve } from '../analyze/resolve.ts';
import { RUNTIME_DEFAULTS as R } from '../config/defaults.ts';
import { entriesFromModel, planInit, writeInit, type InitEntry, type InitPlan } from '../config/init.ts';
import type { InitOptions } from '../config/init-project.ts';
import { tomlKeyLine } from '../config/toml-lines.ts';
import { UserError } from '../errors.ts';
import type { AppModel } from '../model/app.ts';
import { planServer } from '../synth/commands.ts';
import { resolveOptions } from '../synth/options.ts';
import { applyDependencyStep, declares, dependencyStep, runCommand, type CommandRunner, type DependencyOutcome } from './dependency.ts';
import { companionSpec, decideFeatures, isCompanionTarget, moduleLocation, wrappedTargetOf, type Features } from './plan.ts';
import { exposedAttribute, ownership, renderCompanion, renderGunicornConf, type ReadinessCheck } from './render.ts';

/**
 * `py2kube init --runtime`: everything `init` records, plus the runtime companion. The user's
 * own files are left as they are; the companion is one new module that imports the app and
 * wraps it, and `[tool.py2kube] app` points the server at it. The only other writes are a
 * gunicorn.conf.py when the project has none, and the prometheus-client dependency through the
 * project's manager.
 */

export interface InitRuntimeOptions extends InitOptions {
  /** Runs the package manager (tests pass their own); defaults to spawning it. */
  run?: CommandRunner;
}

/** What happened to one file: written new, rewritten (ours, untouched since), already current, or left alone. */
export type FileAction = 'created' | 'updated' | 'unchanged' | 'kept-edited' | 'kept-existing' | 'skipped';

export interface RuntimeFile {
  file: string;
  action: FileAction;
  why: string;
  /** What py2kube generated for it (also when the file was left alone or in a dry run). */
  text?: string;
}

export interface InitRuntimeResult {
  detected: DetectResult;
  /** The app as it was before the companion: what the module wraps and is sized for. */
  model: AppModel;
  /** The target the companion wraps, and the one the server now runs. */
  wrapped: string;
  serves: string;
  features: Features;
  checks: ReadinessCheck[];
  files: RuntimeFile[];
  config: InitPlan;
  /** `[tool.py2kube] app` before this run when it was set to something else, now replaced by `serves`. */
  replacedApp: string | null;
  dependency: DependencyOutcome | null;
  dryRun: boolean;
}

export async function initRuntime(dir: string, options: InitRuntimeOptions = {}): Promise<InitRuntimeResult> {
  const dryRun = options.dryRun === true;
  const detected = await detect(dir, options);
  const { project, config: loaded, facts } = detected;
  const errors = detected.model.diagnostics.filter((d) => d.level === 'error');
  if (errors.length > 0) {
    throw new UserError(errors.map((d) => d.message).join('\n'), { code: 'E_RUNTIME_UNSUPPORTED', hint: 'Run `py2kube detect` and settle the errors first.' });
  }
  const abs = (file: string): string => path.join(project.dir, file);
  const read = (file: string): string | null => (fs.existsSync(abs(file)) ? fs.readFileSync(abs(file), 'utf8') : null);
  const isDirectory = (d: string): boolean => fs.existsSync(abs(d)) && fs.statSync(abs(d)).isDirectory();

  // The app before the companion: on a second run [tool.py2kube] app already names the module,
  // whose WRAPPED_APP line says what it wraps.
  let wrapped = detected.model.appPath;
  if (isCompanionTarget(wrapped)) {
    const location = moduleLocation(wrapped!, detected.model.workdir, isDirectory);
    const candidates = [location.file, ...(loaded.config.workdir === undefined ? [] : [moduleLocation(wrapped!, loaded.config.workdir, isDirectory).file])];
    const recorded = candidates.map(read).map((text) => (text === null ? null : wrappedTargetOf(text))).find((t) => t !== null);
    wrapped = recorded ?? resolveWith(detected, undefined).appPath;
  }
  if (wrapped === null) {
    throw new UserError('No app target was found, so there is nothing for the runtime companion to wrap.', {
      code: 'E_NO_APP',
      hint: 'Set app = "package.module:app" (or "package:create_app()") in [tool.py2kube], then run init --runtime again.',
    });
  }
  // Resolved again only on a later run, where config names the module: the first run's model
  // already is the app as it was, with its evidence intact for the recorded comments.
  const model = wrapped === detected.model.appPath ? detected.model : resolveWith(detected, wrapped);
  const location = moduleLocation(wrapped, model.workdir, isDirectory);
  const serves = `${location.module}:${exposedAttribute(wrapped)}${wrapped.endsWith('()') ? '()' : ''}`;
  const features = decideFeatures(facts, loaded.config, location.file);
  const spec = companionSpec(model, wrapped, location, features);

  const files: RuntimeFile[] = [writeGenerated(location.file, renderCompanion(spec), read, abs, dryRun, `wraps ${wrapped}`)];
  files.push(gunicornConf(model, loaded.config, read, abs, dryRun));

  const configPlan = recordConfig(detected, model, serves, features, dryRun);

  let dependency: DependencyOutcome | null = null;
  if (features.metrics !== null) {
    dependency = declares(model, R.metricsPackage)
      ? { status: 'present', package: R.metricsPackage }
      : applyDependencyStep(project.dir, R.metricsPackage, dependencyStep(model, R.metricsPackage, read), options.run ?? runCommand, dryRun);
  }
  const previous = loaded.config.app;
  const replacedApp = previous !== undefined && previous !== serves ? previous : null;
  return { detected, model, wrapped, serves, features, checks: spec.checks, files, config: configPlan, replacedApp, dependency, dryRun };
}

/** The model resolved again with `app` replaced (undefined: removed), from the same facts. */
function resolveWith(detected: DetectResult, app: string | undefined): AppModel {
  const { config: loaded, facts, project, model } = detected;
  const { app: _dropped, ...rest } = loaded.config;
  const config = app === undefined ? rest : { ...rest, app };
  return resolve({
    facts,
    config: { ...loaded, config },
    appRoot: { appRoot: project.appRoot, evidence: model.evidence['appRoot'] ?? [], diagnostics: [] },
    folderName: path.basename(project.dir),
  });
}

/** Writes a generated file unless it exists and is not an untouched copy of ours. */
function writeGenerated(
  file: string,
  text: string,
  read: (file: string) => string | null,
  abs: (file: string) => string,
  dryRun: boolean,
  what: string,
): RuntimeFile {
  const before = read(file);
  if (before === text) return { file, action: 'unchanged', why: what, text };
  if (before !== null) {
    const owner = ownership(before);
    if (owner === 'edited') return { file, action: 'kept-edited', why: 'edited since py2kube wrote it; delete it to have it written again', text };
    if (owner === 'foreign') return { file, action: 'kept-existing', why: 'not written by py2kube; left as it is', text };
  }
  if (!dryRun) {
    fs.mkdirSync(path.dirname(abs(file)), { recursive: true });
    fs.writeFileSync(abs(file), text);
  }
  return { file, action: before === null ? 'created' : 'updated', why: what, text };
}

/** gunicorn.conf.py in the server's working directory, for gunicorn apps that have no config file of their own. */
function gunicornConf(model: AppModel, config: DetectResult['config']['config'], read: (file: string) => string | null, abs: (file: string) => string, dryRun: boolean): RuntimeFile {
  const target = path.posix.join(model.workdir === '.' ? '' : model.workdir, 'gunicorn.conf.py');
  let plan;
  try {
    plan = planServer(model);
  } catch {
    return { file: target, action: 'skipped', why: 'the project installs no gunicorn' };
  }
  if (plan.kind !== 'gunicorn') return { file: target, action: 'skipped', why: 'the app runs under uvicorn, not gunicorn' };
  const dirs = [...new Set([model.workdir, model.appRoot, model.installRoot])];
  const own = dirs.flatMap((d) => GUNICORN_CONFIG_FILES.map((name) => path.posix.join(d === '.' ? '' : d, name)))
    .find((file) => read(file) !== null && (file !== target || ownership(read(file)!) === 'foreign'));
  if (own !== undefined) {
    return { file: own, action: 'kept-existing', why: 'the project\'s own gunicorn configuration; add the child_exit hook from docs/runtime.md to it for exact multiprocess metrics' };
  }
  const options = resolveOptions(model, config);
  const lockfile = model.lockfile === null ? null : path.posix.relative(path.posix.dirname(target), model.lockfile);
  const text = renderGunicornConf({
    service: model.name,
    port: model.port,
    lockfile,
    workerClass: plan.workerClass,
    timeouts: options.timeouts,
    workers: options.workers,
  });
  return writeGenerated(target, text, read, abs, dryRun, 'JSON logs, the startup line and multiprocess-metrics hooks for gunicorn');
}

/**
 * `[tool.py2kube]`: what `init` records for the app as it was, with `app` pointing at the
 * companion and the probe and metrics paths it serves, so `generate` uses both.
 */
function recordConfig(detected: DetectResult, model: AppModel, serves: string, features: Features, dryRun: boolean): InitPlan {
  const { project, config: loaded } = detected;
  const pyproject = project.inApp('pyproject.toml');
  const usePyproject = project.has(pyproject);
  const file = usePyproject ? pyproject : project.inApp('py2kube.toml');
  const table = usePyproject ? 'tool.py2kube' : '';
  const target = path.join(project.dir, file);
  const original = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  const why = `py2kube init --runtime: the companion module serves ${model.appPath}`;
  const entries: InitEntry[] = entriesFromModel(model).map((e) => (e.key === 'app' ? { ...e, value: serves, comment: why } : e));
  if (!entries.some((e) => e.key === 'app')) entries.unshift({ key: 'app', value: serves, comment: why });
  const own = (key: string, value: string | null, role: string): void => {
    if (value !== null && !entries.some((e) => e.key === key)) entries.push({ key, value, comment: `py2kube init --runtime: ${role} served by the companion module` });
  };
  own('health.liveness', features.liveness, 'liveness');
  own('health.readiness', features.readiness, 'readiness');
  own('metrics', features.metrics, 'Prometheus metrics');

  // init never rewrites a key, but app is the one --runtime must change when it is already set.
  const before = loaded.config.app !== undefined && loaded.config.app !== serves ? replaceValue(original, file, table, 'app', serves) : original;
  const plan = planInit(file, before, loaded.config, table, entries);
  const result: InitPlan = { ...plan, before: original, exists: original !== '' };
  if (!dryRun && result.after !== result.before) writeInit(project.dir, { ...result, before: original }, table);
  return result;
}

/** Replaces the string value of `key = "…"` in the py2kube table, keeping the rest of the line. */
function replaceValue(text: string, file: string, table: string, key: string, value: string): string {
  const line = tomlKeyLine(text, table, [key]);
  const lines = text.split('\n');
  const current = line > 0 ? lines[line - 1]! : '';
  const replaced = current.replace(/^(\s*app\s*=\s*)(["'])[^"']*\2/, `$1${JSON.stringify(value)}`);
  if (line === 0 || replaced === current) {
    throw new UserError(`${file}:${line}: [${table || 'py2kube.toml'}] app is not written as app = "…", so init --runtime cannot point it at the companion module.`, {
      code: 'E_CONFIG_CONFLICT',
      hint: `Set app = ${JSON.stringify(value)} yourself and run init --runtime again.`,
    });
  }
  lines[line - 1] = replaced;
  return lines.join('\n');
}
