import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { detect } from '../analyze/index.ts';
import { walkFiles, type WalkResult } from '../analyze/project.ts';
import { GENERATE_DEFAULTS as D } from '../config/defaults.ts';
import { UserError } from '../errors.ts';
import { packageVersion } from '../package-root.ts';
import { resolveKubeVersion, validateObjects, type SchemaFinding } from '../kube-schema/validate.ts';
import type { AppModel, Diagnostic } from '../model/app.ts';
import type { KubeObject } from '../model/kube.ts';
import { mergedFile, ownedFile, ownershipOf, type HeaderContext, type PlannedFile } from '../render/files.ts';
import { mergeKustomization, renderKustomize } from '../render/kustomize.ts';
import type { Bundle, Layout } from '../synth/bundle.ts';
import { synthesizeCiWorkflow } from '../synth/ci-workflow.ts';
import { readDockerfileInputs, synthesizeDockerfile } from '../synth/dockerfile.ts';
import { synthesizeDockerignore } from '../synth/dockerignore.ts';
import { CELERY_RUNTIME_FILE, celeryRuntimeModule } from '../synth/celery-runtime.ts';
import { kubeNotes, synthesizeBase, synthesizeMigration, synthesizeOverlay } from '../synth/kube/index.ts';
import { resolveOptions, type ResolvedOptions } from '../synth/options.ts';

export interface GenerateOptions {
  /** Kustomize folder, relative to the app root (default `deploy`); must stay inside it. */
  outDir?: string;
  /** Write only this environment's overlay (plus the shared files). */
  env?: string;
  /** Compute and compare; write nothing. */
  check?: boolean;
  /** Kubernetes minor to target and validate against (default GENERATE_DEFAULTS.kubeVersion). */
  kubeVersion?: string;
  /** App root inside the analysed folder, as for `detect`. */
  appRoot?: string;
  /** Overwrite (or delete) generated files that were edited by hand. Files without the py2kube header are never touched. */
  force?: boolean;
}

export type FileAction =
  | 'create'
  | 'update'
  | 'unchanged'
  /** A generated file that py2kube no longer writes (an environment or a CronJob removed from config). */
  | 'delete'
  /** A file without the py2kube header sits where py2kube would write: the user's, left alone. */
  | 'kept'
  /** A generated file edited by hand: refused unless --force. */
  | 'edited';

export interface FileChange {
  path: string;
  action: FileAction;
  /** For `edited` and `delete` of an edited file: what --force would do. */
  forced?: 'update' | 'delete';
}

export interface GeneratePlan {
  /** The analysed folder, absolute. */
  dir: string;
  model: AppModel;
  options: ResolvedOptions;
  layout: Layout;
  files: PlannedFile[];
  changes: FileChange[];
  notes: Diagnostic[];
  /** Objects no bundled schema covers (custom resources), reported, not errors. */
  notValidated: SchemaFinding[];
}

export interface GenerateResult {
  plan: GeneratePlan;
  /** Whether anything was written (false with --check or when nothing changed). */
  written: boolean;
  /** With --check: every file that differs from what would be generated. */
  drift: FileChange[];
}

const DEFAULT_OUT = 'deploy';

function py2kubeVersion(): string {
  return packageVersion();
}

function join(...parts: string[]): string {
  return path.posix.join(...parts.filter((p) => p !== '' && p !== '.')) || '.';
}

/** `--out` as a path relative to the app root; it must stay inside the app, because the image copies generated runtime files from it. */
function resolveOutDir(dir: string, appRoot: string, given: string | undefined): string {
  const appAbs = path.resolve(dir, appRoot);
  const abs = path.resolve(appAbs, given ?? DEFAULT_OUT);
  const rel = path.relative(appAbs, abs).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UserError(`--out "${given}" is not a folder inside the app root "${appAbs}".`, {
      code: 'E_OUTPUT',
      hint: `Pass a folder inside the app, e.g. --out ${DEFAULT_OUT}: the Dockerfile copies generated runtime files from it, so it must be in the build context.`,
    });
  }
  return rel;
}

/**
 * The project's files minus those py2kube generated: its own Dockerfile or Celery wrapper must
 * never become evidence for the next run, or each run would feed on the last one's output (the
 * Dockerfile detector would read the Python version from the generated FROM line).
 */
