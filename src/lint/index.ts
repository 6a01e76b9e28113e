import * as path from 'node:path';
import { GENERATE_DEFAULTS } from '../config/defaults.ts';
import { UserError } from '../errors.ts';
import { resolveKubeVersion } from '../kube-schema/validate.ts';
import type { AppModel } from '../model/app.ts';
import { loadCheckConfig } from './config.ts';
import { lint, type LintResult } from './engine.ts';
import { isDockerfileName, parseDockerfile } from './load/dockerfile.ts';
import { loadInputs } from './load/sources.ts';
import { createSource, parseYaml } from './load/yaml.ts';
import { rules as registeredRules } from './rules/index.ts';
import type { AnyRule, Finding, Severity } from './types.ts';

export interface CheckOptions {
  /** Folder paths are shown relative to; defaults to `process.cwd()`. */
  cwd?: string;
  /** Standard input, when a path is `-`. */
  stdin?: string;
  dockerfiles?: readonly string[];
  /** `--config FILE`: a pyproject.toml, py2kube.toml or .py2kube.yaml with check settings. */
  configFile?: string;
  /** `--project DIR`: the Python project the manifests deploy, for cross-checks. */
  projectDir?: string;
  kubeVersion?: string;
  /** Refuse suppressions of non-suppressible rules. */
  strict?: boolean;
  /** Findings at or above this severity fail the check. */
  severity?: Severity;
  renderKustomize?: (dir: string) => string;
  /** Rules to run instead of the registry (tests). */
  rules?: readonly AnyRule[];
}

export interface CheckResult extends LintResult {
  threshold: Severity;
  /** Whether a finding is at or above the threshold (exit code 1). */
  failed: boolean;
  kubeVersion: string;
  configFile: string | null;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function isAtOrAbove(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** Lints manifests and Dockerfiles at the given paths (`-` is standard input). */
export async function check(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  let project: AppModel | undefined;
  let projectConfig = undefined as Awaited<ReturnType<typeof import('../analyze/index.ts').detect>>['config']['config']['check'];
  if (options.projectDir !== undefined) {
    // Loaded only for --project: reading Python projects brings in the parser and every detector.
    const { detect } = await import('../analyze/index.ts');
    const detected = await detect(path.resolve(cwd, options.projectDir));
    project = detected.model;
    projectConfig = detected.config.config.check;
  }
  const loaded = options.configFile !== undefined || projectConfig === undefined
    ? loadCheckConfig({ ...(options.configFile === undefined ? {} : { configFile: path.resolve(cwd, options.configFile) }), dirs: [cwd] })
    : { config: projectConfig, file: path.join(options.projectDir!, 'pyproject.toml') };
  const config = loaded.config;
  const kubeVersion = resolveKubeVersion(options.kubeVersion ?? config['kube-version'] ?? GENERATE_DEFAULTS.kubeVersion);

  const inputs = loadInputs(paths.length > 0 ? paths : ['.'], {
    cwd,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.dockerfiles === undefined ? {} : { dockerfiles: options.dockerfiles }),
    ...(options.renderKustomize === undefined ? {} : { renderKustomize: options.renderKustomize }),
  });
  if (inputs.manifests.length === 0 && inputs.dockerfiles.length === 0 && inputs.problems.length === 0) {
    const shown = paths.length > 0 ? paths.join(', ') : '.';
    throw new UserError(`Found no Kubernetes objects or Dockerfiles in ${shown}.${inputs.notes.length > 0 ? `\n  ${inputs.notes.slice(0, 5).join('\n  ')}` : ''}`, {
      code: 'E_USAGE',
      hint: 'Pass manifest files or folders (*.yaml, *.yml), a Kustomize folder, a Dockerfile, or "-" with `helm template … |`.',
    });
  }
  const result = lint(inputs, {
    rules: options.rules ?? registeredRules,
    ...(config.preset === undefined ? {} : { preset: config.preset }),
    ...(config.rules === undefined ? {} : { settings: config.rules }),
    ...(config.ignore === undefined ? {} : { ignores: config.ignore }),
    strict: options.strict ?? config.strict ?? false,
    kubeVersion,
    ...(project === undefined ? {} : { project }),
  });
  const threshold = options.severity ?? config.severity ?? 'error';
  return { ...result, threshold, failed: result.findings.some((f) => isAtOrAbove(f.severity, threshold)), kubeVersion, configFile: loaded.file };
}

export interface LintTextOptions {
  /** Name of the text's file; `Dockerfile` (or `*.Dockerfile`) reads it as a Dockerfile. */
  filename?: string;
  rules?: readonly AnyRule[];
  kubeVersion?: string;
  strict?: boolean;
  settings?: Parameters<typeof lint>[1]['settings'];
  ignores?: Parameters<typeof lint>[1]['ignores'];
  project?: AppModel;
}

/** Lints one in-memory file, as if read from disk (so fixes are planned); for tests and editors. */
export function lintText(text: string, options: LintTextOptions = {}): LintResult {
  const filename = options.filename ?? 'manifest.yaml';
  const source = createSource(filename, text, 'file', path.resolve(filename));
  const dockerfile = isDockerfileName(path.basename(filename));
  const parsed = dockerfile ? { manifests: [], problems: [], notes: [] } : parseYaml(source);
  return lint(
    { manifests: parsed.manifests, dockerfiles: dockerfile ? [parseDockerfile(source)] : [], problems: parsed.problems, notes: parsed.notes, sources: [source] },
    {
      rules: options.rules ?? registeredRules,
      kubeVersion: options.kubeVersion ?? GENERATE_DEFAULTS.kubeVersion,
      ...(options.strict === undefined ? {} : { strict: options.strict }),
      ...(options.settings === undefined ? {} : { settings: options.settings }),
      ...(options.ignores === undefined ? {} : { ignores: options.ignores }),
      ...(options.project === undefined ? {} : { project: options.project }),
    },
  );
}

export { applyFixes, type FixResult } from './fix.ts';
export { computePreset, PRESETS, type PresetName } from './presets.ts';
export { registeredRules as rules };
export type { Finding, Severity };
export type { LintResult };
