import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposedAttribute, ownership, renderCompanion, renderGunicornConf, withChecksum, type CompanionSpec } from '../../src/runtime/render.ts';

const SPEC: CompanionSpec = {
  service: 'notes', wrapped: 'notes:create_app()', framework: 'flask', interface: 'wsgi', lockfile: '../poetry.lock',
  liveness: '/healthz', readiness: '/readyz', metrics: '/metrics',
  checks: [{ name: 'postgresql', env: 'DATABASE_URL', kind: 'postgresql-psycopg' }],
};

test('the checksum line tells an untouched file from an edited one and from a foreign one', () => {
  const text = withChecksum('print("hi")\n');
  assert.match(text, /^# py2kube-runtime sha256=[0-9a-f]{64}\nprint\("hi"\)\n$/);
  assert.equal(ownership(text), 'generated');
  assert.equal(ownership(`${text}# mine\n`), 'edited');
  assert.equal(ownership('bind = "0.0.0.0:8000"\n'), 'foreign');
});

test('the module exposes the wrapped target under its own attribute name', () => {
  assert.equal(exposedAttribute('shop.main:app'), 'app');
  assert.equal(exposedAttribute('config.wsgi:application'), 'application');
  assert.equal(exposedAttribute('notes:create_app()'), 'create_app');
  assert.equal(exposedAttribute('pkg.mod:holder.app'), 'app');
});

test('rendering is deterministic and names the wrapped app, the lockfile and the checks', () => {
  const text = renderCompanion(SPEC);
  assert.equal(renderCompanion(SPEC), text);
  assert.match(text, /^WRAPPED_APP = "notes:create_app\(\)"$/m);
  assert.match(text, /^LOCKFILE: Optional\[Path\] = Path\(__file__\)\.resolve\(\)\.parent \/ "\.\.\/poetry\.lock"$/m);
  assert.match(text, /^ {4}"postgresql": \("DATABASE_URL", check_postgresql\),$/m);
  assert.match(text, /^def create_app\(\*args: Any, \*\*kwargs: Any\) -> Any:$/m);
  assert.match(text, /inner\.wsgi_app = Companion\(inner\.wsgi_app, route_of=lambda environ: route_of\(inner, environ\)\)/);
  assert.doesNotMatch(text, /\{\{[A-Z_]+\}\}/, 'no placeholder is left');
});

test('an app with its own probes and metrics gets middleware without routes or prometheus-client', () => {
  const text = renderCompanion({ ...SPEC, liveness: null, readiness: null, metrics: null, checks: [] });
  assert.match(text, /^OWN_PATHS = frozenset/m);
  assert.doesNotMatch(text, /prometheus_client|def readiness/);
  assert.match(text, /raise LookupError\(path\)/);
});

test('gunicorn.conf.py carries the hooks and settings flags cannot give', () => {
  const text = renderGunicornConf({ service: 'shop', port: 8000, lockfile: '../uv.lock', workerClass: 'uvicorn_worker.UvicornWorker', timeouts: { request: 30, graceful: 25, keepAlive: 5 }, workers: 2 });
  assert.equal(ownership(text), 'generated');
  for (const line of ['bind = ["0.0.0.0:8000"]', 'workers = int(os.environ.get("WEB_CONCURRENCY", "2"))', 'worker_class = "uvicorn_worker.UvicornWorker"', 'graceful_timeout = 25', 'def child_exit(server, worker):', 'def on_starting(server):', 'logconfig_dict = {']) {
    assert.ok(text.includes(line), line);
  }
  assert.match(text, /worker_tmp_dir = "\/dev\/shm"/);
});
