import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellScriptOf, splitShellCommands, splitShellWords, substituteDefaults, variablesIn } from '../../../src/analyze/commands/shell-words.ts';

test('splits plain words on runs of blanks', () => {
  assert.deepEqual(splitShellWords('gunicorn  -w 4\tapp:app'), ['gunicorn', '-w', '4', 'app:app']);
});

test('removes single and double quotes and keeps what they protect', () => {
  assert.deepEqual(splitShellWords(`gunicorn 'pkg:create_app()' --access-logformat "%(h)s %(r)s"`), ['gunicorn', 'pkg:create_app()', '--access-logformat', '%(h)s %(r)s']);
});

test('joins quoted and unquoted parts of one word', () => {
  assert.deepEqual(splitShellWords(`--bind="0.0.0.0":'8000'`), ['--bind=0.0.0.0:8000']);
});

test('treats a backslash outside quotes as quoting the next character', () => {
  assert.deepEqual(splitShellWords('echo a\\ b \\"c'), ['echo', 'a b', '"c']);
});

test('keeps backslashes in double quotes unless they escape a special character', () => {
  assert.deepEqual(splitShellWords('echo "a\\nb \\"q\\" \\$HOME"'), ['echo', 'a\\nb "q" $HOME']);
});

test('joins lines continued with a backslash', () => {
  assert.deepEqual(splitShellWords('uvicorn app.main:app \\\n  --port 8080'), ['uvicorn', 'app.main:app', '--port', '8080']);
});

test('leaves variables as text so their names and defaults stay visible', () => {
  assert.deepEqual(splitShellWords('gunicorn -b 0.0.0.0:${PORT:-8000} --workers $(nproc) $EXTRA'), ['gunicorn', '-b', '0.0.0.0:${PORT:-8000}', '--workers', '$(nproc)', '$EXTRA']);
});

test('drops comments that start a word', () => {
  assert.deepEqual(splitShellWords('celery -A proj worker # the worker\n'), ['celery', '-A', 'proj', 'worker']);
});

test('gives null for an unterminated quote', () => {
  assert.equal(splitShellWords('gunicorn "app:app'), null);
  assert.equal(splitShellWords("gunicorn 'app:app"), null);
  assert.equal(splitShellCommands('sh -c "gunicorn app:app'), null);
});

test('splits && chains, semicolons and pipes into separate commands', () => {
  assert.deepEqual(splitShellCommands('python manage.py migrate --noinput && gunicorn config.wsgi; echo done | cat'), [
    ['python', 'manage.py', 'migrate', '--noinput'],
    ['gunicorn', 'config.wsgi'],
    ['echo', 'done'],
    ['cat'],
  ]);
});

test('drops redirections and their targets', () => {
  assert.deepEqual(splitShellCommands('gunicorn app:app > /var/log/out.log 2>&1'), [['gunicorn', 'app:app']]);
  assert.deepEqual(splitShellCommands('celery -A proj worker >>"my log.txt"'), [['celery', '-A', 'proj', 'worker']]);
});

test('opens sh -c wrappers into the commands of their script', () => {
  assert.deepEqual(splitShellCommands(`sh -c "alembic upgrade head && exec uvicorn app.main:app --port \${PORT:-8000}"`), [
    ['alembic', 'upgrade', 'head'],
    ['exec', 'uvicorn', 'app.main:app', '--port', '${PORT:-8000}'],
  ]);
});

test('opens /bin/bash -ec and leaves other shells invocations alone', () => {
  assert.deepEqual(splitShellCommands(`/bin/bash -ec 'flask db upgrade'`), [['flask', 'db', 'upgrade']]);
  assert.deepEqual(splitShellCommands('sh ./start.sh'), [['sh', './start.sh']]);
});

test('finds the script of sh -c after other shell options', () => {
  assert.equal(shellScriptOf(['sh', '-e', '-o', 'pipefail', '-c', 'gunicorn app:app']), 'gunicorn app:app');
  assert.equal(shellScriptOf(['gunicorn', '-c', 'gunicorn.conf.py']), null);
});

test('takes the written default of a variable', () => {
  assert.equal(substituteDefaults('${PORT:-8000}'), '8000');
  assert.equal(substituteDefaults('0.0.0.0:${PORT-9000}'), '0.0.0.0:9000');
  assert.equal(substituteDefaults('${WEB_PORT:=5000}'), '5000');
  assert.equal(substituteDefaults('8000'), '8000');
});

test('gives null when a variable has no written default', () => {
  assert.equal(substituteDefaults('$PORT'), null);
  assert.equal(substituteDefaults('0.0.0.0:${PORT}'), null);
});

test('names the variables a word refers to', () => {
  assert.deepEqual(variablesIn('${HOST:-0.0.0.0}:$PORT'), ['HOST', 'PORT']);
});
