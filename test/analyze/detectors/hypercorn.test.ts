import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hypercorn } from '../../../src/analyze/detectors/hypercorn.ts';
import { detectors } from '../../../src/analyze/detectors/index.ts';
import { runDetectors } from '../../../src/analyze/run-detectors.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads the first TCP bind of hypercorn.toml', async () => {
  const project = await tempProject({ 'hypercorn.toml': 'workers = 2\nbind = ["unix:/tmp/h.sock", "0.0.0.0:8443"]\ngraceful_timeout = 10\n' });
  const why = 'sets the Hypercorn bind to "0.0.0.0:8443"';
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

test('runs when hypercorn is installed outside the declared dependencies', async () => {
  const project = await tempProject({ 'requirements.txt': 'quart==0.19\n', 'hypercorn.toml': 'bind = "0.0.0.0:7000"\n' });
  const facts = runDetectors(project, detectors).filter((f) => f.source.file === 'hypercorn.toml');
  assert.deepEqual(facts.map((f) => [f.kind, 'value' in f ? f.value : null]), [['server', 'hypercorn'], ['port', 7000], ['bind-host', '0.0.0.0']]);
});
