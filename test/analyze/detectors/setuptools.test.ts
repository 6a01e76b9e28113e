import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setuptools } from '../../../src/analyze/detectors/setuptools.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

const CFG = 'setup.cfg install_requires are installed with the package';
const PY = 'setup.py install_requires are installed with the package';

test('reads setuptools-static-metadata from setup.cfg', async () => {
  const dev = 'setup.cfg extras_require "dev" is installed only when that extra is requested';
  assert.deepEqual(setuptools.detect(await fixtureProject('setuptools-static-metadata')), [
    {
      kind: 'package-manager', value: 'setuptools', lockfile: null, installRoot: '.', source: { file: 'setup.py', line: 0 },
      why: 'setup.py makes the app a setuptools package that `pip install .` installs',
    },
    { kind: 'project-name', value: 'bookings-web', source: { file: 'setup.cfg', line: 2 }, why: 'setup.cfg [metadata] name is the distribution name' },
    {
      kind: 'python-version', value: '>=3.10', origin: 'requires-python', source: { file: 'setup.cfg', line: 11 },
      why: 'python_requires is the Python range setuptools lets the package install on',
    },
    { kind: 'dependency', name: 'flask', specifier: '>=3.0', group: 'runtime', source: { file: 'setup.cfg', line: 13 }, why: CFG },
    { kind: 'dependency', name: 'gunicorn', specifier: '>=22.0', group: 'runtime', source: { file: 'setup.cfg', line: 14 }, why: CFG },
    { kind: 'dependency', name: 'python-dotenv', specifier: '>=1.0', group: 'runtime', source: { file: 'setup.cfg', line: 15 }, why: CFG },
    { kind: 'dependency', name: 'backports-zoneinfo', specifier: '', group: 'runtime', marker: 'python_version < "3.9"', source: { file: 'setup.cfg', line: 16 }, why: CFG },
    { kind: 'dependency', name: 'pytest', specifier: '>=8.3', group: 'optional', extra: 'dev', source: { file: 'setup.cfg', line: 23 }, why: dev },
    { kind: 'dependency', name: 'coverage', specifier: '', group: 'optional', extra: 'dev', extras: ['toml'], source: { file: 'setup.cfg', line: 24 }, why: dev },
  ]);
});

test('reads literal setup() arguments from setup.py without running it, following module-level names', async () => {
  const facts = setuptools.detect(await tempProject({
    'setup.py': [
      'from setuptools import setup',
      '',
      'REQUIRES = [',
      '    "Flask>=3",',
      '    "gunicorn",',
      ']',
      '',
      'setup(',
      '    name="legacy-app",',
      '    python_requires=">=3.9",',
      '    install_requires=REQUIRES,',
      '    extras_require={"redis": ["redis>=5"]},',
      ')',
    ].join('\n'),
  }));
  assert.deepEqual(facts.slice(1), [
    { kind: 'project-name', value: 'legacy-app', source: { file: 'setup.py', line: 9 }, why: 'the name passed to setup() is the distribution name' },
    {
      kind: 'python-version', value: '>=3.9', origin: 'requires-python', source: { file: 'setup.py', line: 10 },
      why: 'python_requires is the Python range setuptools lets the package install on',
    },
    { kind: 'dependency', name: 'flask', specifier: '>=3', group: 'runtime', source: { file: 'setup.py', line: 4 }, why: PY },
    { kind: 'dependency', name: 'gunicorn', specifier: '', group: 'runtime', source: { file: 'setup.py', line: 5 }, why: PY },
    {
      kind: 'dependency', name: 'redis', specifier: '>=5', group: 'optional', extra: 'redis', source: { file: 'setup.py', line: 12 },
      why: 'setup.py extras_require "redis" is installed only when that extra is requested',
    },
  ]);
});

test('reports install_requires computed at run time as an info problem', async () => {
  const facts = setuptools.detect(await tempProject({
    'setup.py': 'import setuptools\n\nsetuptools.setup(\n    install_requires=open("requirements.txt").read().splitlines(),\n)\n',
  }));
  assert.deepEqual(facts.slice(1), [{
    kind: 'problem', level: 'info', code: 'I_SETUP_PY_DYNAMIC',
    message: 'setup.py:4: install_requires is computed when setup.py runs, and py2kube never runs it, so these dependencies were not read. Move them to setup.cfg or [project] in pyproject.toml.',
    source: { file: 'setup.py', line: 4 }, why: 'only literal values in setup.py can be read without executing it',
  }]);
});

test('leaves the project name to pyproject when it has one, and reports a setuptools build backend', async () => {
  const facts = setuptools.detect(await tempProject({
    'pyproject.toml': '[build-system]\nrequires = ["setuptools>=69"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "modern"\n',
    'setup.cfg': '[metadata]\nname = old-name\n',
  }));
  assert.deepEqual(facts, [{
    kind: 'package-manager', value: 'setuptools', lockfile: null, installRoot: '.', source: { file: 'setup.cfg', line: 0 },
    why: 'setup.cfg makes the app a setuptools package that `pip install .` installs',
  }]);
  const backendOnly = setuptools.detect(await tempProject({ 'pyproject.toml': '[build-system]\nrequires = ["setuptools>=69"]\nbuild-backend = "setuptools.build_meta"\n' }));
  assert.deepEqual(backendOnly.map((f) => [f.kind, f.source]), [['package-manager', { file: 'pyproject.toml', line: 3 }]]);
});

test('says nothing without setup.py, setup.cfg or a setuptools backend', async () => {
  assert.deepEqual(setuptools.detect(await tempProject({ 'pyproject.toml': '[build-system]\nbuild-backend = "hatchling.build"\n' })), []);
});