function withoutGeneratedFiles(dir: string): WalkResult {
  const walked = walkFiles(dir);
  const candidate = (file: string): boolean => /(^|\/)(Dockerfile|\.dockerignore)$|\.(py|ya?ml)$/.test(file);
  return {
    ...walked,
    files: walked.files.filter((file) => !candidate(file) || ownershipOf(readHead(path.join(dir, file))) === 'user'),
  };
}

/** The first lines of a file: enough for the header, without reading big files whole. */
function readHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(2048);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function readIfFile(file: string): string | null {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}

/** Every file under `root` (POSIX paths relative to `dir`), or none when it does not exist. */
function listFiles(dir: string, root: string): string[] {
  const abs = path.join(dir, root);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** `output` and the command in its pip-compile header, for each pip-compile lockfile in the install root. */
function pipCompileOutputs(dir: string, model: AppModel): Array<{ output: string; command: string }> {
  if (model.packageManager !== 'pip-tools') return [];
  const root = path.join(dir, model.installRoot);
  return fs.readdirSync(root).filter((f) => f.endsWith('.txt')).sort().flatMap((output) => {
    const header = /^#\s+by the following command:\n#\n#\s+(pip-compile\b.*)$/m.exec(fs.readFileSync(path.join(root, output), 'utf8').split('\n').slice(0, 8).join('\n'));
    return header === null ? [] : [{ output, command: header[1]!.trim() }];
  });
}

/** The image half of the bundle: Dockerfile, .dockerignore and the runtime helpers it copies in. */
function imageFiles(model: AppModel, options: ResolvedOptions, layout: Layout, read: (file: string) => string | null): Pick<Bundle, 'dockerfile' | 'dockerignore' | 'runtimeFiles'> & { notes: Diagnostic[] } {
  const celery = model.celery !== null && options.celery !== null;
  return {
    dockerfile: synthesizeDockerfile(model, options, layout, readDockerfileInputs(model, read)),
    dockerignore: synthesizeDockerignore(model, layout),
    runtimeFiles: celery ? [{ path: join(layout.runtimeDir, CELERY_RUNTIME_FILE), content: celeryRuntimeModule(model, options) }] : [],
    notes: [],
  };
}

function sameYaml(a: string, b: string): boolean {
  const head = (text: string): string => text.split('\n').slice(0, 2).join('\n');
  try {
    return head(a) === head(b) && isDeepStrictEqual(parse(a), parse(b));
  } catch {
    return false;
  }
}

function describeFindings(findings: SchemaFinding[]): string {
  return findings.map((f) => `  ${f.object.kind} ${f.object.name}: ${f.path === '' ? '' : `${f.path} `}${f.message}`).join('\n');
}

/**
 * Validates every generated object against the bundled schema of the target version. Overlay
 * patches are partial objects, so for them only misspelt fields and wrong types count, not
 * missing required fields. A failure with the default version is a bug in py2kube; with a
 * version the user chose, it says which fields that version lacks.
 */
function validate(bundle: Bundle, migration: KubeObject | null, kubeVersion: string, chosen: boolean): SchemaFinding[] {
  const whole = [...bundle.base, ...(migration !== null ? [migration] : []), ...bundle.overlays.flatMap((o) => o.resources)];
  const findings = [
    ...validateObjects(whole, kubeVersion),
    ...validateObjects(bundle.overlays.flatMap((o) => o.patches), kubeVersion).filter((f) => !/must have required property/.test(f.message)),
  ];
  const errors = findings.filter((f) => f.level === 'error');
  if (errors.length > 0) {
    const text = `The generated objects do not validate against the Kubernetes ${kubeVersion} schema:\n${describeFindings(errors)}`;
    if (chosen) throw new UserError(text, { code: 'E_KUBE_VERSION', hint: `Target a newer Kubernetes version with --kube-version (default ${D.kubeVersion}).` });
    throw new Error(text);
  }
  return findings.filter((f) => f.level === 'not-validated');
}

/**
 * Computes everything `generate` would write, and what that does to each file on disk,
 * without writing. Bad config, a project without a server, an unknown --env or an invalid
 * --kube-version throw a UserError here, so nothing is ever half written.
 */
export async function planGenerate(dir: string, options: GenerateOptions = {}): Promise<GeneratePlan> {
  const absDir = path.resolve(dir);
  const detected = await detect(dir, { walked: withoutGeneratedFiles(absDir), ...(options.appRoot !== undefined ? { appRoot: options.appRoot } : {}) });
  const { model } = detected;
  const errors = model.diagnostics.filter((d) => d.level === 'error');
  if (errors.length > 0) {
    throw new UserError(`Cannot generate for "${dir}":\n${errors.map((e) => `  ${e.message}`).join('\n')}`, { code: 'E_CONFIG_INVALID', hint: `Run \`py2kube detect ${dir}\` for the evidence; settle each point in [tool.py2kube].` });
  }
  const kubeVersion = resolveKubeVersion(options.kubeVersion ?? D.kubeVersion);
  const resolved: ResolvedOptions = { ...resolveOptions(model, detected.config.config), kubeVersion };
  if (options.env !== undefined && !resolved.environments.some((e) => e.name === options.env)) {
    throw new UserError(`--env "${options.env}" is not one of the environments: ${resolved.environments.map((e) => e.name).join(', ')}.`, {
      code: 'E_USAGE', hint: 'Pass one of them, or add it as [tool.py2kube.env.<name>].',
    });
  }
  const outDir = resolveOutDir(absDir, model.appRoot, options.outDir);
  const layout: Layout = { outDir, runtimeDir: join(outDir, 'runtime') };
  const outFromRoot = join(model.appRoot, outDir);

  const image = imageFiles(model, resolved, layout, (file) => detected.project.read(file));
  const base = synthesizeBase(model, resolved);
  const migration = synthesizeMigration(model, resolved);
  const overlays = resolved.environments.map((env) => synthesizeOverlay(model, resolved, env));
  const generateArgs = [
    '.',
    ...(options.appRoot !== undefined ? ['--app-root', model.appRoot] : []),
    ...(outDir !== DEFAULT_OUT ? ['--out', outDir] : []),
    ...(kubeVersion !== D.kubeVersion ? ['--kube-version', kubeVersion] : []),
  ];
  const version = py2kubeVersion();
  const bundle: Bundle = {
    ...image,
    base,
    overlays,
    ciWorkflow: synthesizeCiWorkflow(model, resolved, {
      py2kubeVersion: version,
      generateArgs,
      outDir: outFromRoot,
      dockerfile: join(model.appRoot, 'Dockerfile'),
      buildContext: model.installRoot,
      pipCompile: pipCompileOutputs(absDir, model),
      deployments: base.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name),
      migrationJob: migration?.metadata.name ?? null,
    }),
    notes: [...image.notes, ...kubeNotes(model, resolved)],
  };
  const notValidated = validate(bundle, migration, kubeVersion, options.kubeVersion !== undefined);

  const configFile = detected.config.file ?? (fs.existsSync(path.join(absDir, model.appRoot, 'pyproject.toml')) ? join(model.appRoot, 'pyproject.toml') : join(model.appRoot, 'py2kube.toml'));
  const inputs = [...new Set([join(model.appRoot, 'pyproject.toml'), ...(model.lockfile !== null ? [model.lockfile] : []), configFile])]
    .filter((f) => fs.existsSync(path.join(absDir, f))).sort();
  const header: HeaderContext = { version, inputs: inputs.length > 0 ? inputs : ['the project'], configFile, outDir: outFromRoot };

  const selected = bundle.overlays.filter((o) => options.env === undefined || o.env.name === options.env);
  const layoutFiles = renderKustomize({ name: model.name, image: resolved.image, base, migration, overlays: selected });
  const files: PlannedFile[] = [
    ownedFile(join(model.appRoot, 'Dockerfile'), bundle.dockerfile, header),
    ownedFile(join(model.installRoot, '.dockerignore'), bundle.dockerignore, header),
    ...bundle.runtimeFiles.map((f) => ownedFile(join(model.appRoot, f.path), f.content, header)),
    ...layoutFiles.map((f) => (f.mode === 'owned'
      ? ownedFile(join(outFromRoot, f.path), f.body, header)
      : mergedFile(join(outFromRoot, f.path), f.body, header, 'entries you add to resources, patches, images and replicas, and any other key, are kept.'))),
    ownedFile(bundle.ciWorkflow.path, bundle.ciWorkflow.content, header),
  ];

  // Folders py2kube owns the generated files of: stale generated files there are deleted.
  const envDirs = options.env !== undefined
    ? [join(outFromRoot, 'overlays', options.env)]
    : [join(outFromRoot, 'overlays')];
  const scanned = [join(outFromRoot, 'base'), ...envDirs, join(model.appRoot, layout.runtimeDir)];
  const planned = new Set(files.map((f) => f.path));
  const onDisk = new Map<string, string>();
  for (const file of [...new Set([...scanned.flatMap((root) => listFiles(absDir, root)), ...planned])]) {
    const text = readIfFile(path.join(absDir, file));
    if (text !== null) onDisk.set(file, text);
  }

  const isGenerated = (file: string): boolean => planned.has(file) || (onDisk.has(file) && ownershipOf(onDisk.get(file)!) !== 'user');
  const changes: FileChange[] = [];
  const finalFiles = files.map((file): PlannedFile => {
    const existing = onDisk.get(file.path);
    if (file.mode !== 'merged' || existing === undefined || ownershipOf(existing) === 'user') return file;
    const folder = path.posix.dirname(file.path);
    const content = mergeKustomization(file.content, existing, (key, entry) => (key === 'images' || key === 'replicas')
      ? entry === model.name
      : isGenerated(path.posix.normalize(path.posix.join(folder, entry))));
    // Same header and same data: keep the user's formatting rather than rewrite it.
    return { ...file, content: sameYaml(content, existing) ? existing : content };
  });
  for (const file of finalFiles) {
    const existing = onDisk.get(file.path);
    if (existing === undefined) changes.push({ path: file.path, action: 'create' });
    else if (ownershipOf(existing) === 'user') changes.push({ path: file.path, action: 'kept' });
    else if (existing === file.content) changes.push({ path: file.path, action: 'unchanged' });
    else if (file.mode === 'owned' && ownershipOf(existing) === 'edited') changes.push({ path: file.path, action: 'edited', forced: 'update' });
    else changes.push({ path: file.path, action: 'update' });
  }
  for (const [file, text] of onDisk) {
    if (planned.has(file)) continue;
    const ownership = ownershipOf(text);
    if (ownership === 'generated') changes.push({ path: file, action: 'delete' });
    else if (ownership === 'edited') changes.push({ path: file, action: 'edited', forced: 'delete' });
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { dir: absDir, model, options: resolved, layout, files: finalFiles, changes, notes: bundle.notes, notValidated };
}

/** Applies a plan: writes created and updated files, deletes stale generated ones (and folders they leave empty). */
export function writePlan(plan: GeneratePlan, force = false): boolean {
  const byPath = new Map(plan.files.map((f) => [f.path, f]));
  let written = false;
  for (const change of plan.changes) {
    const action = change.action === 'edited' && force ? change.forced : change.action;
    const abs = path.join(plan.dir, change.path);
    if (action === 'create' || action === 'update') {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, byPath.get(change.path)!.content);
      written = true;
    } else if (action === 'delete') {
      fs.rmSync(abs);
      removeEmptyParents(plan.dir, path.dirname(abs));
      written = true;
    }
  }
  return written;
}

