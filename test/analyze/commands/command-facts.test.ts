import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultProcessName, readArgvCommand, readShellCommand, substituteEnv, toCommandFacts } from '../../../src/analyze/commands/command-facts.ts';
import { procfile } from '../../../src/analyze/detectors/procfile.ts';
import { dockerfile } from '../../../src/analyze/detectors/dockerfile.ts';
import { compose } from '../../../src/analyze/detectors/compose.ts';
import { uwsgi } from '../../../src/analyze/detectors/uwsgi.ts';
import { gunicorn } from '../../../src/analyze/detectors/gunicorn.ts';
import { hypercorn } from '../../../src/analyze/detectors/hypercorn.ts';
import { granian } from '../../../src/analyze/detectors/granian.ts';
import { daphne } from '../../../src/analyze/detectors/daphne.ts';
import { waitress } from '../../../src/analyze/detectors/waitress.ts';
import { uvicorn } from '../../../src/analyze/detectors/uvicorn.ts';
import { dotenv } from '../../../src/analyze/detectors/dotenv.ts';
import type { Project } from '../../../src/analyze/project.ts';
import type { Fact } from '../../../src/model/facts.ts';
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
  const facts = toCommandFacts(command, 'web', { project, source: { file: 'Dockerfile', line: 3 }, workdir: '.' });
  assert.deepEqual(facts.filter((f) => f.kind === 'app-target' || f.kind === 'bind-host'), [
    { kind: 'app-target', value: 'app.main:app', workdir: '.', interface: 'asgi', origin: 'command', source: { file: 'Dockerfile', line: 3 }, why: 'runs fastapi run with the app "app/main.py"' },
    { kind: 'bind-host', value: '0.0.0.0', source: { file: 'Dockerfile', line: 3 }, why: 'runs fastapi run bound to 0.0.0.0 (the default of "fastapi run")' },
  ]);
});

test('warns about development servers', async () => {
  const project = await tempProject({});
  const facts = toCommandFacts(readShellCommand('python manage.py runserver 0.0.0.0:8000')!, 'web', { project, source: { file: 'Procfile', line: 1 }, workdir: '.' });
  assert.deepEqual(facts.filter((f) => f.kind === 'problem').map((f) => (f.kind === 'problem' ? f.code : null)), ['W_DEV_SERVER_COMMAND']);
});

test('maps an absolute --chdir onto the repository by its trailing parts', async () => {
  const project = await tempProject({ 'src/config/wsgi.py': '' });
  const facts = toCommandFacts(readShellCommand('gunicorn --chdir /app/src config.wsgi')!, 'web', { project, source: { file: 'Procfile', line: 1 }, workdir: '.' });
  assert.deepEqual(facts.filter((f) => f.kind === 'app-target').map((f) => (f.kind === 'app-target' ? f.workdir : null)), ['src']);
});

const dockerfileCmd = (project: Project, argv: string[], env: Record<string, string> = {}): Fact[] =>
  toCommandFacts(readArgvCommand(argv)!, 'web', { project, source: { file: 'Dockerfile', line: 9 }, workdir: '.', env });

test('follows a command into the repository script it runs and reads each line with its own source', async () => {
  const project = await tempProject({
    'docker/serve.sh': '#!/usr/bin/env bash\nSEP=-\ngunicorn \\\n  --bind "0.0.0.0:${APP_PORT:-8088}" \\\n  --access-logfile "${LOG:-$SEP}" \\\n  "${APP_MODULE}"\n',
  });
  // The image copies the script to /usr/local/bin: the file name is what the two paths share.
  const facts = dockerfileCmd(project, ['/usr/local/bin/serve.sh'], { APP_MODULE: 'shop.app:create_app()' });
  const via = ' (in a script started by Dockerfile:9)';
  const at = { file: 'docker/serve.sh', line: 3 };
  assert.deepEqual(facts.slice(1), [
    { kind: 'server', value: 'gunicorn', source: at, why: `runs gunicorn${via}` },
    { kind: 'app-target', value: 'shop.app:create_app()', workdir: '.', interface: 'wsgi', origin: 'command', source: at, why: `runs gunicorn with the app "shop.app:create_app()"${via}` },
    { kind: 'port', value: 8088, source: at, why: `runs gunicorn on port 8088${via}` },
    { kind: 'bind-host', value: '0.0.0.0', source: at, why: `runs gunicorn bound to 0.0.0.0${via}` },
  ]);
});

