import type { LoadedConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { AppRootResult } from '../../src/analyze/app-root.ts';
import type { Fact } from '../../src/model/facts.ts';
import type { ResolveInput } from '../../src/analyze/resolve.ts';

/** Hand-built facts for resolve tests: `fact('server', { value: 'gunicorn' }, 'Procfile', 1)`. */
export function fact<K extends Fact['kind']>(
  kind: K,
  fields: Omit<Extract<Fact, { kind: K }>, 'kind' | 'source' | 'why'>,
  file = 'pyproject.toml',
  line = 1,
  why = `test evidence for ${kind}`,
): Extract<Fact, { kind: K }> {
  return { kind, ...fields, source: { file, line }, why } as Extract<Fact, { kind: K }>;
}

export function dep(name: string, group: 'runtime' | 'dev' | 'optional' = 'runtime', line = 1, extras?: string[]): Fact {
  return fact('dependency', { name, specifier: '', group, ...(extras !== undefined ? { extras } : {}) }, 'pyproject.toml', line);
}

export function configOf(config: Config = {}, file = 'pyproject.toml'): LoadedConfig {
  return { config, file, table: 'tool.py2kube', lineOf: () => 7 };
}

export function rootAt(appRoot = '.'): AppRootResult {
  return { appRoot, evidence: [], diagnostics: [] };
}

export function input(facts: Fact[], config: Config = {}): ResolveInput {
  return { facts, config: configOf(config), appRoot: rootAt(), folderName: 'svc' };
}
