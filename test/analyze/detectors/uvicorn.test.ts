import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uvicorn } from '../../../src/analyze/detectors/uvicorn.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads the import string, host and port of uvicorn.run under __main__', async () => {
  const project = await tempProject({
    'pkg/__init__.py': '',
    'pkg/main.py': 'import os\nimport uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\nif __name__ == "__main__":\n    uvicorn.run("pkg.main:app", host="0.0.0.0", port=int(os.getenv("PORT", "8000")))\n',
  });
  const at = { file: 'pkg/main.py', line: 8 };
  assert.deepEqual(uvicorn.detect(project), [
    { kind: 'server', value: 'uvicorn', source: at, why: 'calls uvicorn.run' },
    { kind: 'app-target', value: 'pkg.main:app', workdir: '.', interface: 'asgi', origin: 'command', source: at, why: 'calls uvicorn.run with the app "pkg.main:app"' },
    { kind: 'port', value: 8000, source: at, why: 'calls uvicorn.run on port 8000' },
    { kind: 'bind-host', value: '0.0.0.0', source: at, why: 'calls uvicorn.run bound to 0.0.0.0' },
  ]);
});

test('turns an app object passed to uvicorn.run in main() into its module path', async () => {
  const project = await tempProject({
    'src/svc/__init__.py': '',
    'src/svc/cli.py': 'from uvicorn import run\nfrom svc.web import api\n\ndef main():\n    run(api, port=9001)\n',
  });
  const facts = uvicorn.detect(project);
  assert.deepEqual(facts.map((f) => [f.kind, 'value' in f ? f.value : null]), [['server', 'uvicorn'], ['app-target', 'svc.web:api'], ['port', 9001]]);
  assert.equal(facts[1]?.kind === 'app-target' ? facts[1].workdir : null, 'src');
});

test('marks factory=True targets as factory calls', async () => {
  const project = await tempProject({ 'serve.py': 'import uvicorn\nuvicorn.run("app:create_app", factory=True)\n' });
  assert.deepEqual(uvicorn.detect(project).filter((f) => f.kind === 'app-target').map((f) => ('value' in f ? f.value : null)), ['app:create_app()']);
});

test('reports only the server when the host and port come from runtime state', async () => {
  const project = await tempProject({ 'serve.py': 'import uvicorn\nimport settings\nuvicorn.run(settings.APP, host=settings.HOST, port=settings.PORT)\n' });
  assert.deepEqual(uvicorn.detect(project).map((f) => f.kind), ['server']);
});
