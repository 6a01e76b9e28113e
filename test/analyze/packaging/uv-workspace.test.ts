import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancestorsOf, locateUv } from '../../../src/analyze/packaging/uv-workspace.ts';
import { tempProject } from '../../helpers/project.ts';

const ROOT = '[tool.uv.workspace]\nmembers = ["services/*", "libs/**"]\nexclude = ["services/legacy"]\n';

test('lists the app root and every directory above it', () => {
  assert.deepEqual(ancestorsOf('a/b/c'), ['a/b/c', 'a/b', 'a', '.']);
  assert.deepEqual(ancestorsOf('.'), ['.']);
});

test('uses the uv.lock beside the app before any workspace above it', async () => {
  const project = await tempProject({ 'pyproject.toml': ROOT, 'uv.lock': '', 'services/api/pyproject.toml': '', 'services/api/uv.lock': '' }, 'services/api');
  assert.deepEqual(locateUv(project), { installRoot: 'services/api', lockfile: 'services/api/uv.lock', workspace: null });
});

test('finds the workspace root whose members glob matches the app', async () => {
  const project = await tempProject({ 'pyproject.toml': ROOT, 'uv.lock': '', 'libs/deep/pkg/pyproject.toml': '' }, 'libs/deep/pkg');
  const location = locateUv(project);
  assert.deepEqual([location?.installRoot, location?.lockfile, location?.workspace?.file], ['.', 'uv.lock', 'pyproject.toml']);
});

test('ignores a workspace that excludes the app or does not list it', async () => {
  const excluded = await tempProject({ 'pyproject.toml': ROOT, 'uv.lock': '', 'services/legacy/pyproject.toml': '' }, 'services/legacy');
  const unlisted = await tempProject({ 'pyproject.toml': ROOT, 'uv.lock': '', 'tools/cli/pyproject.toml': '' }, 'tools/cli');
  assert.equal(locateUv(excluded), null);
  assert.equal(locateUv(unlisted), null);
});

test('reports a workspace member with no lockfile yet', async () => {
  const project = await tempProject({ 'pyproject.toml': ROOT, 'services/api/pyproject.toml': '' }, 'services/api');
  assert.deepEqual([locateUv(project)?.installRoot, locateUv(project)?.lockfile], ['.', null]);
});
