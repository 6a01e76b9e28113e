import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBind, parseServerCommand, stripLaunchers, type ServerCommand } from '../../../src/analyze/commands/server-command.ts';
import { splitShellWords } from '../../../src/analyze/commands/shell-words.ts';

/** The parsed command without the raw argv and options, which most cases do not care about. */
function summary(line: string): Partial<ServerCommand> | null {
  const parsed = parseServerCommand(splitShellWords(line)!);
  if (parsed === null) return null;
  const { argv: _argv, options: _options, launchers, env, ...rest } = parsed;
  return { ...rest, ...(launchers.length > 0 ? { launchers } : {}), ...(Object.keys(env).length > 0 ? { env } : {}) };
}

test('reads the port and host from gunicorn --bind', () => {
  assert.deepEqual(summary('gunicorn --bind 0.0.0.0:8000 -w 4 config.wsgi'), { program: 'gunicorn', target: 'config.wsgi', host: '0.0.0.0', port: 8000, interface: 'wsgi' });
});

test('reads gunicorn -b with an attached value and a variable default', () => {
  assert.deepEqual(summary('gunicorn -b0.0.0.0:${PORT:-5000} app:app'), { program: 'gunicorn', target: 'app:app', host: '0.0.0.0', port: 5000, interface: 'wsgi' });
});

test('records the port variable when gunicorn binds $PORT without a default', () => {
  assert.deepEqual(summary('gunicorn app:app --bind=0.0.0.0:$PORT'), { program: 'gunicorn', target: 'app:app', host: '0.0.0.0', portVariable: 'PORT', interface: 'wsgi' });
});

test('reads a gunicorn unix socket bind as a socket, not a port', () => {
  assert.deepEqual(summary('gunicorn -b unix:/run/app.sock app:app'), { program: 'gunicorn', target: 'app:app', socket: 'unix:/run/app.sock', interface: 'wsgi' });
});

test('prefers the first TCP bind when gunicorn has several', () => {
  assert.deepEqual(summary('gunicorn -b unix:/run/a.sock -b [::]:8001 app:app'), { program: 'gunicorn', target: 'app:app', host: '::', port: 8001, interface: 'wsgi' });
});

test('treats gunicorn with a Uvicorn worker class as ASGI', () => {
  assert.equal(summary('gunicorn -k uvicorn.workers.UvicornWorker app.main:app')?.interface, 'asgi');
  assert.equal(summary('gunicorn --worker-class uvicorn_worker.UvicornWorker app.main:app')?.interface, 'asgi');
  assert.equal(summary('gunicorn -k gthread app:app')?.interface, 'wsgi');
});

test('reads gunicorn --chdir, -c and a factory call target', () => {
  assert.deepEqual(summary(`gunicorn --chdir src -c gunicorn.conf.py 'pkg:create_app()'`), { program: 'gunicorn', target: 'pkg:create_app()', factory: true, workdir: 'src', config: 'gunicorn.conf.py', interface: 'wsgi' });
});

test('reads uvicorn --host, --port, --factory and --app-dir', () => {
  assert.deepEqual(summary('uvicorn --factory pkg.app:create_app --host 0.0.0.0 --port 8080 --app-dir src'), { program: 'uvicorn', target: 'pkg.app:create_app', factory: true, host: '0.0.0.0', port: 8080, interface: 'asgi', workdir: 'src' });
});

test('reads uvicorn --uds as a socket and --interface wsgi', () => {
  assert.deepEqual(summary('uvicorn app:app --uds /tmp/app.sock --interface wsgi'), { program: 'uvicorn', target: 'app:app', socket: '/tmp/app.sock', interface: 'wsgi' });
});

