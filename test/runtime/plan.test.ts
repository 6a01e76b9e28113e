import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { detect } from '../../src/analyze/index.ts';
import { decideFeatures, isCompanionTarget, moduleLocation, readinessChecks, wrappedTargetOf } from '../../src/runtime/plan.ts';
import { fact } from '../helpers/builders.ts';
import { FIXTURES, REPO_ROOT } from '../helpers/project.ts';

test('the module goes into the app\'s top-level package, or beside a top-level module', () => {
  const dirs = new Set(['src/shop', 'notes', 'config']);
  const isDir = (d: string): boolean => dirs.has(d);
  assert.deepEqual(moduleLocation('shop.main:app', 'src', isDir), { file: 'src/shop/py2kube_runtime.py', module: 'shop.py2kube_runtime' });
  assert.deepEqual(moduleLocation('notes:create_app()', '.', isDir), { file: 'notes/py2kube_runtime.py', module: 'notes.py2kube_runtime' });
  assert.deepEqual(moduleLocation('main:app', '.', isDir), { file: 'py2kube_runtime.py', module: 'py2kube_runtime' });
});

test('a companion target and its wrapped app are recognised', () => {
  assert.equal(isCompanionTarget('shop.py2kube_runtime:app'), true);
  assert.equal(isCompanionTarget('py2kube_runtime:app'), true);
  assert.equal(isCompanionTarget('shop.main:app'), false);
  assert.equal(wrappedTargetOf('x = 1\nWRAPPED_APP = "shop.main:app"\n'), 'shop.main:app');
  assert.equal(wrappedTargetOf('nothing here'), null);
});

test('routes the app serves are not added, and the companion\'s own file never counts as the app\'s', () => {
  const own = 'svc/py2kube_runtime.py';
  const health = fact('endpoint', { path: '/health', role: 'health' }, 'svc/api.py', 3);
  const ours = fact('endpoint', { path: '/healthz', role: 'liveness' }, own, 9);
  assert.deepEqual(decideFeatures([health], {}, own), { liveness: null, readiness: null, metrics: '/metrics', existing: [{ path: '/health', role: 'health', at: 'svc/api.py:3' }] });
  assert.equal(decideFeatures([ours], {}, own).liveness, '/healthz');
  // Config naming the companion's own paths (an earlier run) does not hide them; other paths do.
  assert.equal(decideFeatures([], { health: { liveness: '/healthz' }, metrics: '/metrics' }, own).liveness, '/healthz');
  assert.equal(decideFeatures([], { health: { readiness: '/ready' } }, own).readiness, null);
  assert.equal(decideFeatures([], { metrics: false }, own).metrics, null, 'metrics = false is respected');
});

test('readiness checks use the client each example installs and the URL variables generate\'s Secret holds', async () => {
  const kinds = async (dir: string): Promise<string[]> => readinessChecks((await detect(dir)).model).map((c) => `${c.name}:${c.env ?? '-'}:${c.kind}`);
  assert.deepEqual(await kinds(path.join(REPO_ROOT, 'examples/shop-fastapi')), ['postgresql:DATABASE_URL:postgresql-asyncpg', 'redis:REDIS_URL:redis', 'celery-broker:CELERY_BROKER_URL:celery-broker']);
  assert.deepEqual(await kinds(path.join(REPO_ROOT, 'examples/blog-django')), ['postgresql:-:django-database', 'rabbitmq:CELERY_BROKER_URL:amqp']);
  assert.deepEqual(await kinds(path.join(REPO_ROOT, 'examples/notes-flask')), ['postgresql:DATABASE_URL:postgresql-psycopg']);
  // channels-redis brings no redis client the project declares: a TCP check on the URL's port.
  assert.deepEqual(await kinds(path.join(FIXTURES, 'django-asgi-channels')), ['postgresql:-:django-database', 'redis:REDIS_URL:tcp']);
});