test('gives no app target for a module named only by an unset variable', async () => {
  const project = await tempProject({ 'run.sh': 'gunicorn --bind :8000 "${APP_MODULE}"\n' });
  assert.deepEqual(dockerfileCmd(project, ['./run.sh']).map((f) => f.kind), ['command', 'server', 'port', 'bind-host']);
});

test('keeps only the branch of a multi-process script that its argument selects', async () => {
  const project = await tempProject({
    'docker/boot.sh': [
      '#!/bin/bash',
      'set -e',
      'if [[ "${1}" == "worker" ]]; then',
      '  celery --app=shop.tasks:app worker -Q mail',
      'elif [[ "${1}" == "dev" ]]; then',
      '  flask run -p 8088',
      'elif [[ "${1}" == "web" ]]; then',
      '  /usr/bin/serve.sh',
      'fi',
      '',
    ].join('\n'),
    'docker/serve.sh': 'exec gunicorn -b 0.0.0.0:8088 shop.app:app\n',
  });
  const worker = toCommandFacts(readArgvCommand(['/app/docker/boot.sh', 'worker'])!, 'worker', { project, source: { file: 'compose.yml', line: 4 }, workdir: '.' });
  assert.deepEqual(worker.map((f) => [f.kind, f.source.file, f.source.line]), [
    ['command', 'compose.yml', 4],
    ['worker-system', 'docker/boot.sh', 4],
    ['celery-app', 'docker/boot.sh', 4],
    ['celery-queue', 'docker/boot.sh', 4],
  ]);
  // A script started by a script says which line started it.
  const web = toCommandFacts(readArgvCommand(['/app/docker/boot.sh', 'web'])!, 'web', { project, source: { file: 'compose.yml', line: 9 }, workdir: '.' });
  assert.deepEqual(web.filter((f) => f.kind === 'server').map((f) => [f.source, f.why]), [
    [{ file: 'docker/serve.sh', line: 1 }, 'runs gunicorn (in a script started by docker/boot.sh:8)'],
  ]);
  assert.equal(web.some((f) => f.kind === 'problem'), false);
});

test('runs a script found under the app root from the folder that holds it', async () => {
  const project = await tempProject({
    'backend/pyproject.toml': '[project]\nname = "api"\n',
    'backend/scripts/prestart.sh': '#! /usr/bin/env bash\nset -e\n# Run migrations\nuv run alembic upgrade head\n',
  }, 'backend');
  const facts = toCommandFacts(readShellCommand('bash scripts/prestart.sh')!, 'prestart', { project, source: { file: 'compose.yml', line: 12 }, workdir: '.' });
  assert.deepEqual(facts.filter((f) => f.kind === 'migrations'), [
    { kind: 'migrations', tool: 'alembic', command: ['uv', 'run', 'alembic', 'upgrade', 'head'], workdir: 'backend', source: { file: 'backend/scripts/prestart.sh', line: 4 }, why: 'runs alembic upgrade (in a script started by compose.yml:12)' },
  ]);
});

test('reads the variables a script assigns and follows it into its own folder', async () => {
  const project = await tempProject({
    'backend/start.sh': [
      '#!/usr/bin/env bash',
      'SCRIPT_DIR=$( cd -- "$( dirname -- "${BASH_SOURCE[0]}" )" &> /dev/null && pwd )',
      'cd "$SCRIPT_DIR" || exit',
      'PORT="${PORT:-8080}"',
      'HOST="${HOST:-0.0.0.0}"',
      'SECRET="$SECRET" exec uvicorn main:app --host "$HOST" --port "$PORT" --forwarded-allow-ips \'*\'',
      '',
    ].join('\n'),
    'backend/main.py': '',
  });
  const facts = dockerfileCmd(project, ['bash', 'start.sh']);
  assert.deepEqual(facts.filter((f) => f.kind !== 'command').map((f) => [f.kind, 'value' in f ? f.value : null, 'workdir' in f ? f.workdir : null, f.source.line]), [
    ['server', 'uvicorn', null, 6],
    ['app-target', 'main:app', 'backend', 6],
    ['port', 8080, null, 6],
    ['bind-host', '0.0.0.0', null, 6],
  ]);
});

