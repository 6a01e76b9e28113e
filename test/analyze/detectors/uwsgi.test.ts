import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uwsgi } from '../../../src/analyze/detectors/uwsgi.ts';
import { detectors } from '../../../src/analyze/detectors/index.ts';
import { runDetectors } from '../../../src/analyze/run-detectors.ts';
import type { Fact } from '../../../src/model/facts.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads the module and http address of a uwsgi.ini', async () => {
  const project = await tempProject({ 'uwsgi.ini': '[uwsgi]\nmodule = mysite.wsgi:application\nmaster = true\nprocesses = 4\nhttp = :8000\n' });
  assert.deepEqual(uwsgi.detect(project), [
    { kind: 'server', value: 'uwsgi', source: { file: 'uwsgi.ini', line: 0 }, why: 'uwsgi.ini has a [uwsgi] section' },
    { kind: 'app-target', value: 'mysite.wsgi:application', workdir: '.', interface: 'wsgi', origin: 'command', source: { file: 'uwsgi.ini', line: 2 }, why: 'sets the uWSGI module to "mysite.wsgi:application"' },
    { kind: 'port', value: 8000, source: { file: 'uwsgi.ini', line: 5 }, why: 'sets uWSGI http = :8000' },
    { kind: 'bind-host', value: '0.0.0.0', source: { file: 'uwsgi.ini', line: 5 }, why: 'sets uWSGI http = :8000' },
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

const targetOf = (facts: Fact[]): Array<[string, string]> => facts.flatMap((f) => (f.kind === 'app-target' ? [[f.value, f.workdir] as [string, string]] : []));

test('maps an absolute chdir to the repository folder that holds the module', async () => {
  const project = await tempProject({
    'deploy/uwsgi.ini': '[uwsgi]\nchdir = /srv/tracker/webapp\nmodule = core.wsgi:application\n',
    'webapp/core/__init__.py': '',
    'webapp/core/wsgi.py': '',
  });
  assert.deepEqual(targetOf(uwsgi.detect(project)), [['core.wsgi:application', 'webapp']]);
});

test('falls back to the app root, not the ini folder, when an absolute chdir matches no folder', async () => {
  const project = await tempProject({
    'docker/uwsgi.ini': '[uwsgi]\nchdir = /opt/tracker\nmodule = tracker.wsgi:application\n',
    'tracker/wsgi.py': '',
  });
  assert.deepEqual(targetOf(uwsgi.detect(project)), [['tracker.wsgi:application', '.']]);
  // Only a module importable from the ini's folder makes that folder the workdir.
  const beside = await tempProject({ 'deploy/uwsgi.ini': '[uwsgi]\nmodule = wsgi\n', 'deploy/wsgi.py': '' });
  assert.deepEqual(targetOf(uwsgi.detect(beside)), [['wsgi', 'deploy']]);
});

test('reads a socket with protocol = http as the HTTP address, without the uwsgi-protocol warning', async () => {
  const project = await tempProject({ 'uwsgi.ini': '[uwsgi]\nmodule = app:app\nprotocol = http\nsocket = 0.0.0.0:8080\n' });
  const why = 'sets uWSGI socket = 0.0.0.0:8080 with protocol = http';
  assert.deepEqual(uwsgi.detect(project).slice(2), [
    { kind: 'port', value: 8080, source: { file: 'uwsgi.ini', line: 4 }, why },
    { kind: 'bind-host', value: '0.0.0.0', source: { file: 'uwsgi.ini', line: 4 }, why },
  ]);
});

test('reads migrations from hook-pre-app and exec-pre-app commands, run from the chdir', async () => {
  const project = await tempProject({
    'docker/uwsgi.ini': '[uwsgi]\nstrict\nchdir = /opt/tracker\nmodule = tracker.wsgi:application\nhook-pre-app = exec:./manage.py migrate\nexec-pre-app = alembic upgrade head\nhook-pre-app = mount:proc none /proc\nattach-daemon = ./manage.py sendalerts\n',
    'tracker/wsgi.py': '',
  });
  assert.deepEqual(uwsgi.detect(project).filter((f) => f.kind === 'migrations'), [
    { kind: 'migrations', tool: 'django', command: ['./manage.py', 'migrate'], workdir: '.', source: { file: 'docker/uwsgi.ini', line: 5 }, why: "runs Django's migrate command" },
    { kind: 'migrations', tool: 'alembic', command: ['alembic', 'upgrade', 'head'], workdir: '.', source: { file: 'docker/uwsgi.ini', line: 6 }, why: 'runs alembic upgrade' },
  ]);
});

test('runs when uWSGI is installed outside the declared dependencies', async () => {
  const project = await tempProject({ 'requirements.txt': 'django==5.0\n', 'docker/uwsgi.ini': '[uwsgi]\nhttp-socket = :8000\nmodule = tracker.wsgi\n' });
  const facts = runDetectors(project, detectors);
  assert.deepEqual(facts.filter((f) => f.source.file === 'docker/uwsgi.ini').map((f) => f.kind), ['server', 'app-target', 'port', 'bind-host']);
});
