import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poetry } from '../../../src/analyze/detectors/poetry.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

const MAIN = '[tool.poetry.dependencies] are installed with the app';
const group = (name: string): string => `Poetry's "${name}" group is not installed with \`poetry install --only main\``;

test('reads poetry-src-layout: lockfile, python range, main, optional and group dependencies', async () => {
  assert.deepEqual(poetry.detect(await fixtureProject('poetry-src-layout')), [
    { kind: 'package-manager', value: 'poetry', lockfile: 'poetry.lock', installRoot: '.', source: { file: 'poetry.lock', line: 0 }, why: 'poetry.lock is the lockfile Poetry writes and installs from' },
    {
      kind: 'python-version', value: '^3.11', origin: 'poetry', source: { file: 'pyproject.toml', line: 9 },
      why: 'the python entry of [tool.poetry.dependencies] is the Python range Poetry resolves for',
    },
    { kind: 'dependency', name: 'fastapi', specifier: '^0.115.0', group: 'runtime', source: { file: 'pyproject.toml', line: 10 }, why: MAIN },
    { kind: 'dependency', name: 'uvicorn', specifier: '^0.30.0', group: 'runtime', extras: ['standard'], source: { file: 'pyproject.toml', line: 11 }, why: MAIN },
    { kind: 'dependency', name: 'sqlalchemy', specifier: '^2.0', group: 'runtime', source: { file: 'pyproject.toml', line: 12 }, why: MAIN },
    {
      kind: 'dependency', name: 'psycopg', specifier: '^3.2', group: 'optional', extra: 'postgres', source: { file: 'pyproject.toml', line: 13 },
      why: 'optional = true means Poetry installs it only when an extra asks for it',
    },
    { kind: 'dependency', name: 'pytest', specifier: '^8.3', group: 'dev', extra: 'dev', source: { file: 'pyproject.toml', line: 19 }, why: group('dev') },
    { kind: 'dependency', name: 'httpx', specifier: '^0.27', group: 'dev', extra: 'dev', source: { file: 'pyproject.toml', line: 20 }, why: group('dev') },
    { kind: 'dependency', name: 'ruff', specifier: '^0.6', group: 'dev', extra: 'lint', source: { file: 'pyproject.toml', line: 23 }, why: group('lint') },
  ]);
});

test('reads legacy dev-dependencies, "*" as unpinned, markers, and one fact per constraint of a multi-constraint dependency', async () => {
  const facts = poetry.detect(await tempProject({
    'pyproject.toml': [
      '[tool.poetry]',
      'name = "legacy"',
      '[tool.poetry.dependencies]',
      'python = ">=3.10,<3.13"',
      'Django = "*"',
      'numpy = [',
      '  { version = "<2", markers = "python_version < \'3.11\'" },',
      '  { version = ">=2", markers = "python_version >= \'3.11\'" },',
      ']',
      'tool = { git = "https://github.com/example/tool.git" }',
      '[tool.poetry.dev-dependencies]',
      'black = "^24"',
    ].join('\n'),
  }));
  assert.deepEqual(facts, [
    { kind: 'package-manager', value: 'poetry', lockfile: null, installRoot: '.', source: { file: 'pyproject.toml', line: 1 }, why: '[tool.poetry] declares the dependencies Poetry installs' },
    {
      kind: 'python-version', value: '>=3.10,<3.13', origin: 'poetry', source: { file: 'pyproject.toml', line: 4 },
      why: 'the python entry of [tool.poetry.dependencies] is the Python range Poetry resolves for',
    },
    { kind: 'dependency', name: 'django', specifier: '', group: 'runtime', source: { file: 'pyproject.toml', line: 5 }, why: MAIN },
    { kind: 'dependency', name: 'numpy', specifier: '<2', group: 'runtime', marker: "python_version < '3.11'", source: { file: 'pyproject.toml', line: 7 }, why: MAIN },
    { kind: 'dependency', name: 'numpy', specifier: '>=2', group: 'runtime', marker: "python_version >= '3.11'", source: { file: 'pyproject.toml', line: 8 }, why: MAIN },
    { kind: 'dependency', name: 'tool', specifier: '', group: 'runtime', source: { file: 'pyproject.toml', line: 10 }, why: MAIN },
    { kind: 'dependency', name: 'black', specifier: '^24', group: 'dev', extra: 'dev', source: { file: 'pyproject.toml', line: 12 }, why: group('dev') },
  ]);
});

test('with Poetry 2 [project] metadata, leaves runtime dependencies to [project] and keeps groups', async () => {
  const facts = poetry.detect(await tempProject({
    'pyproject.toml': '[project]\nname = "p2"\ndependencies = ["flask>=3"]\n\n[tool.poetry.dependencies]\nflask = { source = "internal" }\n\n[tool.poetry.group.test.dependencies]\npytest = "^8"\n',
    'poetry.lock': '[metadata]\nlock-version = "2.1"\n',
  }));
  assert.deepEqual(facts.map((f) => (f.kind === 'dependency' ? `${f.name}:${f.group}` : f.kind)), ['package-manager', 'pytest:dev']);
});

test('says nothing without [tool.poetry] or poetry.lock', async () => {
  assert.deepEqual(poetry.detect(await tempProject({ 'pyproject.toml': '[project]\nname = "x"\n' })), []);
});
