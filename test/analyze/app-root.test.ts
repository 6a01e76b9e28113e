import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findAppRoot } from '../../src/analyze/app-root.ts';
import { fixtureProject } from '../helpers/project.ts';

async function rootOf(fixture: string) {
  const project = await fixtureProject(fixture);
  return findAppRoot(project.files, (f) => project.read(f));
}

test('finds the service in backend/ of a monorepo', async () => {
  const result = await rootOf('monorepo-backend');
  assert.equal(result.appRoot, 'backend');
  assert.deepEqual(result.diagnostics, []);
});

test('keeps a library repo at its root instead of taking its example app', async () => {
  const result = await rootOf('library-with-examples');
  assert.equal(result.appRoot, '.');
});

test('picks the workspace member that is a service, not the library member', () => {
  const files = ['pyproject.toml', 'uv.lock', 'packages/api/pyproject.toml', 'packages/core/pyproject.toml'];
  const texts: Record<string, string> = {
    'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
    'packages/api/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi", "core"]\n',
    'packages/core/pyproject.toml': '[project]\nname = "core"\ndependencies = ["pydantic"]\n',
  };
  assert.equal(findAppRoot(files, (f) => texts[f] ?? null).appRoot, 'packages/api');
});

test('two equally good service folders are reported as ambiguous with the app-root key', () => {
  const files = ['services/billing/requirements.txt', 'services/orders/requirements.txt'];
  const result = findAppRoot(files, () => 'flask\n');
  assert.equal(result.appRoot, 'services/billing');
  assert.equal(result.diagnostics[0]?.code, 'W_AMBIGUOUS_APP_ROOT');
  assert.equal(result.diagnostics[0]?.configKey, 'app-root');
});

test('an empty folder is an error diagnostic', () => {
  const result = findAppRoot([], () => null);
  assert.equal(result.diagnostics[0]?.code, 'E_EMPTY_PROJECT');
});

test('a folder without Python is an error diagnostic', () => {
  const result = findAppRoot(['index.js', 'package.json'], () => null);
  assert.equal(result.diagnostics[0]?.code, 'E_NOT_PYTHON');
});

test('two service folders are ambiguous even when their names score differently', () => {
  const files = ['backend/requirements.txt', 'workers/email/requirements.txt'];
  const result = findAppRoot(files, () => 'celery\n');
  assert.equal(result.appRoot, 'backend');
  assert.equal(result.diagnostics[0]?.code, 'W_AMBIGUOUS_APP_ROOT');
});
