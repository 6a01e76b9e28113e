import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYamlValue } from 'yaml';
import { UserError } from '../../errors.ts';
import { isDockerfileName, parseDockerfile, type DockerfileSource } from './dockerfile.ts';
import { renderKustomizeWithTools } from './kustomize.ts';
import { createKustomizeSources, KUSTOMIZATION_FILES } from './kustomize-sources.ts';
import type { Manifest, SourceFile } from './manifest.ts';
import { createSource, parseYaml, type LoadProblem } from './yaml.ts';

/** Larger inputs are refused with a clear error rather than read into memory. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'venv', 'site-packages']);

export interface LoadOptions {
  /** Folder display paths are relative to; defaults to `process.cwd()`. */
  cwd?: string;
  /** The text of standard input, read by the caller when a path is `-`. */
  stdin?: string;
  /** Extra Dockerfiles (`--dockerfile`), whatever their names. */
  dockerfiles?: readonly string[];
  /** Renders a Kustomize folder to YAML; defaults to `kubectl kustomize` or `kustomize build`. */
  renderKustomize?: (dir: string) => string;
  maxInputBytes?: number;
}

export interface LoadedInputs {
  sources: SourceFile[];
  manifests: Manifest[];
  dockerfiles: DockerfileSource[];
  problems: LoadProblem[];
  notes: string[];
}

/** Reads every path (files, folders, Kustomize folders, `-`) into objects and Dockerfiles. */
export function loadInputs(paths: readonly string[], options: LoadOptions = {}): LoadedInputs {
  const cwd = options.cwd ?? process.cwd();
  const max = options.maxInputBytes ?? MAX_INPUT_BYTES;
  const loaded: LoadedInputs = { sources: [], manifests: [], dockerfiles: [], problems: [], notes: [] };
  const display = (abs: string): string => toPosix(path.relative(cwd, abs) || path.basename(abs));
  const seen = new Set<string>();

  const addYaml = (source: SourceFile, sourceMapOf?: (manifest: Manifest) => Manifest['sourceMap']): void => {
    loaded.sources.push(source);
    const parsed = parseYaml(source);
    // Appended one by one: spreading a 100,000-document stream into push() overflows the call stack.
    for (const manifest of parsed.manifests) {
      const sourceMap = sourceMapOf?.(manifest);
      if (sourceMap !== undefined) manifest.sourceMap = sourceMap;
      loaded.manifests.push(manifest);
    }
    for (const problem of parsed.problems) loaded.problems.push(problem);
    for (const note of parsed.notes) loaded.notes.push(note);
  };
  const addFile = (abs: string, kind: 'yaml' | 'dockerfile'): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const text = readCapped(abs, display(abs), max);
    const source = createSource(display(abs), text, 'file', abs);
    if (kind === 'dockerfile') {
      loaded.sources.push(source);
      loaded.dockerfiles.push(parseDockerfile(source));
    } else addYaml(source);
  };
  // The files Kustomize folders are built from, read once however many overlays include them.
  let kustomizeSources: ReturnType<typeof createKustomizeSources> | undefined;
  const addKustomize = (dir: string): void => {
    const render = options.renderKustomize ?? renderKustomizeWithTools;
    const text = render(dir);
    const file = KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f)) ?? dir;
    kustomizeSources ??= createKustomizeSources({ display, maxInputBytes: max });
    addYaml(createSource(display(file), text, 'kustomize'), kustomizeSources.sourceMapsFor(dir));
  };

  for (const input of paths) {
    if (input === '-') {
      if (options.stdin === undefined) throw new UserError('"-" means standard input, but nothing was read from it.', { code: 'E_USAGE', hint: 'Pipe manifests in, e.g. `helm template ./chart | py2kube check -`.' });
      if (Buffer.byteLength(options.stdin) > max) throw tooLarge('standard input', Buffer.byteLength(options.stdin), max);
      addYaml(createSource('<stdin>', options.stdin, 'stdin'));
      continue;
    }
    const abs = path.resolve(cwd, input);
    const stat = statOrNull(abs);
    if (stat === null) throw new UserError(`"${input}" does not exist.`, { code: 'E_FILE_UNREADABLE', hint: 'Pass manifest files, folders, Kustomize folders or "-" for standard input.' });
    if (stat.isDirectory()) {
      if (isHelmChart(abs)) throw helmChart(input);
      if (isKustomizeDir(abs)) {
        addKustomize(abs);
        continue;
      }
      const walked = walk(abs);
      for (const chart of walked.charts) loaded.notes.push(`${display(chart)}: skipped a Helm chart; render it first: helm template ${display(chart)} | py2kube check -`);
      for (const dir of rootKustomizations(walked.kustomizations)) addKustomize(dir);
      for (const file of walked.yaml) addFile(file, 'yaml');
      for (const file of walked.dockerfiles) addFile(file, 'dockerfile');
    } else {
      addFile(abs, isDockerfileName(path.basename(abs)) ? 'dockerfile' : 'yaml');
    }
  }
  for (const input of options.dockerfiles ?? []) {
    const abs = path.resolve(cwd, input);
    if (statOrNull(abs)?.isFile() !== true) throw new UserError(`--dockerfile "${input}" is not a file.`, { code: 'E_FILE_UNREADABLE' });
    addFile(abs, 'dockerfile');
  }
  return loaded;
}

