import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypercorn } from '../../../src/analyze/detectors/hypercorn.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads the first TCP bind of hypercorn.toml', async () => {
  const project = await tempProject({ 'hypercorn.toml': 'workers = 2\nbind = ["unix:/tmp/h.sock", "0.0.0.0:8443"]\ngraceful_timeout = 10\n' });
  const why = 'hypercorn.toml:2 sets the Hypercorn bind to "0.0.0.0:8443"';
  assert.deepEqual(hypercorn.detect(project), [
    { kind: 'server', value: 'hypercorn', source: { file: 'hypercorn.toml', line: 0 }, why: 'hypercorn.toml is a Hypercorn configuration file' },
    { kind: 'port', value: 8443, source: { file: 'hypercorn.toml', line: 2 }, why },
    { kind: 'bind-host', value: '0.0.0.0', source: { file: 'hypercorn.toml', line: 2 }, why },
  ]);
});

test('reports only the server when hypercorn.toml has no TCP bind', async () => {
  const project = await tempProject({ 'hypercorn.toml': 'bind = "unix:/tmp/h.sock"\n' });
  assert.deepEqual(hypercorn.detect(project).map((f) => f.kind), ['server']);
});