test('follows scripts three deep and never into a script already being read', async () => {
  const project = await tempProject({
    'a.sh': 'uvicorn a:app --port 8001\n./b.sh\n./a.sh\n',
    'b.sh': 'uvicorn b:app --port 8002\n./c.sh\n',
    'c.sh': 'uvicorn c:app --port 8003\n./d.sh\n',
    'd.sh': 'uvicorn d:app --port 8004\n',
  });
  const ports = dockerfileCmd(project, ['./a.sh']).filter((f) => f.kind === 'port').map((f) => (f.kind === 'port' ? f.value : null));
  assert.deepEqual(ports, [8001, 8002, 8003]);
});

test('names a process after what the scripts it runs start', async () => {
  const project = await tempProject({
    'serve.sh': 'echo starting\ngunicorn app:app\n',
    'migrate.sh': 'set -e\npython manage.py migrate --noinput\n',
    'entrypoint.sh': 'alembic upgrade head\nexec "$@"\n',
  });
  const context = { project, source: { file: 'Dockerfile', line: 3 }, workdir: '.' };
  const name = (argv: string[]): string => defaultProcessName(readArgvCommand(argv)!, context);
  assert.equal(name(['./serve.sh']), 'web');
  assert.equal(name(['./migrate.sh']), 'release');
  // The entrypoint ends by running its arguments, so the process is theirs, not a release.
  assert.equal(name(['./entrypoint.sh', 'python', '-m', 'shop.jobs']), 'main');
  assert.equal(name(['./entrypoint.sh', 'celery', '-A', 'shop', 'worker']), 'worker');
});

test('no server or command detector starts a why or a message with the location the reporter prints', async () => {
  const project = await tempProject({
    Procfile: 'web: gunicorn "app:app\nrelease: python manage.py migrate\ndev: python manage.py runserver\n',
    Dockerfile: 'FROM python:3.12\nRUNN x\nEXPOSE 8000\nCMD ["gunicorn", "app:app"\n',
    'compose.yml': 'services:\n  web:\n    build: .\n   command: [x\n',
    'uwsgi.ini': '[uwsgi]\nmodule = app:app\nsocket = :3031\nhook-pre-app = exec:./manage.py migrate\n',
    'gunicorn.conf.py': 'bind = "0.0.0.0:8000"\nwsgi_app = "app:app"\n',
    'hypercorn.toml': 'bind = "0.0.0.0:8001"\n',
    'serve.py': 'import uvicorn, waitress\nfrom granian import Granian\nuvicorn.run("app:app", port=1)\nwaitress.serve(app, port=2)\nGranian("app:app", port=3).serve()\n',
    'settings.py': 'INSTALLED_APPS = ["daphne"]\nASGI_APPLICATION = "proj.asgi.application"\n',
    '.env.example': 'PORT=8000\nDATABASE_URL=postgres://db/x\n',
  });
  const facts = [procfile, dockerfile, compose, uwsgi, gunicorn, hypercorn, granian, daphne, waitress, uvicorn, dotenv].flatMap((d) => d.detect(project));
  assert.ok(facts.some((f) => f.kind === 'problem') && facts.some((f) => f.source.line > 0));
  const repeated = facts.flatMap((f) => {
    const location = `${f.source.file}:${f.source.line}`;
    return [f.why, f.kind === 'problem' ? f.message : ''].filter((text) => f.source.line > 0 && text.startsWith(location));
  });
  assert.deepEqual(repeated, []);
});

test('follows a relative cd in a script but not a cd to an absolute image folder', async () => {
  const project = await tempProject({
    'run.sh': 'cd /app\nuvicorn main:app\ncd services/api\nuvicorn main:app\n',
    'app/main.py': '',
    'services/api/main.py': '',
  });
  const targets = dockerfileCmd(project, ['./run.sh']).flatMap((f) => (f.kind === 'app-target' ? [[f.workdir, f.source.line]] : []));
  assert.deepEqual(targets, [['.', 2], ['services/api', 4]]);
});
