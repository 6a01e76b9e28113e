import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/lint/index.ts';
import { REPO_ROOT } from '../helpers/project.ts';

/** A seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SAMPLE = fs.readFileSync(path.join(REPO_ROOT, 'fixtures/manifests/broken-api/api.yaml'), 'utf8');

test('random bytes, truncated and mutated YAML never crash the checker and finish in bounded time', () => {
  const next = random(42);
  const started = Date.now();
  const inputs: string[] = [];
  for (let i = 0; i < 40; i += 1) inputs.push(Buffer.from(Array.from({ length: Math.floor(next() * 2000) }, () => Math.floor(next() * 256))).toString('latin1'));
  for (let cut = 0; cut < SAMPLE.length; cut += 23) inputs.push(SAMPLE.slice(0, cut));
  const noise = ['[', '{', ']', '}', ':', '- ', '&a ', '*a', '!!binary ', '\t', '"', "'", '\n', '---\n', '? ', '|'];
  for (let i = 0; i < 60; i += 1) {
    const at = Math.floor(next() * SAMPLE.length);
    inputs.push(SAMPLE.slice(0, at) + noise[Math.floor(next() * noise.length)]! + SAMPLE.slice(at));
  }
  for (const input of inputs) {
    const result = lintText(input);
    for (const finding of result.findings) assert.ok(finding.line >= 1 && Number.isInteger(finding.column), JSON.stringify(finding));
  }
  assert.ok(Date.now() - started < 60_000);
});

test('random Dockerfile text never crashes the Dockerfile rules', () => {
  const next = random(7);
  for (let i = 0; i < 50; i += 1) {
    const words = ['FROM', 'CMD', 'ENTRYPOINT', 'RUN', '[', ']', '"sh"', '"-c"', 'exec', '\\\n', '#', 'AS', 'x'];
    const text = Array.from({ length: 30 }, () => words[Math.floor(next() * words.length)]).join(' ');
    lintText(text, { filename: 'Dockerfile' });
  }
});