test('reads granian --interface, --host and --port', () => {
  assert.deepEqual(summary('granian --interface asgi --host 0.0.0.0 --port 8000 --workers 1 app.main:app'), { program: 'granian', target: 'app.main:app', interface: 'asgi', host: '0.0.0.0', port: 8000 });
  assert.deepEqual(summary('granian --interface wsgi app:app'), { program: 'granian', target: 'app:app', interface: 'wsgi' });
  assert.deepEqual(summary('granian app:app'), { program: 'granian', target: 'app:app' });
});

test('reads hypercorn -b and a file: config', () => {
  assert.deepEqual(summary('hypercorn -b 0.0.0.0:8000 --config file:hypercorn.toml app.main:app'), { program: 'hypercorn', target: 'app.main:app', host: '0.0.0.0', port: 8000, config: 'hypercorn.toml' });
});

test('reads daphne -b and -p', () => {
  assert.deepEqual(summary('daphne -b 0.0.0.0 -p 8001 config.asgi:application'), { program: 'daphne', target: 'config.asgi:application', interface: 'asgi', host: '0.0.0.0', port: 8001 });
});

test('reads a daphne Twisted endpoint string', () => {
  assert.deepEqual(summary('daphne -e tcp:port=9000:interface=127.0.0.1 config.asgi:application'), { program: 'daphne', target: 'config.asgi:application', interface: 'asgi', host: '127.0.0.1', port: 9000 });
});

test('reads uwsgi --http and --module', () => {
  assert.deepEqual(summary('uwsgi --http :8000 --module mysite.wsgi:application --master --processes 4'), { program: 'uwsgi', target: 'mysite.wsgi:application', interface: 'wsgi', host: '0.0.0.0', port: 8000 });
});

test('reads uwsgi --wsgi-file with --callable and an ini file given as an argument', () => {
  assert.deepEqual(summary('uwsgi --http-socket 0.0.0.0:9090 --wsgi-file app/server.py --callable api'), { program: 'uwsgi', interface: 'wsgi', targetFile: 'app/server.py', targetName: 'api', host: '0.0.0.0', port: 9090 });
  assert.deepEqual(summary('uwsgi --ini uwsgi.ini'), { program: 'uwsgi', interface: 'wsgi', config: 'uwsgi.ini' });
  assert.deepEqual(summary('uwsgi deploy/uwsgi.ini'), { program: 'uwsgi', interface: 'wsgi', config: 'deploy/uwsgi.ini' });
});

test('reads waitress-serve --listen with a wildcard host', () => {
  assert.deepEqual(summary('waitress-serve --listen=*:8080 pkg:app'), { program: 'waitress', target: 'pkg:app', interface: 'wsgi', host: '0.0.0.0', port: 8080 });
  assert.deepEqual(summary('waitress-serve --port=6543 --call pkg:create_app'), { program: 'waitress', target: 'pkg:create_app', factory: true, interface: 'wsgi', port: 6543 });
});

test('reads fastapi run with a file path and a port, and its all-interfaces default', () => {
  assert.deepEqual(summary('fastapi run app/main.py --port 80'), { program: 'fastapi', subcommand: 'run', interface: 'asgi', targetFile: 'app/main.py', host: '0.0.0.0', port: 80 });
  assert.deepEqual(summary('fastapi dev --entrypoint pkg.main:api'), { program: 'fastapi', subcommand: 'dev', interface: 'asgi', target: 'pkg.main:api', host: '127.0.0.1' });
  assert.equal(summary('fastapi --version'), null);
});

test('reads flask --app with run -p and -h', () => {
  assert.deepEqual(summary('flask --app pkg run -h 0.0.0.0 -p 5000'), { program: 'flask', subcommand: 'run', interface: 'wsgi', target: 'pkg', host: '0.0.0.0', port: 5000 });
});

test('takes the flask app from FLASK_APP written before the command', () => {
  assert.deepEqual(summary(`FLASK_APP='pkg:create_app()' flask run --port=5001`), { program: 'flask', subcommand: 'run', interface: 'wsgi', target: 'pkg:create_app()', factory: true, port: 5001, env: { FLASK_APP: 'pkg:create_app()' } });
});

