import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pip } from '../../../src/analyze/detectors/pip.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

const RUNTIME = 'requirements.txt is a runtime requirements file';

test('reads requirements-includes: includes, constraints, hashes, markers and a VCS line', async () => {
  const facts = pip.detect(await fixtureProject('requirements-includes'));
  assert.deepEqual(facts, [
    { kind: 'package-manager', value: 'pip', lockfile: null, installRoot: '.', source: { file: 'requirements.txt', line: 0 }, why: 'requirements.txt is a pip requirements file' },
    { kind: 'dependency', name: 'flask', specifier: '>=3.0,<4', group: 'runtime', source: { file: 'requirements/base.txt', line: 2 }, why: 'requirements/base.txt is a runtime requirements file' },
    { kind: 'dependency', name: 'flask-sqlalchemy', specifier: '>=3.1', group: 'runtime', source: { file: 'requirements/base.txt', line: 3 }, why: 'requirements/base.txt is a runtime requirements file' },
    {
      kind: 'dependency', name: 'requests', specifier: '==2.32.3', group: 'runtime', source: { file: 'requirements/base.txt', line: 4 },
      why: 'requirements/base.txt is a runtime requirements file; the version comes from the constraint at constraints.txt:2',
    },
    { kind: 'dependency', name: 'gunicorn', specifier: '==27.0.1', group: 'runtime', source: { file: 'requirements.txt', line: 6 }, why: RUNTIME },
    {
      kind: 'dependency', name: 'psycopg', specifier: '>=3.2', group: 'runtime', extras: ['binary'], marker: 'python_version >= "3.11"',
      source: { file: 'requirements.txt', line: 9 }, why: RUNTIME,
    },
    { kind: 'dependency', name: 'invoice-pdf', specifier: '', group: 'runtime', source: { file: 'requirements.txt', line: 10 }, why: RUNTIME },
    { kind: 'dependency', name: 'pytest', specifier: '>=8.3', group: 'dev', source: { file: 'requirements-dev.txt', line: 2 }, why: 'requirements-dev.txt is a development requirements file, by its name' },
    { kind: 'dependency', name: 'ruff', specifier: '', group: 'dev', source: { file: 'requirements-dev.txt', line: 3 }, why: 'requirements-dev.txt is a development requirements file, by its name' },
  ]);
});

test('constraints pin versions but do not add dependencies', async () => {
  const facts = pip.detect(await tempProject({ 'requirements.txt': '-c constraints.txt\nflask\n', 'constraints.txt': 'flask==3.0.3\nurllib3<3\n' }));
  assert.deepEqual(facts.filter((f) => f.kind === 'dependency').map((f) => [f.name, f.specifier]), [['flask', '==3.0.3']]);
});

test('follows -r includes relative to the including file', async () => {
  const facts = pip.detect(await tempProject({
    'requirements/prod.txt': '-r base.txt\ngunicorn\n',
    'requirements/base.txt': '-r ../shared/common.txt\nflask\n',
    'shared/common.txt': 'requests\n',
  }));
  assert.deepEqual(facts.filter((f) => f.kind === 'dependency').map((f) => [f.name, f.source.file, f.source.line]), [
    ['requests', 'shared/common.txt', 1],
    ['flask', 'requirements/base.txt', 2],
    ['gunicorn', 'requirements/prod.txt', 2],
  ]);
});

test('reports an include cycle once and does not loop', async () => {
  const facts = pip.detect(await tempProject({ 'requirements.txt': '-r more.txt\nflask\n', 'more.txt': '-r requirements.txt\nredis\n' }));
  assert.deepEqual(facts.filter((f) => f.kind !== 'package-manager'), [
    { kind: 'dependency', name: 'redis', specifier: '', group: 'runtime', source: { file: 'more.txt', line: 2 }, why: 'more.txt is a runtime requirements file' },
    { kind: 'dependency', name: 'flask', specifier: '', group: 'runtime', source: { file: 'requirements.txt', line: 2 }, why: RUNTIME },
    {
      kind: 'problem', level: 'warning', code: 'W_REQUIREMENTS_CYCLE',
      message: 'more.txt:1: "-r requirements.txt" includes a file that already includes this one (requirements.txt → more.txt → requirements.txt). Remove one of the includes; pip would recurse until it fails.',
      source: { file: 'more.txt', line: 1 }, why: 'pip follows includes without checking for cycles',
    },
  ]);
});

test('reports a missing include at its line and keeps reading', async () => {
  const facts = pip.detect(await tempProject({ 'requirements.txt': 'flask\n-r requirements/missing.txt\nredis\n' }));
  assert.deepEqual(facts.filter((f) => f.kind === 'problem'), [{
    kind: 'problem', level: 'warning', code: 'W_REQUIREMENTS_INCLUDE',
    message: 'requirements.txt:2: "-r requirements/missing.txt" names "requirements/missing.txt", which does not exist. Fix the path (it is relative to requirements.txt) or remove the line.',
    source: { file: 'requirements.txt', line: 2 }, why: 'pip fails when an included requirements file is missing',
  }]);
  assert.deepEqual(facts.filter((f) => f.kind === 'dependency').map((f) => f.name), ['flask', 'redis']);
});

