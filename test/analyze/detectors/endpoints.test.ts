import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpoints, roleOfPath } from '../../../src/analyze/detectors/endpoints.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

const paths = (facts: ReturnType<typeof endpoints.detect>) => facts.flatMap((f) => (f.kind === 'endpoint' ? [[f.path, f.role]] : []));

test('finds the liveness and readiness routes of a model-serving FastAPI app', async () => {
  const project = await fixtureProject('ml-inference-fastapi');
  assert.deepEqual(endpoints.detect(project), [
    {
      kind: 'endpoint', path: '/livez', role: 'liveness', source: { file: 'inference/main.py', line: 26 },
      why: 'inference/main.py:26 routes /livez with @app.get, and by convention a path named like this is a liveness endpoint',
    },
    {
      kind: 'endpoint', path: '/readyz', role: 'readiness', source: { file: 'inference/main.py', line: 31 },
      why: 'inference/main.py:31 routes /readyz with @app.get, and by convention a path named like this is a readiness endpoint',
    },
  ]);
});

test('finds instrumentator metrics and router health routes, and skips a prefixed API status route', async () => {
  const project = await fixtureProject('fastapi-metrics-health');
  assert.deepEqual(endpoints.detect(project), [
    {
      kind: 'endpoint', path: '/metrics', role: 'metrics', source: { file: 'src/svc/app.py', line: 11 },
      why: 'src/svc/app.py:11 exposes Prometheus metrics at /metrics with prometheus-fastapi-instrumentator',
    },
    {
      kind: 'endpoint', path: '/healthz', role: 'liveness', source: { file: 'src/svc/routes/ops.py', line: 8 },
      why: 'src/svc/routes/ops.py:8 routes /healthz with @router.get, and by convention a path named like this is a liveness endpoint',
    },
    {
      kind: 'endpoint', path: '/readyz', role: 'readiness', source: { file: 'src/svc/routes/ops.py', line: 13 },
      why: 'src/svc/routes/ops.py:13 routes /readyz with @router.get, and by convention a path named like this is a readiness endpoint',
    },
  ]);
});

test('finds a health route on a Flask blueprint registered in a factory', async () => {
  const project = await fixtureProject('flask-app-factory');
  assert.deepEqual(endpoints.detect(project), [
    {
      kind: 'endpoint', path: '/health', role: 'health', source: { file: 'notes/health.py', line: 8 },
      why: 'notes/health.py:8 routes /health with @health.route, and by convention a path named like this is a health endpoint',
    },
  ]);
});

test('finds a Litestar handler route', async () => {
  const project = await fixtureProject('litestar-app');
  assert.deepEqual(paths(endpoints.detect(project)), [['/health', 'health']]);
});

test('finds Django health routes and django-prometheus metrics through include()', async () => {
  const project = await fixtureProject('django-asgi-channels');
  assert.deepEqual(endpoints.detect(project), [
    {
      kind: 'endpoint', path: '/metrics', role: 'metrics', source: { file: 'chat_site/urls.py', line: 6 },
      why: 'chat_site/urls.py:6 includes django_prometheus.urls, which serves /metrics (django-prometheus)',
    },
    {
      kind: 'endpoint', path: '/health/ready/', role: 'readiness', source: { file: 'chat_site/urls.py', line: 8 },
      why: 'chat_site/urls.py:8 maps /health/ready/ in urlpatterns, and by convention a path named like this is a readiness endpoint',
    },
  ]);
});

test('keeps the trailing slash of a Django route and ignores routes with parameters', async () => {
  const project = await fixtureProject('django-pip-tools-celery-beat');
  assert.deepEqual(paths(endpoints.detect(project)), [['/healthz/', 'liveness']]);
});

test('adds APIRouter and include_router prefixes', async () => {
  const project = await tempProject({
    'app/__init__.py': '',
    'app/ops.py': 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/ops")\n\n@router.get("/healthz")\ndef healthz():\n    return {}\n',
    'app/main.py': 'from fastapi import FastAPI\nfrom app import ops\n\napp = FastAPI()\napp.include_router(ops.router, prefix="/internal")\n',
  });
  assert.deepEqual(paths(endpoints.detect(project)), [['/internal/ops/healthz', 'liveness']]);
});

test('composes the prefixes of a router included into another router', async () => {
  const project = await tempProject({
    'svc/__init__.py': '',
    'svc/health.py': 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n@router.get("/live")\ndef live():\n    return {}\n',
    'svc/api.py': 'from fastapi import APIRouter\nfrom .health import router as health_router\n\napi_router = APIRouter()\napi_router.include_router(health_router, prefix="/health")\n',
    'svc/main.py': 'from fastapi import FastAPI\nfrom svc.api import api_router\n\napp = FastAPI()\napp.include_router(api_router, prefix="/api/v1")\n',
  });
  assert.deepEqual(paths(endpoints.detect(project)), [['/api/v1/health/live', 'liveness']]);
});

