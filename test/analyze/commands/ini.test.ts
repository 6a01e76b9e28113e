import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iniValue, readIni } from '../../../src/analyze/commands/ini.ts';

test('reads sections, both separators, comments and key lines', () => {
  const entries = readIni('; top\n[alembic]\nscript_location = migrations\n# note\n[uwsgi]\nhttp: :8000\n');
  assert.deepEqual(entries, [
    { section: 'alembic', key: 'script_location', value: 'migrations', line: 3 },
    { section: 'uwsgi', key: 'http', value: ':8000', line: 6 },
  ]);
});

test('joins indented continuation lines and keeps the last repeated key', () => {
  const entries = readIni('[uwsgi]\nenv = A=1\n    B=2\nmodule = a:app\nmodule = b:app\n');
  assert.equal(iniValue(entries, 'uwsgi', 'env')?.value, 'A=1\nB=2');
  assert.deepEqual(iniValue(entries, 'uwsgi', 'module'), { section: 'uwsgi', key: 'module', value: 'b:app', line: 5 });
});
