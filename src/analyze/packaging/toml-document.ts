// TOML 1.0: https://toml.io/en/v1.0.0
import type { Project } from '../project.ts';
import { indexTomlPositions, type TomlPath, type TomlPositions } from './toml-positions.ts';

/** A parsed TOML file with the positions of its keys. */
export interface TomlDocument {
  /** POSIX-relative to the analysed directory. */
  file: string;
  data: Record<string, unknown>;
  positions: TomlPositions;
}

/** Reads a TOML file through the project (a syntax error becomes the project's problem, and null here). */
export function readTomlDocument(project: Project, file: string): TomlDocument | null {
  const data = project.readToml(file);
  const text = project.read(file);
  if (data === null || text === null) return null;
  return { file, data, positions: indexTomlPositions(text) };
}

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(data: unknown, path: TomlPath): unknown {
  let current: unknown = data;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isTable(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}

export function getTable(data: unknown, path: TomlPath): Record<string, unknown> | null {
  const value = getPath(data, path);
  return isTable(value) ? value : null;
}

export function getString(data: unknown, path: TomlPath): string | null {
  const value = getPath(data, path);
  return typeof value === 'string' ? value : null;
}
