import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from '../../src/analyze/resolve.ts';
import { dep, fact, input } from '../helpers/builders.ts';

test('config wins over every detected value and says so in the evidence', () => {
  const model = resolve(input(
    [fact('port', { value: 8080 }, 'Procfile', 1), fact('server', { value: 'uvicorn' }, 'Procfile', 1)],
    { port: 9000, server: 'gunicorn' },
  ));
  assert.equal(model.port, 9000);
  assert.equal(model.server, 'gunicorn');
  assert.match(model.evidence['port']![0]!.why, /config wins over detection/);
  assert.equal(model.evidence['port']![0]!.at, 'pyproject.toml:7');
});

test('prefers uv.lock over an exported requirements.txt and reports the second lockfile', () => {
  const model = resolve(input([
    fact('package-manager', { value: 'pip', lockfile: 'requirements.txt', installRoot: '.' }, 'requirements.txt', 0),
    fact('package-manager', { value: 'uv', lockfile: 'uv.lock', installRoot: '.' }, 'uv.lock', 0),
  ]));
  assert.equal(model.packageManager, 'uv');
  assert.equal(model.lockfile, 'uv.lock');
  const diagnostic = model.diagnostics.find((d) => d.code === 'W_MULTIPLE_LOCKFILES');
  assert.equal(diagnostic?.configKey, 'package-manager');
  assert.match(diagnostic!.message, /pip \(requirements\.txt\) ignored/);
});

test('a manager with a lockfile beats a higher-ranked manager without one', () => {
  const model = resolve(input([
    fact('package-manager', { value: 'poetry', lockfile: null, installRoot: '.' }),
    fact('package-manager', { value: 'pip-tools', lockfile: 'requirements.txt', installRoot: '.' }, 'requirements.txt', 0),
  ]));
  assert.equal(model.packageManager, 'pip-tools');
});

test('the target a command runs wins over the one found in code, with an info diagnostic', () => {
  const model = resolve(input([
    dep('flask'),
    fact('framework', { value: 'flask', interface: 'wsgi' }, 'notes/__init__.py', 3),
    fact('app-target', { value: 'notes:create_app()', workdir: '.', origin: 'code', framework: 'flask', interface: 'wsgi' }, 'notes/__init__.py', 5),
    fact('app-target', { value: 'wsgi:app', workdir: '.', origin: 'command' }, 'Procfile', 1),
  ]));
  assert.equal(model.appPath, 'wsgi:app');
  assert.ok(model.diagnostics.some((d) => d.code === 'I_COMMAND_OVERRIDES_CODE' && d.configKey === 'app'));
});

test('two frameworks give a warning naming the framework key, and the one the command runs is chosen', () => {
  const model = resolve(input([
    fact('framework', { value: 'fastapi', interface: 'asgi' }, 'api.py', 3),
    fact('framework', { value: 'flask', interface: 'wsgi' }, 'legacy.py', 3),
    fact('app-target', { value: 'api:app', workdir: '.', origin: 'code', framework: 'fastapi' }, 'api.py', 3),
    fact('app-target', { value: 'legacy:app', workdir: '.', origin: 'code', framework: 'flask' }, 'legacy.py', 3),
    fact('app-target', { value: 'legacy:app', workdir: '.', origin: 'command' }, 'Procfile', 1),
  ]));
  assert.equal(model.framework, 'flask');
  assert.equal(model.appPath, 'legacy:app');
  assert.ok(model.diagnostics.some((d) => d.code === 'W_MULTIPLE_FRAMEWORKS' && d.configKey === 'framework'));
});

test('a framework dependency without an app object asks for the app key', () => {
  const model = resolve(input([dep('django')]));
  assert.equal(model.framework, 'django');
  assert.equal(model.appPath, null);
  assert.ok(model.diagnostics.some((d) => d.code === 'W_NO_APP_TARGET' && d.configKey === 'app'));
});

