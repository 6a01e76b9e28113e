import { test } from 'node:test';
import assert from 'node:assert/strict';
import { starlette } from '../../../src/analyze/detectors/starlette.ts';
import { tempProject } from '../../helpers/project.ts';

test('finds a Starlette app built with routes', async () => {
  const project = await tempProject({
    'relay/__init__.py': '',
    'relay/asgi.py': 'from starlette.applications import Starlette\nfrom starlette.routing import Route\n\n\nasync def ping(request):\n    ...\n\n\napp = Starlette(routes=[Route("/ping", ping)])\n',
  });
  const at = { file: 'relay/asgi.py', line: 9 };
  assert.deepEqual(starlette.detect(project), [
    { kind: 'framework', value: 'starlette', interface: 'asgi', source: at, why: 'relay/asgi.py:9 assigns Starlette() to `app`, and Starlette apps are ASGI applications' },
    { kind: 'app-target', value: 'relay.asgi:app', workdir: '.', framework: 'starlette', interface: 'asgi', origin: 'code', source: at, why: 'relay/asgi.py:9 assigns Starlette() to `app`' },
  ]);
});

test('does not count a FastAPI app as a Starlette app', async () => {
  const project = await tempProject({ 'main.py': 'from fastapi import FastAPI\nfrom starlette.responses import JSONResponse\n\napp = FastAPI()\n' });
  assert.deepEqual(starlette.detect(project), []);
});

test('does not take a Starlette app mounted under Mount(app=...) for a target', async () => {
  const project = await tempProject({
    'main.py': [
      'from starlette.applications import Starlette',
      'from starlette.routing import Mount',
      '',
      'admin = Starlette()',
      'app = Starlette(routes=[Mount("/admin", app=admin)])',
      '',
    ].join('\n'),
  });
  const targets = starlette.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => f.value), ['main:app']);
});

test('finds a factory annotated to return Starlette', async () => {
  const project = await tempProject({
    'factory.py': 'from starlette.applications import Starlette\n\ndef build() -> Starlette:\n    return make_it()\n',
  });
  const targets = starlette.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => [f.value, f.source.line]), [['factory:build()', 3]]);
});

test('does not take a factory whose app is mounted into another app for a target', async () => {
  const project = await tempProject({
    'main.py': [
      'from starlette.applications import Starlette',
      '',
      'def create_admin():',
      '    admin = Starlette()',
      '    return admin',
      '',
      'app = Starlette()',
      'app.mount("/admin", create_admin())',
      '',
    ].join('\n'),
  });
  const targets = starlette.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => f.value), ['main:app']);
});