test('reads python manage.py runserver with an address and port', () => {
  assert.deepEqual(summary('python manage.py runserver 0.0.0.0:8000'), { program: 'django-runserver', subcommand: 'runserver', interface: 'wsgi', host: '0.0.0.0', port: 8000 });
  assert.deepEqual(summary('python3 manage.py runserver 0:8000'), { program: 'django-runserver', subcommand: 'runserver', interface: 'wsgi', host: '0.0.0.0', port: 8000 });
  assert.deepEqual(summary('django-admin runserver 8080'), { program: 'django-runserver', subcommand: 'runserver', interface: 'wsgi', port: 8080 });
});

test('reads a celery worker with its app, queues and concurrency', () => {
  const parsed = parseServerCommand(splitShellWords('celery -A proj worker -Q emails,reports -c 4 --loglevel=INFO')!);
  assert.equal(parsed?.program, 'celery-worker');
  assert.equal(parsed?.celeryApp, 'proj');
  assert.deepEqual(parsed?.queues, ['emails', 'reports']);
  assert.equal(parsed?.options['concurrency'], '4');
  assert.equal(parsed?.options['loglevel'], 'INFO');
});

test('reads celery beat and a worker that embeds beat with -B', () => {
  assert.deepEqual(summary('celery --app=proj.celery beat -l info'), { program: 'celery-beat', subcommand: 'beat', celeryApp: 'proj.celery' });
  assert.deepEqual(summary('celery -A proj worker -B -E'), { program: 'celery-worker', subcommand: 'worker', celeryApp: 'proj', embeddedBeat: true });
  assert.deepEqual(summary('celery -A proj worker -BE'), { program: 'celery-worker', subcommand: 'worker', celeryApp: 'proj', embeddedBeat: true });
  assert.equal(summary('celery -A proj inspect ping'), null);
});

test('reads migration commands for alembic, Django and Flask-Migrate', () => {
  assert.deepEqual(summary('alembic upgrade head'), { program: 'alembic', subcommand: 'upgrade' });
  assert.deepEqual(summary('alembic -c db/alembic.ini upgrade head'), { program: 'alembic', subcommand: 'upgrade', config: 'db/alembic.ini' });
  assert.deepEqual(summary('python manage.py migrate --noinput'), { program: 'django-migrate', subcommand: 'migrate' });
  assert.deepEqual(summary('flask db upgrade'), { program: 'flask-db-upgrade', subcommand: 'db upgrade' });
  assert.deepEqual(summary('flask --app pkg db upgrade'), { program: 'flask-db-upgrade', subcommand: 'db upgrade', target: 'pkg' });
});

test('reads rq, dramatiq, arq, saq and huey workers', () => {
  assert.deepEqual(summary('rq worker high default --url redis://redis:6379/0'), { program: 'rq-worker', subcommand: 'worker', queues: ['high', 'default'] });
  assert.deepEqual(summary('rqworker --with-scheduler'), { program: 'rq-worker', subcommand: 'worker' });
  assert.deepEqual(summary('dramatiq app.tasks -p 2 -Q mail'), { program: 'dramatiq', target: 'app.tasks', queues: ['mail'] });
  assert.deepEqual(summary('arq app.worker.WorkerSettings'), { program: 'arq', target: 'app.worker.WorkerSettings' });
  assert.deepEqual(summary('saq app.tasks.settings --workers 2'), { program: 'saq', target: 'app.tasks.settings' });
  assert.deepEqual(summary('huey_consumer.py main.huey -w 4'), { program: 'huey', target: 'main.huey' });
});

test('peels python -m and interpreter options off the front', () => {
  assert.deepEqual(summary('python -u -m gunicorn app:app'), { program: 'gunicorn', target: 'app:app', interface: 'wsgi', launchers: ['python -m'] });
  assert.deepEqual(summary('/usr/local/bin/python3.12 -m uvicorn app:app'), { program: 'uvicorn', target: 'app:app', interface: 'asgi', launchers: ['python3.12 -m'] });
});

