import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUserError } from '../../src/errors.ts';
import type { CommandRunner } from '../../src/runtime/dependency.ts';
import { initRuntime } from '../../src/runtime/init-runtime.ts';
import { FIXTURES, REPO_ROOT } from '../helpers/project.ts';

const copies: string[] = [];
after(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of a fixture project or example, so the test can write into it. */
function copyOf(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-runtime-'));
  copies.push(dir);
  fs.cpSync(source, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
  return dir;
}
const fixture = (name: string): string => copyOf(path.join(FIXTURES, name));
const example = (name: string): string => copyOf(path.join(REPO_ROOT, 'examples', name));

/** Every file's bytes, to prove what a run did not touch. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** Records the manager commands instead of running them, answering like a manager that is missing. */
function recorder(exitCode = 127): { run: CommandRunner; calls: Array<{ argv: string[]; cwd: string }> } {
  const calls: Array<{ argv: string[]; cwd: string }> = [];
  return { calls, run: (argv, cwd) => (calls.push({ argv, cwd }), { exitCode, output: 'not here', notFound: exitCode === 127 }) };
}

test('wraps an app that has no probes: module, gunicorn.conf.py, [tool.py2kube] app and paths, and uv add', async () => {
  const dir = example('shop-fastapi');
  const manager = recorder(0);
  const result = await initRuntime(dir, { run: manager.run });
  assert.deepEqual(result.files.map((f) => [f.file, f.action]), [['src/shop/py2kube_runtime.py', 'created'], ['src/gunicorn.conf.py', 'created']]);
  assert.equal(result.wrapped, 'shop.main:app');
  assert.equal(result.serves, 'shop.py2kube_runtime:app');
  assert.deepEqual([result.features.liveness, result.features.readiness, result.features.metrics], ['/healthz', '/readyz', '/metrics']);
  assert.deepEqual(result.checks.map((c) => [c.name, c.env, c.kind]), [
    ['postgresql', 'DATABASE_URL', 'postgresql-asyncpg'],
    ['redis', 'REDIS_URL', 'redis'],
    ['celery-broker', 'CELERY_BROKER_URL', 'celery-broker'],
  ]);
  const module = fs.readFileSync(path.join(dir, 'src/shop/py2kube_runtime.py'), 'utf8');
  assert.match(module, /^WRAPPED_APP = "shop\.main:app"$/m);
  assert.match(module, /^app = Companion\(_app, route_of=/m);
  const pyproject = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  assert.match(pyproject, /^app = "shop\.py2kube_runtime:app"$/m);
  assert.match(pyproject, /^workdir = "src"$/m, 'the module is found from the app\'s own folder');
  assert.match(pyproject, /\[tool\.py2kube\.health\]\n(#.*\n)?liveness = "\/healthz"\n(#.*\n)?readiness = "\/readyz"/);
  assert.match(pyproject, /^metrics = "\/metrics"$/m);
  assert.deepEqual(manager.calls, [{ argv: ['uv', 'add', '--no-sync', 'prometheus-client'], cwd: dir }]);
  assert.deepEqual(result.dependency, { status: 'added', package: 'prometheus-client', command: 'uv add --no-sync prometheus-client' });
  // The user's own files are as they were (the recorder did not really run uv).
  const original = snapshot(path.join(REPO_ROOT, 'examples/shop-fastapi'));
  const after = snapshot(dir);
  const changed = [...after.keys()].filter((f) => original.get(f) !== after.get(f)).sort();
  assert.deepEqual(changed, ['pyproject.toml', 'src/gunicorn.conf.py', 'src/shop/py2kube_runtime.py']);
  assert.equal(pyproject.slice(0, original.get('pyproject.toml')!.length), original.get('pyproject.toml'), 'pyproject.toml only gains [tool.py2kube]');
});

for (const [kind, name] of [
  ['examples', 'shop-fastapi'], ['examples', 'blog-django'], ['examples', 'notes-flask'],
  ['fixtures', 'fastapi-metrics-health'], ['fixtures', 'flask-app-factory'], ['fixtures', 'django-asgi-channels'],
  ['fixtures', 'pdm-starlette'], ['fixtures', 'litestar-app'], ['fixtures', 'alembic-fastapi-gunicorn'],
] as const) {
  test(`run twice on ${name}, init --runtime changes nothing the second time`, async () => {
    const dir = kind === 'examples' ? example(name) : fixture(name);
    const first = await initRuntime(dir, { run: recorder().run });
    assert.ok(first.files.some((f) => f.action === 'created'));
    const before = snapshot(dir);
    const second = await initRuntime(dir, { run: recorder().run });
    assert.deepEqual(snapshot(dir), before);
    assert.ok(second.files.every((f) => ['unchanged', 'kept-existing', 'skipped'].includes(f.action)), JSON.stringify(second.files.map((f) => [f.file, f.action])));
    assert.equal(second.config.after, second.config.before);
    assert.equal(second.wrapped, first.wrapped, 'the second run wraps the same app, read back from the module');
    assert.deepEqual(second.features, first.features);
  });
}

test('adds no health route to an app that serves /health, and no metrics to one that exports its own', async () => {
  const flask = await initRuntime(fixture('flask-app-factory'), { run: recorder().run });
  assert.deepEqual([flask.features.liveness, flask.features.readiness, flask.features.metrics], [null, null, '/metrics']);
  assert.deepEqual(flask.features.existing.map((e) => [e.path, e.role]), [['/health', 'health']]);
  const flaskModule = flask.files[0]!.text!;
  assert.match(flaskModule, /^LIVENESS_PATH: Optional\[str\] = None$/m);
  assert.match(flaskModule, /^READINESS_PATH: Optional\[str\] = None$/m);
  assert.doesNotMatch(flaskModule, /def readiness\(/);

  const fastapi = await initRuntime(fixture('fastapi-metrics-health'), { run: recorder().run });
  assert.deepEqual([fastapi.features.liveness, fastapi.features.readiness, fastapi.features.metrics], [null, null, null]);
  assert.doesNotMatch(fastapi.files[0]!.text!, /prometheus_client/);
  assert.equal(fastapi.dependency, null, 'no prometheus-client is added when the companion exports no metrics');
  assert.equal(fastapi.serves, 'svc.py2kube_runtime:create_app()');
});

test('keeps a companion module the user edited, and a gunicorn.conf.py that is the project\'s own', async () => {
  const dir = fixture('alembic-fastapi-gunicorn');
  const ownConf = fs.readFileSync(path.join(dir, 'gunicorn.conf.py'), 'utf8');
  const first = await initRuntime(dir, { run: recorder().run });
  assert.deepEqual(first.files.map((f) => [f.file, f.action]), [['service/py2kube_runtime.py', 'created'], ['gunicorn.conf.py', 'kept-existing']]);
  assert.equal(fs.readFileSync(path.join(dir, 'gunicorn.conf.py'), 'utf8'), ownConf);
  const module = path.join(dir, 'service/py2kube_runtime.py');
  fs.appendFileSync(module, '# my change\n');
  const second = await initRuntime(dir, { run: recorder().run });
  assert.equal(second.files[0]!.action, 'kept-edited');
  assert.match(fs.readFileSync(module, 'utf8'), /# my change\n$/);
});

test('replaces an app the user set, on its own line, and wraps that app', async () => {
  const dir = example('notes-flask');
  fs.appendFileSync(path.join(dir, 'pyproject.toml'), '\n[tool.py2kube]\n# mine\napp = "notes:create_app()"  # the factory\nport = 8000\n');
  const result = await initRuntime(dir, { run: recorder().run });
  assert.equal(result.replacedApp, 'notes:create_app()');
  assert.equal(result.wrapped, 'notes:create_app()');
  const text = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  assert.match(text, /# mine\napp = "notes\.py2kube_runtime:create_app\(\)"  # the factory\nport = 8000\n/);
});

test('a dry run writes nothing and runs no manager', async () => {
  const dir = example('blog-django');
  const before = snapshot(dir);
  const manager = recorder(0);
  const result = await initRuntime(dir, { dryRun: true, run: manager.run });
  assert.deepEqual(snapshot(dir), before);
  assert.deepEqual(manager.calls, []);
  assert.equal(result.dependency?.status, 'dry-run');
  assert.deepEqual(result.files.map((f) => f.action), ['created', 'created']);
  assert.notEqual(result.config.after, result.config.before);
});

test('refuses a project that has no web framework, naming what it supports', async () => {
  await assert.rejects(initRuntime(fixture('etl-script-no-framework')), (error: unknown) => {
    assert.ok(isUserError(error));
    assert.match(error.message, /nothing for the runtime companion to wrap|supports FastAPI, Starlette, Litestar, Flask and Django/);
    return true;
  });
});

test('every generated module and gunicorn.conf.py is valid Python 3.9 syntax', async (t) => {
  const python = spawnSync('python3', ['--version']);
  if (python.status !== 0) return t.skip('python3 is not installed');
  const sources: Array<[string, string]> = [];
  for (const name of ['fastapi-metrics-health', 'flask-app-factory', 'django-asgi-channels', 'pdm-starlette', 'litestar-app', 'alembic-fastapi-gunicorn', 'compose-uvicorn-fastapi', 'poetry-src-layout']) {
    const result = await initRuntime(fixture(name), { dryRun: true });
    for (const file of result.files) if (file.text !== undefined) sources.push([`${name}/${file.file}`, file.text]);
  }
  for (const name of ['shop-fastapi', 'blog-django', 'notes-flask']) {
    const result = await initRuntime(example(name), { dryRun: true });
    for (const file of result.files) if (file.text !== undefined) sources.push([`${name}/${file.file}`, file.text]);
  }
  const script = 'import ast, json, sys\nfor name, text in json.load(sys.stdin):\n    ast.parse(text, filename=name, feature_version=(3, 9))\nprint("ok")\n';
  const checked = spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
  assert.equal(checked.stdout.trim(), 'ok', checked.stderr);
  assert.ok(sources.length >= 15);
});
