import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * py2kube's own files (package.json, docs/, schemas/) are found from the package root, looked up
 * from this module: the same code then works from src/ (tests), dist/ (the library) and the
 * bundled command line, where every module shares one location.
 */
let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'py2kube') return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`py2kube's package.json was not found above ${fileURLToPath(import.meta.url)}`);
  }
}

/** A path inside the package, e.g. `packagePath('docs', 'rules')`. */
export function packagePath(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
