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
      why: 'routes /livez with @app.get, and by convention a path named like this is a liveness endpoint',
    },
    {
      kind: 'endpoint', path: '/readyz', role: 'readiness', source: { file: 'inference/main.py', line: 31 },
      why: 'routes /readyz with @app.get, and by convention a path named like this is a readiness endpoint',
    },
  ]);
});

test('finds instrumentator metrics and router health routes, and skips a prefixed API status route', async () => {
  const project = await fixtureProject('fastapi-metrics-health');
  assert.deepEqual(endpoints.detect(project), [
    {
      kind: 'endpoint', path: '/metrics', role: 'metrics', source: { file: 'src/svc/app.py', line: 11 },
      why: 'exposes Prometheus metrics at /metrics with prometheus-fastapi-instrumentator',
    },
    {
      kind: 'endpoint', path: '/healthz', role: 'liveness', source: { file: 'src/svc/routes/ops.py', line: 8 },
      why: 'routes /healthz with @router.get, and by convention a path named like this is a liveness endpoint',
    },
    {
      kind: 'endpoint', path: '/readyz', role: 'readiness', source: { file: 'src/svc/routes/ops.py', line: 13 },
      why: 'routes /readyz with @router.get, and by convention a path named like this is a readiness endpoint',
    },
  ]);
});

