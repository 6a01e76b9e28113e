import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pdm } from '../../../src/analyze/detectors/pdm.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads pdm-starlette: pdm.lock and [tool.pdm.dev-dependencies] groups', async () => {
  const test_ = '[tool.pdm.dev-dependencies] test is installed by `pdm install` but not with `--prod`';
  assert.deepEqual(pdm.detect(await fixtureProject('pdm-starlette')), [
    { kind: 'package-manager', value: 'pdm', lockfile: 'pdm.lock', installRoot: '.', source: { file: 'pdm.lock', line: 0 }, why: 'pdm.lock is the lockfile PDM writes and installs from' },
    { kind: 'dependency', name: 'pytest', specifier: '>=8.3', group: 'dev', extra: 'test', source: { file: 'pyproject.toml', line: 16 }, why: test_ },
    { kind: 'dependency', name: 'httpx', specifier: '>=0.27', group: 'dev', extra: 'test', source: { file: 'pyproject.toml', line: 17 }, why: test_ },
    {
      kind: 'dependency', name: 'ruff', specifier: '>=0.6', group: 'dev', extra: 'lint', source: { file: 'pyproject.toml', line: 20 },
      why: '[tool.pdm.dev-dependencies] lint is installed by `pdm install` but not with `--prod`',
    },
  ]);
});

test('skips editable local paths in dev groups and reports [tool.pdm] without a lockfile', async () => {
  const facts = pdm.detect(await tempProject({
    'pyproject.toml': '[tool.pdm.dev-dependencies]\ndev = [\n  "-e file:///${PROJECT_ROOT}/libs/core",\n  "pytest",\n]\n',
  }));
  assert.deepEqual(facts, [
    {
      kind: 'package-manager', value: 'pdm', lockfile: null, installRoot: '.', source: { file: 'pyproject.toml', line: 1 },
      why: '[tool.pdm] configures PDM, though no pdm.lock has been written yet',
    },
    {
      kind: 'dependency', name: 'pytest', specifier: '', group: 'dev', extra: 'dev', source: { file: 'pyproject.toml', line: 4 },
      why: '[tool.pdm.dev-dependencies] dev is installed by `pdm install` but not with `--prod`',
    },
  ]);
});

test('says nothing without pdm.lock or [tool.pdm]', async () => {
  assert.deepEqual(pdm.detect(await tempProject({ 'pyproject.toml': '[project]\nname = "x"\n' })), []);
});
