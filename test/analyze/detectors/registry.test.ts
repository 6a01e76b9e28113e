import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectors } from '../../../src/analyze/detectors/index.ts';
import { REPO_ROOT } from '../../helpers/project.ts';

const DIR = path.join(REPO_ROOT, 'src/analyze/detectors');

test('every detector file is registered under its file name', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort();
  const ids = detectors.map((d) => d.id).sort();
  assert.deepEqual(ids, files);
});

test('detector ids are unique', () => {
  const ids = detectors.map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('every detector has its own test file', () => {
  const missing = detectors.map((d) => d.id).filter((id) => !fs.existsSync(path.join(REPO_ROOT, `test/analyze/detectors/${id}.test.ts`)));
  assert.deepEqual(missing, []);
});

test('enablers are PEP 503-normalised names', () => {
  for (const detector of detectors) {
    for (const name of detector.enablers ?? []) assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${detector.id}: ${name}`);
  }
});