test('finds a health route on a Flask blueprint registered in a factory', async () => {
  const project = await fixtureProject('flask-app-factory');
  assert.deepEqual(endpoints.detect(project), [
    {
      kind: 'endpoint', path: '/health', role: 'health', source: { file: 'notes/health.py', line: 8 },
      why: 'routes /health with @health.route, and by convention a path named like this is a health endpoint',
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
      why: 'includes django_prometheus.urls, which serves /metrics (django-prometheus)',
    },
    {
      kind: 'endpoint', path: '/health/ready/', role: 'readiness', source: { file: 'chat_site/urls.py', line: 8 },
      why: 'maps /health/ready/ in urlpatterns, and by convention a path named like this is a readiness endpoint',
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
    // A /metrics route counts when a Prometheus library is there to render it.
    'requirements.txt': 'litestar[prometheus]\nprometheus-client>=0.20\n',
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
    ['/health/live', 6, 'declares Route("/health/live"), and by convention a path named like this is a liveness endpoint'],
    ['/health/ready', 6, 'declares Route("/health/ready"), and by convention a path named like this is a readiness endpoint'],
    ['/metrics', 7, "mounts prometheus_client's metrics app at /metrics"],
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
    ['/livez', '/healthz', '/health/live', '/readyz', '/ready', '/health/ready', '/health', '/ping', '/status', '/_health', '/metrics', '/api/v1/health', '/orders/status', '/items/{id}', '/users'].map((path) => roleOfPath(path)),
    ['liveness', 'liveness', 'liveness', 'readiness', 'readiness', 'readiness', 'health', 'health', 'health', 'health', 'metrics', 'health', null, null, null],
  );
});

test('reads an include_router prefix from a pydantic settings default imported from another module', async () => {
  const project = await tempProject({
    'svc/__init__.py': '',
    'svc/config.py': [
      'from pydantic_settings import BaseSettings',
      '',
      'class Settings(BaseSettings):',
      '    PROJECT: str = "svc"',
      '    API_PREFIX: str = "/api/v2"',
      '',
      'settings = Settings()',
      '',
    ].join('\n'),
    'svc/probes.py': 'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/probes")\n\n@router.get("/healthz")\ndef healthz():\n    return True\n',
    'svc/main.py': 'from fastapi import FastAPI\nfrom svc.config import settings\nfrom svc import probes\n\napp = FastAPI()\napp.include_router(probes.router, prefix=settings.API_PREFIX)\n',
  });
  assert.deepEqual(endpoints.detect(project), [
    {
      kind: 'endpoint', path: '/api/v2/probes/healthz', role: 'liveness', source: { file: 'svc/probes.py', line: 5 },
      why: 'routes /api/v2/probes/healthz with @router.get, where settings.API_PREFIX is "/api/v2" (the default of Settings.API_PREFIX, svc/config.py:5), and by convention a path named like this is a liveness endpoint',
    },
  ]);
});

test('reads a prefix held in a module-level constant', async () => {
  const project = await tempProject({
    'app.py': 'from flask import Flask, Blueprint\n\nBASE = "/internal"\nops = Blueprint("ops", __name__)\n\n@ops.route("/readyz")\ndef ready():\n    return "ok"\n\napp = Flask(__name__)\napp.register_blueprint(ops, url_prefix=BASE + "/ops")\n',
  });
  assert.deepEqual(paths(endpoints.detect(project)), [['/internal/ops/readyz', 'readiness']]);
});

test('reports a health route under a prefix computed at runtime instead of guessing its path', async () => {
  const project = await tempProject({
    'main.py': [
      'import os',
      'from fastapi import APIRouter, FastAPI',
      '',
      'router = APIRouter()',
      '',
      '@router.get("/healthz")',
      'def healthz():',
      '    return {}',
      '',
      'app = FastAPI()',
      'app.include_router(router, prefix=os.environ["ROOT_PATH"])',
      '',
    ].join('\n'),
  });
  assert.deepEqual(endpoints.detect(project), [
    {
      kind: 'problem',
      level: 'info',
      code: 'I_HEALTH_PREFIX_UNKNOWN',
      message: 'The liveness route /healthz sits under the prefix `os.environ["ROOT_PATH"]` (main.py:11), which is only known when the app runs, so it was not used as a probe path. Set health.liveness = "<prefix>/healthz" in [tool.py2kube] with the prefix your deployment uses.',
      configKey: 'health.liveness',
      source: { file: 'main.py', line: 6 },
      why: 'routes /healthz with @router.get under a prefix computed at runtime, and a probe needs the full path',
    },
  ]);
});

test('does not read a settings default that the instance overrides or that a method reassigns', async () => {
  const project = await tempProject({
    'conf.py': [
      'class Settings:',
      '    PREFIX = "/a"',
      '    def __init__(self):',
      '        self.PREFIX = load_prefix()',
      '',
      'settings = Settings()',
      '',
    ].join('\n'),
    'main.py': 'from fastapi import APIRouter, FastAPI\nfrom conf import settings\n\nrouter = APIRouter()\n\n@router.get("/ping")\ndef ping():\n    return 1\n\n@router.get("/healthz")\ndef healthz():\n    return 1\n\napp = FastAPI()\napp.include_router(router, prefix=settings.PREFIX)\n',
  });
  // A generic name under an unreadable prefix is not even reported: nothing says it is a check.
  assert.deepEqual(endpoints.detect(project).map((f) => [f.kind, f.kind === 'problem' ? f.code : null, f.source.line]), [['problem', 'I_HEALTH_PREFIX_UNKNOWN', 10]]);
});

test('gives one path per inclusion of a Django list variable, newest API version first', async () => {
  const project = await tempProject({
    'manage.py': '',
    'site_conf/__init__.py': '',
    'site_conf/urls.py': 'from django.urls import include, path\n\nurlpatterns = [path("", include("monitor.urls"))]\n',
    'monitor/__init__.py': '',
    'monitor/urls.py': [
      'from django.urls import include, path',
      'from monitor import views',
      '',
      'api_urls = [',
      '    path("checks/", views.checks),',
      '    path("status/", views.status),',
      '    path("orders/status/", views.order_status),',
      ']',
      '',
      'urlpatterns = [',
      '    path("api/v1/", include(api_urls)),',
      '    path("api/v3/", include(api_urls)),',
      '    path("legacy/", include([path("ping/", views.ping)])),',
      ']',
      '',
    ].join('\n'),
  });
  assert.deepEqual(endpoints.detect(project).map((f) => [f.kind === 'endpoint' ? f.path : null, f.source.line]), [
    ['/api/v3/status/', 6],
    ['/api/v1/status/', 6],
  ]);
});

test('takes a generic name under a namespace prefix only when its handler is named for the check', () => {
  assert.equal(roleOfPath('/api/v3/status/', 'status'), 'health');
  assert.equal(roleOfPath('/api/status', 'StatusView'), 'health');
  assert.equal(roleOfPath('/health/ping', 'get_ping'), 'health');
  assert.equal(roleOfPath('/api/v3/status/', 'order_status'), null);
  assert.equal(roleOfPath('/api/v3/status/'), null);
  assert.equal(roleOfPath('/orders/status', 'status'), null);
  assert.equal(roleOfPath('/status', 'anything'), 'health');
  assert.equal(roleOfPath('/status', 'status', true), null);
});

test('does not take a route named /metrics for Prometheus metrics when no Prometheus library is there', async () => {
  const files = {
    'manage.py': '',
    'core/__init__.py': '',
    'core/urls.py': 'from django.urls import path\nfrom core import views\n\nurlpatterns = [path("metrics/", views.metrics)]\n',
  };
  assert.deepEqual(paths(endpoints.detect(await tempProject({ ...files, 'requirements.txt': 'django==5.0\n' }))), []);
  assert.deepEqual(paths(endpoints.detect(await tempProject({ ...files, 'requirements.txt': 'django==5.0\nprometheus_client==0.20\n' }))), [['/metrics/', 'metrics']]);
  assert.deepEqual(paths(endpoints.detect(await tempProject({ ...files, 'core/views.py': 'from prometheus_client import generate_latest\n' }))), [['/metrics/', 'metrics']]);
});

test('says which rule made a prefixed status route a health endpoint', async () => {
  const project = await tempProject({
    'main.py': 'from fastapi import APIRouter, FastAPI\n\nrouter = APIRouter(prefix="/api")\n\n@router.get("/status")\ndef status():\n    return {}\n\napp = FastAPI()\napp.include_router(router)\n',
  });
  assert.deepEqual(endpoints.detect(project).map((f) => f.why), [
    'routes /api/status with @router.get, and a route named like this under namespace segments only, served by `status`, is a health endpoint',
  ]);
});
