import type { z } from 'zod';
import { UserError } from '../errors.ts';
import type { Project } from '../analyze/project.ts';
import { configSchema, type Config } from './schema.ts';
import { tomlKeyLine, tomlTableLine } from './toml-lines.ts';

export interface LoadedConfig {
  config: Config;
  /** The file the config came from (POSIX-relative to the analysed dir), or null when there is none. */
  file: string | null;
  /** Table holding the config: `tool.py2kube` in pyproject.toml, `` (the whole file) in py2kube.toml. */
  table: string;
  /** 1-based line of a config key (`port`, `env.prod.replicas`) in `file`, or 0. */
  lineOf(path: readonly (string | number)[]): number;
}

const EMPTY: LoadedConfig = { config: {}, file: null, table: '', lineOf: () => 0 };

/**
 * Reads `[tool.py2kube]` from the app's pyproject.toml, or `py2kube.toml` when the project has
 * no pyproject. A malformed pyproject is a UserError: nothing about the project can be trusted
 * until it parses.
 */
export function loadConfig(project: Project): LoadedConfig {
  const pyproject = project.inApp('pyproject.toml');
  const standalone = project.inApp('py2kube.toml');
  if (project.has(pyproject)) {
    const data = project.readTomlStrict(pyproject);
    const tool = data?.['tool'];
    const table = typeof tool === 'object' && tool !== null ? (tool as Record<string, unknown>)['py2kube'] : undefined;
    if (table === undefined) {
      if (project.has(standalone)) return loadFile(project, standalone, '');
      return { ...EMPTY, file: null };
    }
    return validate(project, pyproject, 'tool.py2kube', table);
  }
  if (project.has(standalone)) return loadFile(project, standalone, '');
  return EMPTY;
}

function loadFile(project: Project, file: string, table: string): LoadedConfig {
  const data = project.readTomlStrict(file) ?? {};
  return validate(project, file, table, data);
}

function validate(project: Project, file: string, table: string, raw: unknown): LoadedConfig {
  const text = project.read(file) ?? '';
  const lineOf = (path: readonly (string | number)[]): number =>
    tomlKeyLine(text, table, path) || tomlTableLine(text, table);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => describeIssue(file, table, issue, raw, lineOf));
    const first = result.error.issues[0];
    throw new UserError(
      `Invalid py2kube configuration in "${file}":\n${lines.map((l) => `  ${l}`).join('\n')}`,
      {
        code: 'E_CONFIG_INVALID',
        location: `${file}:${lineOf(first?.path.map(toKey) ?? [])}`,
        hint: 'Fix the values above; every key, its type and its default are listed in docs/config.md.',
      },
    );
  }
  return { config: result.data, file, table, lineOf };
}

function toKey(p: PropertyKey): string | number {
  return typeof p === 'symbol' ? String(p) : p;
}

function describeIssue(
  file: string,
  table: string,
  issue: z.core.$ZodIssue,
  raw: unknown,
  lineOf: (path: readonly (string | number)[]) => number,
): string {
  const path = issue.path.map(toKey);
  const where = `${file}:${lineOf(path)}`;
  const prefix = table === '' ? '' : `[${table}] `;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const keyPath = [...path, keys[0] ?? ''];
    const at = `${file}:${lineOf(keyPath)}`;
    const parent = path.length > 0 ? `${path.join('.')}.` : '';
    return `${at}: ${prefix}unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${parent}${k}"`).join(', ')}. Remove ${keys.length > 1 ? 'them' : 'it'} or check the spelling against docs/config.md.`;
  }
  const value = valueAt(raw, path);
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  return `${where}: ${prefix}"${path.join('.')}" ${issue.message}${shown}.`;
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
