import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastapi } from '../../../src/analyze/detectors/fastapi.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('finds the FastAPI app of a model-serving service and ignores the one in tests/', async () => {
  const project = await fixtureProject('ml-inference-fastapi');
  const at = { file: 'inference/main.py', line: 19 };
  assert.deepEqual(fastapi.detect(project), [
    { kind: 'framework', value: 'fastapi', interface: 'asgi', source: at, why: 'inference/main.py:19 assigns FastAPI() to `app`, and FastAPI apps are ASGI applications' },
    { kind: 'app-target', value: 'inference.main:app', workdir: '.', framework: 'fastapi', interface: 'asgi', origin: 'code', source: at, why: 'inference/main.py:19 assigns FastAPI() to `app`' },
  ]);
});

test('finds a factory in a src-layout package and imports it from src', async () => {
  const project = await fixtureProject('fastapi-metrics-health');
  const at = { file: 'src/svc/app.py', line: 7 };
  assert.deepEqual(fastapi.detect(project), [
    { kind: 'framework', value: 'fastapi', interface: 'asgi', source: at, why: 'src/svc/app.py:7 defines `create_app()`, which returns a FastAPI app, and FastAPI apps are ASGI applications' },
    { kind: 'app-target', value: 'svc.app:create_app()', workdir: 'src', framework: 'fastapi', interface: 'asgi', origin: 'code', source: at, why: 'src/svc/app.py:7 defines `create_app()`, which returns a FastAPI app' },
  ]);
});

test('follows an aliased import and a plain `import fastapi`', async () => {
  const project = await tempProject({
    'svc/__init__.py': '',
    'svc/api.py': 'from fastapi import FastAPI as F\n\napi = F(title="x")\n',
    'svc/admin.py': 'import fastapi\n\nadmin_app = fastapi.FastAPI()\n',
  });
  const targets = fastapi.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => [f.value, f.source, f.why]), [
    ['svc.admin:admin_app', { file: 'svc/admin.py', line: 3 }, 'svc/admin.py:3 assigns FastAPI() to `admin_app`'],
    ['svc.api:api', { file: 'svc/api.py', line: 3 }, 'svc/api.py:3 assigns FastAPI() to `api`'],
  ]);
});

test('does not take an APIRouter or a mounted sub-application for the app', async () => {
  const project = await tempProject({
    'app/__init__.py': '',
    'app/routes.py': 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/items")\n',
    'app/v2.py': 'from fastapi import FastAPI\n\nv2 = FastAPI()\n',
    'app/main.py': 'from fastapi import FastAPI\nfrom .routes import router\nfrom .v2 import v2\n\napp = FastAPI()\napp.include_router(router)\napp.mount("/v2", v2)\n',
  });
  const targets = fastapi.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => f.value), ['app.main:app']);
});

test('reads a subclass of FastAPI and an app made by calling a factory', async () => {
  const project = await tempProject({
    'shop/__init__.py': '',
    'shop/core.py': 'from fastapi import FastAPI\n\nclass ShopAPI(FastAPI):\n    pass\n\ndef build():\n    api = ShopAPI(title="shop")\n    return api\n',
    'shop/main.py': 'from .core import build\n\napp = build()\n',
  });
  assert.deepEqual(fastapi.detect(project).filter((f) => f.kind === 'app-target').map((f) => [f.value, f.why]), [
    ['shop.main:app', 'shop/main.py:3 assigns build() (a FastAPI app factory) to `app`'],
    ['shop.core:build()', 'shop/core.py:6 defines `build()`, which returns a FastAPI app'],
  ]);
});

test('ranks the module a command names before a conventionally named one', async () => {
  const project = await tempProject({
    Procfile: 'web: uvicorn service.api:application --port 8000\n',
    'service/__init__.py': '',
    'service/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    'service/api.py': 'from fastapi import FastAPI\napplication = FastAPI()\n',
  });
  const targets = fastapi.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => f.value), ['service.api:application', 'service.main:app']);
});

test('reads [tool.fastapi] entrypoint as a declared target', async () => {
  const project = await tempProject({
    'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi"]\n\n[tool.fastapi]\nentrypoint = "backend.main:app"\n',
    'src/backend/__init__.py': '',
    'src/backend/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
  });
  const declared = fastapi.detect(project).filter((f) => f.kind === 'app-target' && f.origin === 'declared');
  assert.deepEqual(declared, [
    { kind: 'app-target', value: 'backend.main:app', workdir: 'src', framework: 'fastapi', interface: 'asgi', origin: 'declared', source: { file: 'pyproject.toml', line: 6 }, why: 'pyproject.toml:6 sets [tool.fastapi] entrypoint to "backend.main:app"' },
  ]);
});

test('reports the framework from a declared entrypoint when the code shows no app', async () => {
  const project = await tempProject({
    'pyproject.toml': '[tool.fastapi]\nentrypoint = "main:app"\n',
    'main.py': 'from somewhere import make\napp = make()\n',
  });
  assert.deepEqual(fastapi.detect(project).map((f) => f.kind), ['framework', 'app-target']);
});

test('keeps detecting in other files when one file has a syntax error', async () => {
  const project = await tempProject({
    'broken.py': 'from fastapi import FastAPI\nother = FastAPI(\ndef (:\n',
    'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  });
  const targets = fastapi.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => [f.value, f.source]), [['main:app', { file: 'main.py', line: 3 }]]);
});

test('finds nothing in a project that only uses APIRouter', async () => {
  const project = await tempProject({ 'routes.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n' });
  assert.deepEqual(fastapi.detect(project), []);
});
