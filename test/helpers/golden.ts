import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './project.ts';

export const GOLDEN_DIR = path.join(REPO_ROOT, 'test/golden');

/** Whether this run rewrites golden files: only with UPDATE_GOLDEN=1, and never in CI. */
export const UPDATING = process.env['UPDATE_GOLDEN'] === '1' && process.env['CI'] === undefined;

/**
 * Compares `actual` with the committed golden file `test/golden/<file>`. With UPDATE_GOLDEN=1
 * (`npm run test:update`) it rewrites the file instead, for review in the diff like any code.
 */
export function assertGolden(actual: string, file: string): void {
  const full = path.join(GOLDEN_DIR, file);
  if (UPDATING) {
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (!fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== actual) fs.writeFileSync(full, actual);
    return;
  }
  assert.ok(fs.existsSync(full), `golden file test/golden/${file} is missing; run \`npm run test:update\` and review the new file`);
  assert.equal(actual, fs.readFileSync(full, 'utf8'), `test/golden/${file} differs; if the change is intended, run \`npm run test:update\` and review the diff`);
}

/** Golden files under `test/golden/<dir>/` that the current output no longer has (removed when updating). */
export function staleGoldens(dir: string, expected: readonly string[]): string[] {
  const root = path.join(GOLDEN_DIR, dir);
  if (!fs.existsSync(root)) return [];
  const want = new Set(expected);
  const stale = (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => !want.has(f));
  if (UPDATING) for (const f of stale) fs.rmSync(path.join(root, f));
  return UPDATING ? [] : stale;
}
