import { test } from 'node:test';
import assert from 'node:assert/strict';
import { procfile } from '../../../src/analyze/detectors/procfile.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads the worker and beat process types of a Celery-only Procfile', async () => {
  const project = await fixtureProject('celery-worker-only');
  const at = (line: number) => ({ file: 'Procfile', line });
  assert.deepEqual(procfile.detect(project), [
    { kind: 'command', process: 'worker', argv: ['celery', '-A', 'tasks.celery_app', 'worker', '-Q', 'emails,reports', '--concurrency', '4', '--loglevel', 'INFO'], source: at(2), why: 'declares the "worker" process command' },
    { kind: 'worker-system', value: 'celery', source: at(2), why: 'runs a Celery worker' },
    { kind: 'celery-app', value: 'tasks.celery_app', workdir: '.', source: at(2), why: 'runs celery -A tasks.celery_app' },
    { kind: 'celery-queue', value: 'emails', source: at(2), why: 'runs a Celery worker consuming the "emails" queue' },
    { kind: 'celery-queue', value: 'reports', source: at(2), why: 'runs a Celery worker consuming the "reports" queue' },
    { kind: 'command', process: 'beat', argv: ['celery', '-A', 'tasks.celery_app', 'beat', '--loglevel', 'INFO'], source: at(3), why: 'declares the "beat" process command' },
    { kind: 'worker-system', value: 'celery', source: at(3), why: 'runs celery beat' },
    { kind: 'celery-app', value: 'tasks.celery_app', workdir: '.', source: at(3), why: 'runs celery -A tasks.celery_app' },
    { kind: 'celery-beat', source: at(3), why: 'runs celery beat' },
  ]);
});

test('gives no port fact for $PORT but keeps the host, and runs the line through a shell', async () => {
  const project = await tempProject({ Procfile: 'web: gunicorn --bind 0.0.0.0:$PORT app:app\n' });
  assert.deepEqual(procfile.detect(project), [
    { kind: 'command', process: 'web', argv: ['/bin/sh', '-c', 'gunicorn --bind 0.0.0.0:$PORT app:app'], source: { file: 'Procfile', line: 1 }, why: 'declares the "web" process command' },
    { kind: 'server', value: 'gunicorn', source: { file: 'Procfile', line: 1 }, why: 'runs gunicorn' },
    { kind: 'app-target', value: 'app:app', workdir: '.', interface: 'wsgi', origin: 'command', source: { file: 'Procfile', line: 1 }, why: 'runs gunicorn with the app "app:app"' },
    { kind: 'bind-host', value: '0.0.0.0', source: { file: 'Procfile', line: 1 }, why: 'runs gunicorn bound to 0.0.0.0' },
  ]);
});

test('reads the port from a written ${PORT:-8000} default', async () => {
  const project = await tempProject({ Procfile: 'web: uvicorn app.main:app --host 0.0.0.0 --port ${PORT:-8000}\n' });
  const ports = procfile.detect(project).filter((f) => f.kind === 'port');
  assert.deepEqual(ports, [{ kind: 'port', value: 8000, source: { file: 'Procfile', line: 1 }, why: 'runs uvicorn on port 8000' }]);
});

test('reads a release process as a migration', async () => {
  const project = await tempProject({ Procfile: 'release: python manage.py migrate --noinput\nweb: gunicorn config.wsgi\n' });
  const migrations = procfile.detect(project).filter((f) => f.kind === 'migrations');
  assert.deepEqual(migrations, [
    { kind: 'migrations', tool: 'django', command: ['python', 'manage.py', 'migrate', '--noinput'], workdir: '.', source: { file: 'Procfile', line: 1 }, why: "runs Django's migrate command" },
  ]);
});

test('reports an unterminated quote as a problem instead of failing', async () => {
  const project = await tempProject({ Procfile: 'web: gunicorn "app:app\n' });
  const facts = procfile.detect(project);
  assert.equal(facts.length, 1);
  assert.equal(facts[0]?.kind, 'problem');
  assert.equal(facts[0]?.kind === 'problem' ? facts[0].code : null, 'W_COMMAND_SYNTAX');
  assert.deepEqual(facts[0]?.source, { file: 'Procfile', line: 1 });
});

test('reads a Procfile in the app root of a monorepo with workdirs under it', async () => {
  const project = await tempProject({ 'services/api/Procfile': 'web: uvicorn main:app --app-dir src\n', 'services/api/src/main.py': '' }, 'services/api');
  const targets = procfile.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((t) => t.kind === 'app-target' ? [t.value, t.workdir, t.source.file] : null), [['main:app', 'services/api/src', 'services/api/Procfile']]);
});

test('reads web, worker, beat and release lines of a Django Procfile', async () => {
  const project = await fixtureProject('django-pip-tools-celery-beat');
  const facts = procfile.detect(project);
  assert.deepEqual(facts.filter((f) => f.kind === 'command').map((f) => (f.kind === 'command' ? [f.process, f.source.line] : null)), [['web', 1], ['worker', 2], ['beat', 3], ['release', 4]]);
  assert.deepEqual(facts.filter((f) => f.kind === 'port' || f.kind === 'migrations' || f.kind === 'celery-beat').map((f) => [f.kind, f.source.line]), [['port', 1], ['celery-beat', 3], ['migrations', 4]]);
});

test('writes a waitress --call factory as module:factory() like every other factory', async () => {
  const project = await tempProject({ Procfile: 'web: waitress-serve --listen=*:8080 --call notes:create_app\n' });
  const target = procfile.detect(project).find((f) => f.kind === 'app-target');
  assert.equal(target?.kind === 'app-target' && target.value, 'notes:create_app()');
});