function readCapped(abs: string, shown: string, max: number): string {
  const size = fs.statSync(abs).size;
  if (size > max) throw tooLarge(`"${shown}"`, size, max);
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch (cause) {
    throw new UserError(`"${shown}" cannot be read: ${(cause as Error).message}.`, { code: 'E_FILE_UNREADABLE', cause });
  }
}

function tooLarge(what: string, size: number, max: number): UserError {
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new UserError(`${what} is ${mb(size)}; py2kube check reads at most ${mb(max)} per input.`, {
    code: 'E_FILE_UNREADABLE',
    hint: 'Split the manifests into several files, or check only the ones you deploy.',
  });
}

function helmChart(input: string): UserError {
  return new UserError(`"${input}" is a Helm chart; its templates are not YAML until Helm renders them.`, {
    code: 'E_USAGE',
    hint: `Render it first: helm template ${input} -f values.yaml | py2kube check -`,
  });
}

interface Walked {
  yaml: string[];
  dockerfiles: string[];
  kustomizations: string[];
  charts: string[];
}

/**
 * Files under a folder, sorted. Helm charts are taken whole. A Kustomize folder is rendered
 * whole, so its YAML files are not read one by one, but folders inside it are still searched
 * for Kustomize folders of their own (an overlay's `migrate/` is applied on its own).
 */
function walk(root: string): Walked {
  const out: Walked = { yaml: [], dockerfiles: [], kustomizations: [], charts: [] };
  const visit = (dir: string, insideKustomization: boolean): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
        if (isHelmChart(full)) out.charts.push(full);
        else if (isKustomizeDir(full)) {
          out.kustomizations.push(full);
          visit(full, true);
        } else visit(full, insideKustomization);
      } else if (entry.isFile() && !insideKustomization) {
        // Dot-files are tool configs (.py2kube.yaml, .gitlab-ci.yml, .pre-commit-config.yaml), never manifests.
        if (entry.name.startsWith('.')) continue;
        if (/\.ya?ml$/.test(entry.name)) out.yaml.push(full);
        else if (isDockerfileName(entry.name)) out.dockerfiles.push(full);
      }
    }
  };
  visit(root, false);
  return out;
}

/** Kustomize folders no other found folder builds on: overlays, not the bases they include. */
function rootKustomizations(dirs: readonly string[]): string[] {
  const referenced = new Set<string>();
  for (const dir of dirs) {
    const file = KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (file === undefined) continue;
    let data: unknown;
    try {
      data = parseYamlValue(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (typeof data !== 'object' || data === null) continue;
    const record = data as Record<string, unknown>;
    for (const key of ['resources', 'bases', 'components']) {
      const list = record[key];
      if (!Array.isArray(list)) continue;
      for (const entry of list) if (typeof entry === 'string') referenced.add(path.resolve(dir, entry));
    }
  }
  return dirs.filter((dir) => !referenced.has(dir));
}

function isKustomizeDir(dir: string): boolean {
  return KUSTOMIZATION_FILES.some((f) => fs.existsSync(path.join(dir, f)));
}

function isHelmChart(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'Chart.yaml'));
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
