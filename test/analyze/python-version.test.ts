import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickPythonVersion } from '../../src/analyze/python-version.ts';

test('exact versions give their minor', () => {
  assert.equal(pickPythonVersion('3.12'), '3.12');
  assert.equal(pickPythonVersion('3.11.9'), '3.11');
  assert.equal(pickPythonVersion('python-3.10.14'), '3.10');
  assert.equal(pickPythonVersion('cpython-3.13'), '3.13');
});

test('bounded ranges give the newest minor inside them', () => {
  assert.equal(pickPythonVersion('>=3.10,<3.13'), '3.12');
  assert.equal(pickPythonVersion('~3.11'), '3.11');
  assert.equal(pickPythonVersion('~=3.11.2'), '3.11');
  assert.equal(pickPythonVersion('3.11.*'), '3.11');
  assert.equal(pickPythonVersion('==3.10.*'), '3.10');
});

test('open-ended ranges stop at the default rather than the newest interpreter', () => {
  assert.equal(pickPythonVersion('>=3.9'), '3.13');
  assert.equal(pickPythonVersion('^3.11'), '3.13');
  assert.equal(pickPythonVersion('>=3.14'), '3.14');
});

test('impossible or unreadable ranges give null', () => {
  assert.equal(pickPythonVersion('<3.8'), null);
  assert.equal(pickPythonVersion(''), null);
});
