import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uwsgi } from '../../../src/analyze/detectors/uwsgi.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads the module and http address of a uwsgi.ini', async () => {
  const project = await tempProject({ 'uwsgi.ini': '[uwsgi]\nmodule = mysite.wsgi:application\nmaster = true\nprocesses = 4\nhttp = :8000\n' });
  assert.deepEqual(uwsgi.detect(project), [
    { kind: 'server', value: 'uwsgi', source: { file: 'uwsgi.ini', line: 0 }, why: 'uwsgi.ini has a [uwsgi] section' },
    { kind: 'app-target', value: 'mysite.wsgi:application', workdir: '.', interface: 'wsgi', origin: 'command', source: { file: 'uwsgi.ini', line: 2 }, why: 'uwsgi.ini:2 sets the uWSGI module to "mysite.wsgi:application"' },
    { kind: 'port', value: 8000, source: { file: 'uwsgi.ini', line: 5 }, why: 'uwsgi.ini:5 sets uWSGI http = :8000' },
    { kind: 'bind-host', value: '0.0.0.0', source: { file: 'uwsgi.ini', line: 5 }, why: 'uwsgi.ini:5 sets uWSGI http = :8000' },
  ]);
});

test('turns wsgi-file and callable under chdir into a module target', async () => {
  const project = await tempProject({ 'deploy/app.ini': '[uwsgi]\nchdir = ../src\nwsgi-file = server.py\ncallable = api\nhttp-socket = 0.0.0.0:9090\n', 'src/server.py': '' });
  const targets = uwsgi.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => (f.kind === 'app-target' ? [f.value, f.workdir, f.source.line] : null)), [['server:api', 'src', 3]]);
});

test('warns that a uwsgi-protocol socket cannot serve HTTP probes', async () => {
  const project = await tempProject({ 'uwsgi.ini': '[uwsgi]\nmodule = app:app\nsocket = :3031\n' });
  const problems = uwsgi.detect(project).filter((f) => f.kind === 'problem');
  assert.deepEqual(problems.map((f) => (f.kind === 'problem' ? [f.code, f.source.line] : null)), [['W_UWSGI_PROTOCOL_SOCKET', 3]]);
});

test('ignores ini files without a [uwsgi] section', async () => {
  const project = await tempProject({ 'setup.ini': '[metadata]\nname = x\n', 'alembic.ini': '[alembic]\nscript_location = m\n' });
  assert.deepEqual(uwsgi.detect(project), []);
});