test('a malformed requirement line gives a problem with its line, and analysis continues', async () => {
  const facts = pip.detect(await tempProject({ 'requirements.txt': 'flask\nDjango=4.2\nredis\n' }));
  assert.deepEqual(facts.filter((f) => f.kind === 'problem'), [{
    kind: 'problem', level: 'warning', code: 'W_REQUIREMENTS_SYNTAX',
    message: 'requirements.txt:2: "Django=4.2" is not a valid requirement: "=4.2" is not a version clause (expected an operator such as ==, >=, ~= before the version). Fix the line or remove it; pip stops at the first line it cannot read.',
    source: { file: 'requirements.txt', line: 2 }, why: 'a requirement py2kube cannot parse would also fail to install',
  }]);
  assert.deepEqual(facts.filter((f) => f.kind === 'dependency').map((f) => f.name), ['flask', 'redis']);
});

test('a pip-compile header makes the file a pip-tools lockfile', async () => {
  const facts = pip.detect(await tempProject({
    'requirements.txt': '#\n# This file is autogenerated by pip-compile with Python 3.12\n#\nflask==3.0.3\n    # via -r requirements.in\n',
  }));
  assert.deepEqual(facts[0], {
    kind: 'package-manager', value: 'pip-tools', lockfile: 'requirements.txt', installRoot: '.', source: { file: 'requirements.txt', line: 2 },
    why: 'requirements.txt says it was generated by pip-compile, so it is a fully pinned lockfile',
  });
});

test('a sibling requirements.in is read for dependencies and makes the .txt the lockfile', async () => {
  const facts = pip.detect(await tempProject({ 'requirements.in': 'flask>=3\n', 'requirements.txt': 'flask==3.0.3\nwerkzeug==3.0.4\n' }));
  assert.deepEqual(facts, [
    {
      kind: 'package-manager', value: 'pip-tools', lockfile: 'requirements.txt', installRoot: '.', source: { file: 'requirements.txt', line: 0 },
      why: 'requirements.txt is compiled from requirements.in, the pip-tools layout',
    },
    { kind: 'dependency', name: 'flask', specifier: '>=3', group: 'runtime', source: { file: 'requirements.in', line: 1 }, why: 'requirements.in is a runtime requirements file' },
  ]);
});

test('skips editable local paths and flags a VCS URL without a name', async () => {
  const facts = pip.detect(await tempProject({ 'requirements.txt': '-e .\n-e ./libs/core\ngit+https://github.com/example/tool.git\n' }));
  assert.deepEqual(facts.slice(1), [{
    kind: 'problem', level: 'info', code: 'I_REQUIREMENT_UNNAMED',
    message: 'requirements.txt:3: "git+https://github.com/example/tool.git" does not say which distribution it installs, so it was not counted as a dependency. Add "#egg=<name>" or write it as "<name> @ <url>".',
    source: { file: 'requirements.txt', line: 3 }, why: 'the distribution name of a bare URL is only known after downloading it',
  }]);
});

test('classifies requirements files by name and ignores unknown ones', async () => {
  const facts = pip.detect(await tempProject({
    'requirements/production.txt': 'gunicorn\n',
    'requirements/test.txt': 'pytest\n',
    'dev-requirements.txt': 'ipdb\n',
    'requirements-gpu.txt': 'torch\n',
  }));
  assert.deepEqual(facts.map((f) => (f.kind === 'dependency' ? [f.name, f.group] : [f.kind, f.source.file])), [
    ['package-manager', 'requirements/production.txt'],
    ['gunicorn', 'runtime'],
    ['ipdb', 'dev'],
    ['pytest', 'dev'],
  ]);
});

test('only dev requirements files give no package manager', async () => {
  const facts = pip.detect(await tempProject({ 'requirements-dev.txt': 'pytest\n', 'pyproject.toml': '' }));
  assert.deepEqual(facts.map((f) => f.kind), ['dependency']);
});

test('reads requirements files in the app root only', async () => {
  const facts = pip.detect(await tempProject({ 'requirements.txt': 'flask\n', 'services/api/requirements.txt': 'fastapi\n' }, 'services/api'));
  assert.deepEqual(facts.map((f) => [f.kind, f.source.file]), [
    ['package-manager', 'services/api/requirements.txt'],
    ['dependency', 'services/api/requirements.txt'],
  ]);
  assert.equal(facts[0]?.kind === 'package-manager' && facts[0].installRoot, 'services/api');
});

test('a requirements file that pins every runtime requirement with == is used as the lockfile', async () => {
  const project = await tempProject({ 'requirements.txt': 'flask==3.1.0\ngunicorn==23.0.0\n' });
  const manager = pip.detect(project).find((f) => f.kind === 'package-manager');
  assert.equal(manager?.kind === 'package-manager' && manager.lockfile, 'requirements.txt');
});

test('one unpinned requirement means there is no lockfile', async () => {
  const project = await tempProject({ 'requirements.txt': 'flask==3.1.0\ngunicorn>=23\n' });
  const manager = pip.detect(project).find((f) => f.kind === 'package-manager');
  assert.equal(manager?.kind === 'package-manager' && manager.lockfile, null);
});
