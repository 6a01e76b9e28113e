import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pipenv } from '../../../src/analyze/detectors/pipenv.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

const RUNTIME = 'Pipfile [packages] are installed with the app';

test('reads pipfile-flask: Pipfile.lock, packages, dev-packages and the required Python', async () => {
  assert.deepEqual(pipenv.detect(await fixtureProject('pipfile-flask')), [
    { kind: 'package-manager', value: 'pipenv', lockfile: 'Pipfile.lock', installRoot: '.', source: { file: 'Pipfile.lock', line: 0 }, why: 'Pipfile.lock is the lockfile pipenv writes and installs from' },
    { kind: 'dependency', name: 'flask', specifier: '>=3.0', group: 'runtime', source: { file: 'Pipfile', line: 7 }, why: RUNTIME },
    { kind: 'dependency', name: 'gunicorn', specifier: '', group: 'runtime', source: { file: 'Pipfile', line: 8 }, why: RUNTIME },
    { kind: 'dependency', name: 'flask-sqlalchemy', specifier: '>=3.1', group: 'runtime', source: { file: 'Pipfile', line: 9 }, why: RUNTIME },
    {
      kind: 'dependency', name: 'redis', specifier: '>=5.0', group: 'runtime', extras: ['hiredis'], marker: "sys_platform == 'linux'",
      source: { file: 'Pipfile', line: 10 }, why: RUNTIME,
    },
    { kind: 'dependency', name: 'pytest', specifier: '>=8.3', group: 'dev', source: { file: 'Pipfile', line: 13 }, why: 'Pipfile [dev-packages] are installed only with `pipenv install --dev`' },
    {
      kind: 'python-version', value: '3.11', origin: 'pipfile', source: { file: 'Pipfile', line: 16 },
      why: '[requires] python_version is the Python pipenv creates the environment with',
    },
  ]);
});

test('a malformed Pipfile gives a problem, not a crash, and still names pipenv', async () => {
  const project = await tempProject({ Pipfile: '[packages]\nflask = ">=3.0\n' });
  assert.deepEqual(pipenv.detect(project), [
    { kind: 'package-manager', value: 'pipenv', lockfile: null, installRoot: '.', source: { file: 'Pipfile', line: 0 }, why: 'a Pipfile declares the dependencies pipenv installs' },
  ]);
  assert.deepEqual(project.problems.map((p) => (p.kind === 'problem' ? [p.code, p.source] : [])), [['W_TOML_SYNTAX', { file: 'Pipfile', line: 2 }]]);
});

test('reports an invalid version in the Pipfile at its line', async () => {
  const facts = pipenv.detect(await tempProject({ Pipfile: '[packages]\nflask = "3.0"\nredis = "*"\n' }));
  assert.deepEqual(facts.slice(1), [
    {
      kind: 'problem', level: 'warning', code: 'W_DEPENDENCY_SYNTAX',
      message: 'Pipfile:2: "flask = "3.0"" is not a valid requirement: "3.0" is not a version clause (expected an operator such as ==, >=, ~= before the version). Write the version as "*" or a specifier such as ">=3.0".',
      source: { file: 'Pipfile', line: 2 }, why: 'a requirement py2kube cannot parse would also fail to install',
    },
    { kind: 'dependency', name: 'redis', specifier: '', group: 'runtime', source: { file: 'Pipfile', line: 3 }, why: RUNTIME },
  ]);
});

test('prefers python_full_version over python_version', async () => {
  const facts = pipenv.detect(await tempProject({ Pipfile: '[requires]\npython_version = "3.12"\npython_full_version = "3.12.4"\n' }));
  assert.deepEqual(facts.filter((f) => f.kind === 'python-version').map((f) => [f.value, f.source.line]), [['3.12.4', 3]]);
});
