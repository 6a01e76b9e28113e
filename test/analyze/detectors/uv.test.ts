import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uv } from '../../../src/analyze/detectors/uv.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reports uv with the uv.lock beside the pyproject', async () => {
  assert.deepEqual(uv.detect(await fixtureProject('fastapi-uv')), [{
    kind: 'package-manager', value: 'uv', lockfile: 'uv.lock', installRoot: '.', source: { file: 'uv.lock', line: 0 },
    why: 'uv.lock is the lockfile uv writes and installs from',
  }]);
});

test('installs a workspace member from the workspace root that holds uv.lock', async () => {
  assert.deepEqual(uv.detect(await fixtureProject('uv-workspace-root-lock', 'packages/api')), [{
    kind: 'package-manager', value: 'uv', lockfile: 'uv.lock', installRoot: '.', source: { file: 'uv.lock', line: 0 },
    why: 'the app is a member of the uv workspace at ".", which uv installs from its root with uv.lock',
  }]);
});

test('reads [tool.uv] dev-dependencies as the dev group', async () => {
  const facts = uv.detect(await tempProject({
    'pyproject.toml': '[project]\nname = "x"\n\n[tool.uv]\ndev-dependencies = [\n  "pytest>=8",\n  "Mypy_Extensions",\n]\n',
  }));
  const why = '[tool.uv] dev-dependencies are installed by `uv sync` but not with `--no-dev`';
  assert.deepEqual(facts, [
    {
      kind: 'package-manager', value: 'uv', lockfile: null, installRoot: '.', source: { file: 'pyproject.toml', line: 4 },
      why: '[tool.uv] configures uv, though no uv.lock has been written yet',
    },
    { kind: 'dependency', name: 'pytest', specifier: '>=8', group: 'dev', extra: 'dev', source: { file: 'pyproject.toml', line: 6 }, why },
    { kind: 'dependency', name: 'mypy-extensions', specifier: '', group: 'dev', extra: 'dev', source: { file: 'pyproject.toml', line: 7 }, why },
  ]);
});

test('points at the workspace table when the workspace has not been locked', async () => {
  const facts = uv.detect(await tempProject({ 'pyproject.toml': '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["apps/*"]\n', 'apps/web/pyproject.toml': '[project]\nname = "web"\n' }, 'apps/web'));
  assert.deepEqual(facts, [{
    kind: 'package-manager', value: 'uv', lockfile: null, installRoot: '.', source: { file: 'pyproject.toml', line: 4 },
    why: 'the app is a member of the uv workspace at ".", which uv installs from its root',
  }]);
});

test('says nothing about a project without uv evidence', async () => {
  assert.deepEqual(uv.detect(await tempProject({ 'pyproject.toml': '[project]\nname = "x"\n', 'requirements.txt': 'flask\n' })), []);
});