test('adds Litestar Controller paths and Router paths', async () => {
  const project = await tempProject({
    'app.py': [
      'from litestar import Controller, Litestar, Router, get',
      '',
      'class Probes(Controller):',
      '    path = "/probes"',
      '',
      '    @get("/healthz")',
      '    async def healthz(self) -> str:',
      '        return "ok"',
      '',
      '@get(["/metrics", "/readyz"])',
      'async def both() -> str:',
      '    return ""',
      '',
      'internal = Router(path="/internal", route_handlers=[Probes, both])',
      'app = Litestar(route_handlers=[internal])',
      '',
    ].join('\n'),
  });
  assert.deepEqual(paths(endpoints.detect(project)), [
    ['/internal/probes/healthz', 'liveness'],
    ['/internal/metrics', 'metrics'],
    ['/internal/readyz', 'readiness'],
  ]);
});

test('lets a register_blueprint url_prefix replace the blueprint own prefix', async () => {
  const project = await tempProject({
    'web/__init__.py': 'from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    from .probes import probes\n    app.register_blueprint(probes, url_prefix="/_")\n    return app\n',
    'web/probes.py': 'from flask import Blueprint\n\nprobes = Blueprint("probes", __name__, url_prefix="/probes")\n\n@probes.route("/readyz")\ndef ready():\n    return "ok"\n\n@probes.route("/ping", methods=["POST"])\ndef ping():\n    return "ok"\n',
  });
  assert.deepEqual(paths(endpoints.detect(project)), [['/_/readyz', 'readiness']]);
});

test('finds Starlette Route objects under Mount and prometheus_client apps mounted at /metrics', async () => {
  const project = await tempProject({
    'main.py': [
      'from prometheus_client import make_asgi_app',
      'from starlette.applications import Starlette',
      'from starlette.routing import Mount, Route',
      '',
      'metrics_app = make_asgi_app()',
      'app = Starlette(routes=[Mount("/health", routes=[Route("/live", live), Route("/ready", ready)])])',
      'app.mount("/metrics", metrics_app)',
      '',
    ].join('\n'),
  });
  assert.deepEqual(endpoints.detect(project).map((f) => [f.kind === 'endpoint' ? f.path : null, f.source.line, f.why]), [
    ['/health/live', 6, 'main.py:6 declares Route("/health/live"), and by convention a path named like this is a liveness endpoint'],
    ['/health/ready', 6, 'main.py:6 declares Route("/health/ready"), and by convention a path named like this is a readiness endpoint'],
    ['/metrics', 7, "main.py:7 mounts prometheus_client's metrics app at /metrics"],
  ]);
});

test('finds prometheus-flask-exporter metrics, a custom path and a disabled endpoint', async () => {
  const defaults = await tempProject({ 'app.py': 'from flask import Flask\nfrom prometheus_flask_exporter import PrometheusMetrics\n\napp = Flask(__name__)\nmetrics = PrometheusMetrics(app)\n' });
  assert.deepEqual(paths(endpoints.detect(defaults)), [['/metrics', 'metrics']]);
  const custom = await tempProject({ 'app.py': 'from prometheus_flask_exporter import PrometheusMetrics\nmetrics = PrometheusMetrics.for_app_factory(path="/internal/metrics")\n' });
  assert.deepEqual(paths(endpoints.detect(custom)), [['/internal/metrics', 'metrics']]);
  const disabled = await tempProject({ 'app.py': 'from prometheus_flask_exporter import PrometheusMetrics\nmetrics = PrometheusMetrics(app, path=None)\n' });
  assert.deepEqual(paths(endpoints.detect(disabled)), []);
});

test('finds an instrumentator bound to a name and exposed at a custom endpoint', async () => {
  const project = await tempProject({
    'main.py': 'from fastapi import FastAPI\nfrom prometheus_fastapi_instrumentator import Instrumentator as I\n\napp = FastAPI()\ninst = I().instrument(app)\ninst.expose(app, endpoint="/prom")\n',
  });
  assert.deepEqual(paths(endpoints.detect(project)), [['/prom', 'metrics']]);
});

test('names roles by the conventional path names', () => {
  assert.deepEqual(
    ['/livez', '/healthz', '/health/live', '/readyz', '/ready', '/health/ready', '/health', '/ping', '/status', '/_health', '/metrics', '/api/v1/health', '/orders/status', '/items/{id}', '/users'].map(roleOfPath),
    ['liveness', 'liveness', 'liveness', 'readiness', 'readiness', 'readiness', 'health', 'health', 'health', 'health', 'metrics', 'health', null, null, null],
  );
});
