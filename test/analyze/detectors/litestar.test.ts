import { test } from 'node:test';
import assert from 'node:assert/strict';
import { litestar } from '../../../src/analyze/detectors/litestar.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('finds the Litestar app in app.py', async () => {
  const project = await fixtureProject('litestar-app');
  const at = { file: 'app.py', line: 33 };
  assert.deepEqual(litestar.detect(project), [
    { kind: 'framework', value: 'litestar', interface: 'asgi', source: at, why: 'app.py:33 assigns Litestar() to `app`, and Litestar apps are ASGI applications' },
    { kind: 'app-target', value: 'app:app', workdir: '.', framework: 'litestar', interface: 'asgi', origin: 'code', source: at, why: 'app.py:33 assigns Litestar() to `app`' },
  ]);
});

test('follows an aliased import of litestar.app.Litestar inside a src layout', async () => {
  const project = await tempProject({
    'src/books/__init__.py': '',
    'src/books/server.py': 'from litestar.app import Litestar as L\n\nasgi = L(route_handlers=[])\n',
  });
  const targets = litestar.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => [f.value, f.workdir]), [['books.server:asgi', 'src']]);
});

test('does not take a Litestar Router for the app', async () => {
  const project = await tempProject({ 'routes.py': 'from litestar import Router\n\nrouter = Router(path="/api", route_handlers=[])\n' });
  assert.deepEqual(litestar.detect(project), []);
});