function removeEmptyParents(root: string, folder: string): void {
  let current = folder;
  while (current.startsWith(root) && current !== root && fs.readdirSync(current).length === 0) {
    fs.rmdirSync(current);
    current = path.dirname(current);
  }
}

/**
 * `py2kube generate`: plans, then writes, or with `check` only compares. Generated files that
 * were edited by hand stop the run (nothing is written) unless `force`.
 */
export async function generate(dir: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const plan = await planGenerate(dir, options);
  const drift = plan.changes.filter((c) => c.action !== 'unchanged' && c.action !== 'kept');
  if (options.check === true) return { plan, written: false, drift };
  const edited = plan.changes.filter((c) => c.action === 'edited');
  if (edited.length > 0 && options.force !== true) {
    throw new UserError(`These generated files were edited by hand since py2kube wrote them, so regenerating would lose the edits:\n${edited.map((c) => `  ${c.path}`).join('\n')}`, {
      code: 'E_OUTPUT',
      hint: `Move your change into a patch in ${join(plan.model.appRoot, plan.layout.outDir)}/overlays/<env>/ (listed in that overlay's kustomization.yaml) or into [tool.py2kube], then run again with --force to overwrite.`,
    });
  }
  return { plan, written: writePlan(plan, options.force === true), drift };
}
