import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderYaml } from '../../src/render/yaml.ts';

test('top-level keys follow the Kubernetes order whatever order they were built in', () => {
  const text = renderYaml({ spec: { replicas: 1 }, metadata: { labels: { b: '2', a: '1' }, name: 'shop' }, kind: 'Deployment', apiVersion: 'apps/v1' });
  assert.equal(text, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  labels:\n    a: "1"\n    b: "2"\nspec:\n  replicas: 1\n');
});

test('other maps keep the order they were built in, which is deliberate (name before image)', () => {
  assert.equal(renderYaml({ containers: [{ name: 'web', image: 'shop', command: ['gunicorn'] }] }), 'containers:\n  - name: web\n    image: shop\n    command:\n      - gunicorn\n');
});

test('the same object twice is written twice, never as an anchor and alias', () => {
  const shared = { cpu: '500m' };
  const text = renderYaml({ requests: shared, limits: shared });
  assert.doesNotMatch(text, /[&*]/);
  assert.equal(text, 'requests:\n  cpu: 500m\nlimits:\n  cpu: 500m\n');
});

test('a long line is never folded', () => {
  const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  assert.equal(renderYaml({ run: long }), `run: ${long}\n`);
});

test('multi-line strings are literal blocks and strings that look like numbers or booleans are quoted', () => {
  assert.equal(renderYaml({ x: { run: 'one\ntwo', port: '8000', flag: 'true', on: true } }), 'x:\n  run: |-\n    one\n    two\n  port: "8000"\n  flag: "true"\n  on: true\n');
});

test('undefined fields are left out', () => {
  assert.equal(renderYaml({ a: 1, b: undefined }), 'a: 1\n');
});