test('gunicorn wins over uvicorn when both are declared and no command names a server', () => {
  const model = resolve(input([dep('fastapi'), dep('uvicorn'), dep('gunicorn')]));
  assert.equal(model.server, 'gunicorn');
});

test('datastores come from clients and extras; an optional extra stays optional unless also required', () => {
  const model = resolve(input([
    dep('asyncpg'),
    dep('celery', 'runtime', 2, ['redis']),
    fact('dependency', { name: 'pymongo', specifier: '', group: 'optional', extra: 'mongo' }),
    dep('psycopg', 'dev'),
  ]));
  assert.deepEqual(model.datastores, [
    { name: 'mongodb', optional: true },
    { name: 'postgresql', optional: false },
    { name: 'redis', optional: false },
  ]);
});

test('picks the Python version from .python-version before requires-python and flags a disagreement', () => {
  const model = resolve(input([
    fact('python-version', { value: '>=3.13', origin: 'requires-python' }, 'pyproject.toml', 4),
    fact('python-version', { value: '3.12.4', origin: 'python-version-file' }, '.python-version', 1),
  ]));
  assert.equal(model.pythonVersion, '3.12');
  assert.ok(model.diagnostics.some((d) => d.code === 'W_PYTHON_VERSION_CONFLICT' && d.source?.file === 'pyproject.toml'));
});

test('without any Python version the diagnostic names the python key', () => {
  const model = resolve(input([dep('flask')]));
  assert.equal(model.pythonVersion, null);
  assert.ok(model.diagnostics.some((d) => d.code === 'W_NO_PYTHON_VERSION' && d.configKey === 'python'));
});

test('celery beat comes from beat facts and queues are collected once each', () => {
  const model = resolve(input([
    dep('celery'),
    fact('celery-app', { value: 'proj.celery:app', workdir: '.' }, 'proj/celery.py', 4),
    fact('celery-beat', {}, 'proj/settings.py', 40),
    fact('celery-queue', { value: 'emails' }, 'Procfile', 2),
    fact('celery-queue', { value: 'emails' }, 'proj/settings.py', 50),
  ]));
  assert.deepEqual(model.celery, { app: 'proj.celery:app', workdir: '.', beat: true, queues: ['emails'], taskAcksLate: null, taskRejectOnWorkerLost: null, taskCount: 0, taskOptions: [] });
});

test('celery = false in config turns Celery off even when it is detected', () => {
  const model = resolve(input([dep('celery'), fact('celery-app', { value: 'proj:app', workdir: '.' })], { celery: false }));
  assert.equal(model.celery, null);
});

test('marks the app ML-heavy from runtime dependencies only', () => {
  assert.equal(resolve(input([dep('torch')])).mlHeavy, true);
  assert.equal(resolve(input([dep('torch', 'dev')])).mlHeavy, false);
});

test('a server bound to 127.0.0.1 is a warning', () => {
  const model = resolve(input([fact('bind-host', { value: '127.0.0.1' }, 'Dockerfile', 9)]));
  assert.ok(model.diagnostics.some((d) => d.code === 'W_BINDS_LOCALHOST' && d.source?.line === 9));
});

test('the app name is the project name made DNS-safe, else the folder name', () => {
  assert.equal(resolve(input([fact('project-name', { value: 'My_Shop.API' })])).name, 'my-shop-api');
  assert.equal(resolve(input([])).name, 'svc');
});

test('a script project with no framework and no worker gets an info diagnostic', () => {
  const model = resolve(input([dep('pandas')]));
  assert.ok(model.diagnostics.some((d) => d.code === 'I_NO_WEB_FRAMEWORK'));
});

test('a server that arrives as an extra of another package counts as declared', () => {
  const model = resolve(input([dep('django'), dep('channels', 'runtime', 3, ['daphne'])]));
  assert.equal(model.server, 'daphne');
  assert.match(model.evidence['server']![0]!.why, /"channels\[daphne\]" is a runtime dependency/);
});

