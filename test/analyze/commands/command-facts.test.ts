import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultProcessName, readArgvCommand, readShellCommand, substituteEnv, toCommandFacts } from '../../../src/analyze/commands/command-facts.ts';
import { tempProject } from '../../helpers/project.ts';

test('keeps a plain line as its words and a line with shell features as sh -c', () => {
  assert.deepEqual(readShellCommand('gunicorn "app:app"')?.argv, ['gunicorn', 'app:app']);
  assert.deepEqual(readShellCommand('alembic upgrade head && gunicorn app:app')?.argv, ['/bin/sh', '-c', 'alembic upgrade head && gunicorn app:app']);
  assert.deepEqual(readShellCommand('gunicorn -b :$PORT app:app', {}, ['/bin/bash', '-o', 'pipefail', '-c'])?.argv, ['/bin/bash', '-o', 'pipefail', '-c', 'gunicorn -b :$PORT app:app']);
});

test('reads the meaning of a line with known variables filled in', () => {
  assert.equal(readShellCommand('uvicorn app:app --port $PORT', { PORT: '7000' })?.parsed[0]?.port, 7000);
  assert.equal(substituteEnv('${PORT:-1}:$HOST:$OTHER', { PORT: '2', HOST: 'h' }), '2:h:$OTHER');
});

test('names processes after what they run', () => {
  const name = (line: string): string => defaultProcessName(readShellCommand(line)!);
  assert.equal(name('gunicorn app:app'), 'web');
  assert.equal(name('celery -A proj worker'), 'worker');
  assert.equal(name('celery -A proj beat'), 'beat');
  assert.equal(name('python manage.py migrate'), 'release');
  assert.equal(name('python manage.py migrate && gunicorn config.wsgi'), 'web');
  assert.equal(name('python -m etl.run'), 'main');
});

test('turns a fastapi run file path into the module a server imports', async () => {
  const project = await tempProject({ 'app/__init__.py': '', 'app/main.py': '' });
  const command = readArgvCommand(['fastapi', 'run', 'app/main.py', '--port', '80'])!;
  const facts = toCommandFacts(command, 'web', { project, source: { file: 'Dockerfile', line: 3 }, where: 'Dockerfile:3', workdir: '.' });
  assert.deepEqual(facts.filter((f) => f.kind === 'app-target' || f.kind === 'bind-host'), [
    { kind: 'app-target', value: 'app.main:app', workdir: '.', interface: 'asgi', origin: 'command', source: { file: 'Dockerfile', line: 3 }, why: 'Dockerfile:3 runs fastapi run with the app "app/main.py"' },
    { kind: 'bind-host', value: '0.0.0.0', source: { file: 'Dockerfile', line: 3 }, why: 'Dockerfile:3 runs fastapi run bound to 0.0.0.0 (the default of "fastapi run")' },
  ]);
});

test('warns about development servers', async () => {
  const project = await tempProject({});
  const facts = toCommandFacts(readShellCommand('python manage.py runserver 0.0.0.0:8000')!, 'web', { project, source: { file: 'Procfile', line: 1 }, where: 'Procfile:1', workdir: '.' });
  assert.deepEqual(facts.filter((f) => f.kind === 'problem').map((f) => (f.kind === 'problem' ? f.code : null)), ['W_DEV_SERVER_COMMAND']);
});

test('maps an absolute --chdir onto the repository by its trailing parts', async () => {
  const project = await tempProject({ 'src/config/wsgi.py': '' });
  const facts = toCommandFacts(readShellCommand('gunicorn --chdir /app/src config.wsgi')!, 'web', { project, source: { file: 'Procfile', line: 1 }, where: 'Procfile:1', workdir: '.' });
  assert.deepEqual(facts.filter((f) => f.kind === 'app-target').map((f) => (f.kind === 'app-target' ? f.workdir : null)), ['src']);
});
