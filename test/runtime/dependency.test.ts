import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detect } from '../../src/analyze/index.ts';
import { applyDependencyStep, dependencyStep, recordedCompileCommand, type DependencyStep } from '../../src/runtime/dependency.ts';
import { FIXTURES, REPO_ROOT, testdir } from '../helpers/project.ts';

async function stepFor(dir: string): Promise<DependencyStep> {
  const { model } = await detect(dir);
  return dependencyStep(model, 'prometheus-client', (file) => {
    const full = path.join(dir, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : null;
  });
}

test('the package is added with the project\'s own manager', async () => {
  assert.deepEqual((await stepFor(path.join(REPO_ROOT, 'examples/shop-fastapi'))), { kind: 'command', argv: ['uv', 'add', '--no-sync', 'prometheus-client'], cwd: '.', display: 'uv add --no-sync prometheus-client' });
  assert.deepEqual((await stepFor(path.join(REPO_ROOT, 'examples/notes-flask'))), { kind: 'command', argv: ['poetry', 'add', '--lock', 'prometheus-client'], cwd: '.', display: 'poetry add --lock prometheus-client' });
  assert.deepEqual(((await stepFor(path.join(FIXTURES, 'pdm-starlette'))) as { argv: string[] }).argv, ['pdm', 'add', '--no-sync', 'prometheus-client']);
  assert.deepEqual(((await stepFor(path.join(FIXTURES, 'pipfile-flask'))) as { argv: string[] }).argv, ['pipenv', 'install', 'prometheus-client']);
  assert.equal((await stepFor(path.join(FIXTURES, 'flask-app-factory'))).kind, 'manual', 'plain pinned requirements: py2kube cannot pick the pin');
});

test('pip-tools: the .in file gains the package and the lockfile is recompiled with the command in its header', async () => {
  const step = await stepFor(path.join(REPO_ROOT, 'examples/blog-django'));
  assert.deepEqual(step, {
    kind: 'command',
    argv: ['pip-compile', '--generate-hashes', '--no-emit-find-links', '--no-emit-index-url', '--strip-extras', 'requirements.in'],
    cwd: '.',
    appendTo: 'requirements.in',
    appendLine: 'prometheus-client',
    display: 'echo "prometheus-client" >> requirements.in && pip-compile --generate-hashes --no-emit-find-links --no-emit-index-url --strip-extras requirements.in',
  });
  assert.equal(recordedCompileCommand('# no header here\nflask==3.0\n'), null);
});

test('a manager that fails or is missing leaves the .in file as it was and reports the exact command', () => {
  const dir = testdir({ 'requirements.in': 'django\n' });
  const step: DependencyStep = { kind: 'command', argv: ['pip-compile', 'requirements.in'], cwd: '.', appendTo: 'requirements.in', appendLine: 'prometheus-client', display: 'echo … && pip-compile requirements.in' };
  let seen = '';
  const failed = applyDependencyStep(dir, 'prometheus-client', step, (_argv, cwd) => {
    seen = fs.readFileSync(path.join(cwd, 'requirements.in'), 'utf8');
    return { exitCode: 1, output: 'resolution failed' };
  }, false);
  assert.equal(seen, 'django\nprometheus-client\n', 'the manager sees the new line');
  assert.deepEqual(failed, { status: 'manual', package: 'prometheus-client', command: step.display, reason: 'pip-compile failed: resolution failed' });
  assert.equal(fs.readFileSync(path.join(dir, 'requirements.in'), 'utf8'), 'django\n');
  const missing = applyDependencyStep(dir, 'prometheus-client', step, () => ({ exitCode: null, output: '', notFound: true }), false);
  assert.equal(missing.status === 'manual' && missing.reason, 'pip-compile is not on PATH');
  const added = applyDependencyStep(dir, 'prometheus-client', step, () => ({ exitCode: 0, output: '' }), false);
  assert.equal(added.status, 'added');
  assert.equal(fs.readFileSync(path.join(dir, 'requirements.in'), 'utf8'), 'django\nprometheus-client\n');
});