const setting = (app: string, name: 'task_acks_late' | 'task_reject_on_worker_lost', value: boolean | null, origin: 'app' | 'config-source' | 'default', file: string, line: number, why = `sets ${name}`) =>
  fact('celery-setting', { app, setting: name, value, name: origin === 'default' ? null : name, origin }, file, line, why);

test('celery acknowledgement settings come from the facts of the app the worker runs, with their evidence', () => {
  const model = resolve(input([
    dep('celery'),
    fact('celery-app', { value: 'proj.celery:app', workdir: '.' }, 'proj/celery.py', 4),
    setting('proj.celery:app', 'task_acks_late', true, 'config-source', 'proj/settings.py', 90, 'sets CELERY_TASK_ACKS_LATE=True in the Django settings'),
    setting('proj.celery:app', 'task_reject_on_worker_lost', false, 'default', 'proj/celery.py', 4, 'nothing sets task_reject_on_worker_lost, so Celery\'s default applies: off'),
    setting('other.worker:app', 'task_acks_late', false, 'app', 'other/worker.py', 3),
    setting('other.worker:app', 'task_reject_on_worker_lost', null, 'app', 'other/worker.py', 4),
  ]));
  assert.equal(model.celery?.taskAcksLate, true);
  assert.equal(model.celery?.taskRejectOnWorkerLost, false);
  assert.deepEqual(model.evidence['celery.taskAcksLate'], [{ at: 'proj/settings.py:90', source: { file: 'proj/settings.py', line: 90 }, why: 'sets CELERY_TASK_ACKS_LATE=True in the Django settings' }]);
  assert.deepEqual(model.evidence['celery.taskRejectOnWorkerLost'], [{ at: 'default', source: null, why: 'nothing sets task_reject_on_worker_lost, so Celery\'s default applies: off' }]);
});

test('a command naming only the package (`celery -A proj`) gets the settings of proj.celery:app', () => {
  const model = resolve(input([
    dep('celery'),
    fact('celery-app', { value: 'proj', workdir: '.' }, 'Procfile', 2),
    setting('proj.celery:app', 'task_acks_late', true, 'app', 'proj/celery.py', 5),
    setting('proj.celery:app', 'task_reject_on_worker_lost', true, 'app', 'proj/celery.py', 6),
    setting('proj.other:app', 'task_acks_late', false, 'default', 'proj/other.py', 3),
  ]));
  assert.equal(model.celery?.app, 'proj');
  assert.equal(model.celery?.taskAcksLate, true);
  assert.equal(model.celery?.taskRejectOnWorkerLost, true);
});

test('with several Celery apps and none the worker runs, the settings are unknown', () => {
  const model = resolve(input([
    dep('celery'),
    fact('celery-app', { value: 'svc.tasks:app', workdir: '.' }, 'svc/tasks.py', 2),
    setting('a.worker:app', 'task_acks_late', true, 'app', 'a/worker.py', 3),
    setting('b.worker:app', 'task_acks_late', false, 'default', 'b/worker.py', 3),
  ]));
  assert.equal(model.celery?.taskAcksLate, null);
  assert.equal(model.evidence['celery.taskAcksLate'], undefined);
});

test('tasks are counted, and those that set acks_late or reject_on_worker_lost themselves are listed', () => {
  const model = resolve(input([
    dep('celery'),
    fact('celery-app', { value: 'proj.celery:app', workdir: '.' }, 'proj/celery.py', 4),
    fact('celery-task', { name: 'plain' }, 'proj/tasks.py', 3),
    fact('celery-task', { name: 'late', acksLate: true, rejectOnWorkerLost: null }, 'proj/tasks.py', 7),
  ]));
  assert.equal(model.celery?.taskCount, 2);
  assert.deepEqual(model.celery?.taskOptions, [{ name: 'late', source: { file: 'proj/tasks.py', line: 7 }, acksLate: true, rejectOnWorkerLost: null }]);
  assert.deepEqual(model.evidence['celery.taskOptions']?.map((e) => e.at), ['proj/tasks.py:7']);
});
