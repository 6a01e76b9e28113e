import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonVersion } from '../../../src/analyze/detectors/python-version.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads .python-version, uv.lock and requires-python in fastapi-uv', async () => {
  assert.deepEqual(pythonVersion.detect(await fixtureProject('fastapi-uv')), [
    {
      kind: 'python-version', value: '3.12', origin: 'python-version-file', source: { file: '.python-version', line: 1 },
      why: '.python-version pins the Python that pyenv and uv select for this project',
    },
    { kind: 'python-version', value: '>=3.11', origin: 'lockfile', source: { file: 'uv.lock', line: 3 }, why: 'uv.lock was resolved for this Python range' },
    {
      kind: 'python-version', value: '>=3.11', origin: 'requires-python', source: { file: 'pyproject.toml', line: 5 },
      why: '[project] requires-python is the Python range the project supports',
    },
  ]);
});

test('finds .python-version and uv.lock at the root of a uv workspace above the app', async () => {
  const facts = pythonVersion.detect(await fixtureProject('uv-workspace-root-lock', 'packages/api'));
  assert.deepEqual(facts.map((f) => (f.kind === 'python-version' ? [f.origin, f.value, f.source.file, f.source.line] : [])), [
    ['python-version-file', '3.12.4', '.python-version', 1],
    ['lockfile', '>=3.12', 'uv.lock', 3],
    ['requires-python', '>=3.12', 'packages/api/pyproject.toml', 4],
  ]);
});

test('takes the first non-comment line of .python-version and strips the cpython- prefix', async () => {
  const facts = pythonVersion.detect(await tempProject({ '.python-version': '# pinned for CI\n\ncpython-3.13.1-linux-x86_64-gnu\n3.12\n' }));
  assert.deepEqual(facts, [{
    kind: 'python-version', value: '3.13.1', origin: 'python-version-file', source: { file: '.python-version', line: 3 },
    why: '.python-version pins the Python that pyenv and uv select for this project',
  }]);
});

test('prefers the .python-version nearest the app root', async () => {
  const facts = pythonVersion.detect(await tempProject({ '.python-version': '3.11\n', 'svc/.python-version': '3.13\n', 'svc/app.py': '' }, 'svc'));
  assert.deepEqual(facts.map((f) => f.kind === 'python-version' && [f.value, f.source.file]), [['3.13', 'svc/.python-version']]);
});

test('reports a .python-version that names no CPython version as info', async () => {
  const facts = pythonVersion.detect(await tempProject({ '.python-version': 'pypy3.10-7.3.17\n' }));
  assert.deepEqual(facts, [{
    kind: 'problem', level: 'info', code: 'I_PYTHON_VERSION_FILE', configKey: 'python-version',
    message: '.python-version:1: "pypy3.10-7.3.17" is not a CPython version such as 3.12, so it was not used to pick the image\'s Python. Write the version there, or set python-version in [tool.py2kube].',
    source: { file: '.python-version', line: 1 }, why: 'only CPython versions map to a python base image',
  }]);
});

test('reads runtime.txt in the Heroku format', async () => {
  const facts = pythonVersion.detect(await tempProject({ 'runtime.txt': 'python-3.11.4\n' }));
  assert.deepEqual(facts, [{
    kind: 'python-version', value: '3.11.4', origin: 'runtime-txt', source: { file: 'runtime.txt', line: 1 },
    why: 'runtime.txt names the Python that Heroku-style buildpacks install',
  }]);
});

test('says nothing when the project does not write its Python version down', async () => {
  assert.deepEqual(pythonVersion.detect(await tempProject({ 'requirements.txt': 'flask\n', 'pyproject.toml': '[project]\nname = "x"\n' })), []);
});
