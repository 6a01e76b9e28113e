import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunicorn } from '../../../src/analyze/detectors/gunicorn.ts';
import { detectors } from '../../../src/analyze/detectors/index.ts';
import { runDetectors } from '../../../src/analyze/run-detectors.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads bind, wsgi_app and an ASGI worker class from gunicorn.conf.py', async () => {
  const project = await fixtureProject('alembic-fastapi-gunicorn');
  const at = (line: number) => ({ file: 'gunicorn.conf.py', line });
  assert.deepEqual(gunicorn.detect(project), [
    { kind: 'server', value: 'gunicorn', source: at(0), why: 'gunicorn.conf.py is a gunicorn configuration file' },
    { kind: 'port', value: 9000, source: at(4), why: 'sets the gunicorn bind to "0.0.0.0:9000"' },
    { kind: 'bind-host', value: '0.0.0.0', source: at(4), why: 'sets the gunicorn bind to "0.0.0.0:9000"' },
    { kind: 'app-target', value: 'service.api:app', workdir: '.', interface: 'asgi', origin: 'command', source: at(5), why: 'sets gunicorn\'s wsgi_app to "service.api:app" with the uvicorn_worker.UvicornWorker worker class' },
  ]);
});

test('reads the first TCP address of a bind list with an environment default', async () => {
  const project = await tempProject({
    'config/gunicorn.py': 'import os\nbind = [\n    "unix:/run/app.sock",\n    f"0.0.0.0:{os.getenv(\'PORT\', \'8000\')}",\n]\nwsgi_app = "mysite.wsgi:application"\nchdir = "src"\n',
  });
  assert.deepEqual(gunicorn.detect(project).slice(1), [
    { kind: 'port', value: 8000, source: { file: 'config/gunicorn.py', line: 4 }, why: 'sets the gunicorn bind to "0.0.0.0:8000"' },
    { kind: 'bind-host', value: '0.0.0.0', source: { file: 'config/gunicorn.py', line: 4 }, why: 'sets the gunicorn bind to "0.0.0.0:8000"' },
    { kind: 'app-target', value: 'mysite.wsgi:application', workdir: 'src', interface: 'wsgi', origin: 'command', source: { file: 'config/gunicorn.py', line: 6 }, why: 'sets gunicorn\'s wsgi_app to "mysite.wsgi:application"' },
  ]);
});

test('gives no bind facts when the bind depends on the environment only', async () => {
  const project = await tempProject({ 'gunicorn_config.py': 'import os\nbind = os.environ["BIND"]\nworkers = 4\n' });
  assert.deepEqual(gunicorn.detect(project), [
    { kind: 'server', value: 'gunicorn', source: { file: 'gunicorn_config.py', line: 0 }, why: 'gunicorn_config.py is a gunicorn configuration file' },
  ]);
});

test('finds nothing without a gunicorn configuration file', async () => {
  const project = await tempProject({ 'app.py': 'bind = "0.0.0.0:1"\n' });
  assert.deepEqual(gunicorn.detect(project), []);
});

test('runs when gunicorn is installed outside the declared dependencies', async () => {
  const project = await tempProject({ 'requirements.txt': 'flask==3.0\n', 'gunicorn.conf.py': 'bind = "0.0.0.0:5000"\n' });
  const facts = runDetectors(project, detectors).filter((f) => f.source.file === 'gunicorn.conf.py');
  assert.deepEqual(facts.map((f) => [f.kind, 'value' in f ? f.value : null]), [['server', 'gunicorn'], ['port', 5000], ['bind-host', '0.0.0.0']]);
});
