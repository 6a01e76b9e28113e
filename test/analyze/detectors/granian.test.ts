import { test } from 'node:test';
import assert from 'node:assert/strict';
import { granian } from '../../../src/analyze/detectors/granian.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads the target, interface, address and port of an embedded Granian server', async () => {
  const project = await tempProject({ 'run.py': 'from granian import Granian\nfrom granian.constants import Interfaces\n\nif __name__ == "__main__":\n    Granian("app.main:app", interface=Interfaces.ASGI, address="0.0.0.0", port=8002).serve()\n' });
  const at = { file: 'run.py', line: 5 };
  assert.deepEqual(granian.detect(project), [
    { kind: 'server', value: 'granian', source: at, why: 'creates a Granian server' },
    { kind: 'app-target', value: 'app.main:app', workdir: '.', interface: 'asgi', origin: 'command', source: at, why: 'creates a Granian server with the app "app.main:app"' },
    { kind: 'port', value: 8002, source: at, why: 'creates a Granian server on port 8002' },
    { kind: 'bind-host', value: '0.0.0.0', source: at, why: 'creates a Granian server bound to 0.0.0.0' },
  ]);
});

test('leaves the interface open for RSGI apps', async () => {
  const project = await tempProject({ 'run.py': 'import granian\ngranian.Granian("app:app").serve()\n' });
  const target = granian.detect(project).find((f) => f.kind === 'app-target');
  assert.equal(target !== undefined && 'interface' in target, false);
});
