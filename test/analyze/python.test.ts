import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calleeOf, importsOf, initPython, parsePython, stringValue, topLevelAssignments, topLevelFunctions } from '../../src/analyze/python.ts';

test('resolves an aliased import to the qualified callee of an assignment', async () => {
  await initPython();
  const tree = parsePython('from fastapi import FastAPI as F\nimport flask\napp = F(title="x")\nwsgi = flask.Flask(__name__)\n');
  const imports = importsOf(tree);
  const assignments = topLevelAssignments(tree);
  assert.deepEqual(assignments.map((a) => [a.name, calleeOf(a.value, imports), a.line]), [
    ['app', 'fastapi.FastAPI', 3],
    ['wsgi', 'flask.Flask', 4],
  ]);
});

test('reads plain string literals and refuses f-strings', async () => {
  await initPython();
  const tree = parsePython('A = "config.wsgi.application"\nB = f"{x}.wsgi"\nC = "a" "b"\n');
  const values = topLevelAssignments(tree).map((a) => stringValue(a.value));
  assert.deepEqual(values, ['config.wsgi.application', null, 'ab']);
});

test('finds decorated top-level functions and survives syntax errors', async () => {
  await initPython();
  const tree = parsePython('@decorator\ndef create_app():\n    return 1\n\ndef broken(:\n');
  assert.equal(tree.hasErrors, true);
  assert.deepEqual(topLevelFunctions(tree).map((f) => f.name).includes('create_app'), true);
});