test('peels uv run, poetry run, pipenv run and pdm run', () => {
  assert.deepEqual(summary('uv run --no-dev --with uvicorn-worker gunicorn app:app')?.launchers, ['uv run']);
  assert.deepEqual(summary('poetry run python manage.py migrate')?.launchers, ['poetry run']);
  assert.deepEqual(summary('pipenv run celery -A proj worker')?.launchers, ['pipenv run']);
  assert.deepEqual(summary('pdm run -p . uvicorn app:app')?.launchers, ['pdm run']);
  assert.equal(summary('uv run -- alembic upgrade head')?.program, 'alembic');
});

test('peels exec and instrumentation wrappers', () => {
  assert.deepEqual(summary('exec opentelemetry-instrument --traces_exporter otlp --service_name api uvicorn app:app')?.launchers, ['exec', 'opentelemetry-instrument']);
  assert.deepEqual(summary('newrelic-admin run-program gunicorn app:app')?.launchers, ['newrelic-admin run-program']);
  assert.deepEqual(summary('ddtrace-run gunicorn app:app')?.launchers, ['ddtrace-run']);
  assert.deepEqual(summary('tini -- gunicorn app:app')?.launchers, ['tini']);
  assert.equal(summary('newrelic-admin run-python manage.py migrate')?.program, 'django-migrate');
});

test('reads a venv path to a program by its base name', () => {
  assert.equal(summary('/app/.venv/bin/gunicorn app:app')?.program, 'gunicorn');
});

test('reads python scripts and python -m modules as plain entry points', () => {
  assert.deepEqual(summary('python etl/run.py --date today'), { program: 'python-script', script: 'etl/run.py' });
  assert.deepEqual(summary('python -m app.worker'), { program: 'python-module', script: 'app.worker', launchers: ['python -m'] });
});

test('gives null for commands that are not servers, workers or migrations', () => {
  assert.equal(parseServerCommand(['npm', 'start']), null);
  assert.equal(parseServerCommand([]), null);
  assert.equal(parseServerCommand(['python', '-c', 'print(1)']), null);
});

test('strips env assignments and keeps them', () => {
  assert.deepEqual(stripLaunchers(['env', 'PORT=8000', 'DEBUG=0', 'gunicorn', 'app:app']), { argv: ['gunicorn', 'app:app'], launchers: ['env'], env: { PORT: '8000', DEBUG: '0' } });
});

test('parses binds of every written shape', () => {
  assert.deepEqual(parseBind('127.0.0.1:9000'), { host: '127.0.0.1', port: 9000 });
  assert.deepEqual(parseBind(':8000'), { host: '0.0.0.0', port: 8000 });
  assert.deepEqual(parseBind('8000'), { port: 8000 });
  assert.deepEqual(parseBind('localhost'), { host: 'localhost' });
  assert.deepEqual(parseBind('[::1]:8000'), { host: '::1', port: 8000 });
  assert.deepEqual(parseBind('${HOST:-0.0.0.0}:${PORT:-8000}'), { host: '0.0.0.0', port: 8000 });
  assert.deepEqual(parseBind('0.0.0.0:99999'), { host: '0.0.0.0' });
  assert.deepEqual(parseBind('fd://3'), { socket: 'fd://3' });
});

test('reads a uwsgi --socket as the HTTP address when --protocol http says so', () => {
  assert.deepEqual(summary('uwsgi --protocol http --socket 0.0.0.0:8080 --module core.wsgi'), { program: 'uwsgi', target: 'core.wsgi', interface: 'wsgi', host: '0.0.0.0', port: 8080 });
  assert.deepEqual(summary('uwsgi --socket :3031 --module core.wsgi'), { program: 'uwsgi', target: 'core.wsgi', interface: 'wsgi' });
});
