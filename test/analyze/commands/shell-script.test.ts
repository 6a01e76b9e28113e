import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logicalLines, SCRIPT_DIR, scriptCommands, scriptInvocation } from '../../../src/analyze/commands/shell-script.ts';

const words = (text: string, args: string[] | null = [], env: Record<string, string> = {}): Array<[number, string]> =>
  scriptCommands(text, args, env).map((c) => [c.line, c.words.join(' ')]);

test('joins backslash continuations and quotes that span lines, keeping the first line number', () => {
  const text = '#!/bin/sh\n# start the app\nserve \\\n  --port 1 \\\n  main\necho "one\ntwo"\nnext\n';
  assert.deepEqual(logicalLines(text).map((l) => l.line), [1, 2, 3, 6, 8]);
  assert.deepEqual(words(text), [[3, 'serve --port 1 main'], [6, 'echo one\ntwo'], [8, 'next']]);
});

test('skips the body of a heredoc', () => {
  const text = 'cat > conf.py <<EOF\ngunicorn app:app\nEOF\nuvicorn main:app\ncat <<-\'END\'\n\tcelery worker\n\tEND\n';
  assert.deepEqual(words(text).map(([, w]) => w), ['cat', 'uvicorn main:app', 'cat']);
});

test('keeps only the branch whose test on a positional parameter matches the arguments', () => {
  const text = [
    'set -eo pipefail',
    'if [[ "${1}" == "worker" ]]; then',
    '  run-worker',
    'elif [ "$1" = beat ]; then',
    '  run-beat',
    'else',
    '  run-web',
    'fi',
    'after',
  ].join('\n');
  assert.deepEqual(words(text, ['beat']).map(([, w]) => w), ['set -eo pipefail', 'run-beat', 'after']);
  assert.deepEqual(words(text, ['other']).map(([, w]) => w), ['set -eo pipefail', 'run-web', 'after']);
  assert.deepEqual(words(text, []).map(([, w]) => w), ['set -eo pipefail', 'run-web', 'after']);
});

test('flattens branches it cannot decide, nested ones included', () => {
  const text = 'if [ -n "$SPACE" ]; then\n  a\n  if [ "$1" = x ]; then b; fi\nelse\n  c\nfi\nd\n';
  assert.deepEqual(words(text, ['x']).map(([, w]) => w), ['a', 'b', 'c', 'd']);
  assert.deepEqual(words(text, null).map(([, w]) => w), ['a', 'b', 'c', 'd']);
});

test('reads the commands of case arms and drops loop headers', () => {
  const text = 'while ! nc -z db 5432; do sleep 1; done\ncase "$MODE" in\n  web) serve ;;\n  *) other ;;\nesac\n';
  assert.deepEqual(words(text).map(([, w]) => w), ['sleep 1', 'serve', 'other']);
});

test('fills in variables the script assigns, with their written defaults, over the inherited ones', () => {
  const text = 'PORT="${PORT:-8080}"\nexport HOST=0.0.0.0 WORKERS=$(nproc)\nserve --port "$PORT" --host $HOST --workers $WORKERS\n';
  assert.deepEqual(words(text), [[3, 'serve --port 8080 --host 0.0.0.0 --workers $WORKERS']]);
  assert.deepEqual(words(text, [], { PORT: '9000' }), [[3, 'serve --port 9000 --host 0.0.0.0 --workers $WORKERS']]);
});

test('marks variables holding the script folder and expands "$@" to the arguments', () => {
  const text = 'DIR=$( cd -- "$( dirname -- "${BASH_SOURCE[0]}" )" && pwd )\ncd "$DIR/.."\nexec "$@"\n';
  const commands = scriptCommands(text, ['gunicorn', 'app:app'], {});
  assert.deepEqual(commands.map((c) => c.words), [['cd', `${SCRIPT_DIR}/..`], ['exec', 'gunicorn', 'app:app']]);
  assert.deepEqual(commands.map((c) => c.exec), [false, true]);
});

test('recognises script invocations and leaves programs and sh -c alone', () => {
  assert.deepEqual(scriptInvocation(['bash', '-e', 'scripts/prestart.sh', 'a']), { path: 'scripts/prestart.sh', args: ['a'] });
  assert.deepEqual(scriptInvocation(['/app/docker/boot.sh', 'worker']), { path: '/app/docker/boot.sh', args: ['worker'] });
  assert.deepEqual(scriptInvocation(['start.sh']), { path: 'start.sh', args: [] });
  assert.deepEqual(scriptInvocation(['.', './env.sh']), { path: './env.sh', args: [] });
  assert.equal(scriptInvocation(['sh', '-c', 'gunicorn app:app']), null);
  assert.equal(scriptInvocation(['label-studio', 'start']), null);
  assert.equal(scriptInvocation([]), null);
});
