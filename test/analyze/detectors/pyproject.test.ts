import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pyproject } from '../../../src/analyze/detectors/pyproject.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

const RUNTIME = '[project] dependencies are installed with the app';
const DEV = '[dependency-groups] dev is a development group that is not installed with the app';

test('reads the name, dependencies and dependency groups of fastapi-uv', async () => {
  assert.deepEqual(pyproject.detect(await fixtureProject('fastapi-uv')), [
    { kind: 'project-name', value: 'orders-api', source: { file: 'pyproject.toml', line: 2 }, why: '[project] name is the distribution name the project publishes under' },
    { kind: 'dependency', name: 'fastapi', specifier: '>=0.115', group: 'runtime', source: { file: 'pyproject.toml', line: 7 }, why: RUNTIME },
    { kind: 'dependency', name: 'uvicorn', specifier: '>=0.30', group: 'runtime', source: { file: 'pyproject.toml', line: 8 }, why: RUNTIME },
    { kind: 'dependency', name: 'pydantic-settings', specifier: '>=2.4', group: 'runtime', source: { file: 'pyproject.toml', line: 9 }, why: RUNTIME },
    { kind: 'dependency', name: 'pytest', specifier: '>=8.3', group: 'dev', extra: 'dev', source: { file: 'pyproject.toml', line: 14 }, why: DEV },
    { kind: 'dependency', name: 'httpx', specifier: '>=0.27', group: 'dev', extra: 'dev', source: { file: 'pyproject.toml', line: 15 }, why: DEV },
    { kind: 'package-manager', value: 'pip', lockfile: null, installRoot: '.', source: { file: 'pyproject.toml', line: 1 }, why: 'the [project] table can be installed with `pip install .`, but nothing pins the versions' },
  ]);
});

test('reads the app member pyproject of a uv workspace, with paths from the analysed directory', async () => {
  const facts = pyproject.detect(await fixtureProject('uv-workspace-root-lock', 'packages/api'));
  assert.deepEqual(facts.map((f) => [f.kind, f.kind === 'dependency' ? f.name : f.kind === 'project-name' ? f.value : '', f.source.file, f.source.line]), [
    ['project-name', 'shipping-api', 'packages/api/pyproject.toml', 2],
    ['dependency', 'fastapi', 'packages/api/pyproject.toml', 6],
    ['dependency', 'uvicorn', 'packages/api/pyproject.toml', 7],
    ['dependency', 'shipping-core', 'packages/api/pyproject.toml', 8],
    ['dependency', 'pytest', 'packages/api/pyproject.toml', 15],
    ['package-manager', '', 'packages/api/pyproject.toml', 1],
  ]);
});

test('names a Poetry 1 project from [tool.poetry]', async () => {
  assert.deepEqual(pyproject.detect(await fixtureProject('poetry-src-layout')), [
    { kind: 'project-name', value: 'inventory-service', source: { file: 'pyproject.toml', line: 2 }, why: '[tool.poetry] name is the distribution name the project publishes under' },
  ]);
});

test('gives nothing for a pyproject that is not valid TOML (the reader records the problem)', async () => {
  const project = await tempProject({ 'pyproject.toml': '[project\nname = "x"\n' });
  assert.deepEqual(pyproject.detect(project), []);
  assert.deepEqual(project.problems.map((p) => p.kind === 'problem' && p.code), ['W_TOML_SYNTAX']);
});
