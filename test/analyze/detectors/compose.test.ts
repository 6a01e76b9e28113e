import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compose, composeFilesOf, datastoreOfImage } from '../../../src/analyze/detectors/compose.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads the app command, published port, URLs and datastore images of a compose file', async () => {
  const project = await fixtureProject('compose-uvicorn-fastapi');
  const at = (line: number) => ({ file: 'compose.yaml', line });
  assert.deepEqual(compose.detect(project), [
    { kind: 'command', process: 'api', argv: ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '8080', '--proxy-headers'], source: at(4), why: 'declares the "api" process command' },
    { kind: 'server', value: 'uvicorn', source: at(4), why: 'runs uvicorn' },
    { kind: 'app-target', value: 'app.main:app', workdir: '.', interface: 'asgi', origin: 'command', source: at(4), why: 'runs uvicorn with the app "app.main:app"' },
    { kind: 'port', value: 8080, source: at(4), why: 'runs uvicorn on port 8080' },
    { kind: 'bind-host', value: '0.0.0.0', source: at(4), why: 'runs uvicorn bound to 0.0.0.0' },
    { kind: 'port', value: 8080, source: at(6), why: 'publishes container port 8080 of service "api"' },
    { kind: 'datastore', value: 'postgresql', optional: false, source: at(8), why: 'sets DATABASE_URL=postgresql+psycopg://inventory:***@db:5432/inventory for service "api"' },
    { kind: 'datastore', value: 'redis', optional: false, source: at(9), why: 'sets REDIS_URL=redis://cache:6379/0 for service "api"' },
    { kind: 'datastore', value: 'postgresql', optional: false, source: at(15), why: 'runs the "postgres:16-alpine" image as service "db"' },
    { kind: 'datastore', value: 'redis', optional: false, source: at(23), why: 'runs the "redis:7" image as service "cache"' },
  ]);
});

test('splits a string command into words and reads list-form environment', async () => {
  const project = await tempProject({
    'docker-compose.yml': [
      'services:',
      '  worker:',
      '    build: .',
      '    command: celery -A proj worker -Q default,mail',
      '    environment:',
      '      - CELERY_BROKER_URL=amqp://guest:guest@mq:5672//',
      '  mq:',
      '    image: rabbitmq:3-management',
      '    ports: ["15672:15672"]',
      '',
    ].join('\n'),
  });
  const facts = compose.detect(project);
  assert.deepEqual(facts.map((f) => [f.kind, 'value' in f ? f.value : null, f.source.line]), [
    ['command', null, 4],
    ['worker-system', 'celery', 4],
    ['celery-app', 'proj', 4],
    ['celery-queue', 'default', 4],
    ['celery-queue', 'mail', 4],
    ['datastore', 'rabbitmq', 6],
    ['datastore', 'rabbitmq', 8],
  ]);
});

test('ignores ports and URLs of services that are neither built nor running a known command', async () => {
  const project = await tempProject({ 'compose.yml': 'services:\n  proxy:\n    image: nginx:1.27\n    ports: ["80:80"]\n    environment:\n      UPSTREAM: redis://x\n' });
  assert.deepEqual(compose.detect(project), []);
});

test('reads long-syntax ports by their target', async () => {
  const project = await tempProject({ 'compose.yaml': 'services:\n  web:\n    build: .\n    ports:\n      - target: 8000\n        published: "80"\n      - "127.0.0.1:9000:9001/tcp"\n      - "5353:53/udp"\n' });
  assert.deepEqual(compose.detect(project).map((f) => [f.kind, 'value' in f ? f.value : null, f.source.line]), [
    ['port', 8000, 5],
    ['port', 9001, 7],
  ]);
});

test('reports malformed YAML with its line and column instead of failing', async () => {
  const project = await tempProject({ 'compose.yaml': 'services:\n  web:\n    build: .\n   command: [gunicorn\n' });
  const facts = compose.detect(project);
  assert.equal(facts.length, 1);
  const problem = facts[0]!;
  assert.equal(problem.kind, 'problem');
  assert.equal(problem.kind === 'problem' ? problem.code : null, 'W_COMPOSE_SYNTAX');
  // The location is the source's to show; the message names the column the parser stopped at.
  assert.match(problem.kind === 'problem' ? problem.message : '', /^"compose\.yaml" is not valid YAML \(.*line 4, column \d+\)/);
  assert.ok(problem.source.line >= 4);
});

test('maps datastore images by name whatever their registry and tag', () => {
  assert.equal(datastoreOfImage('postgres:16'), 'postgresql');
  assert.equal(datastoreOfImage('docker.io/library/redis:7.4@sha256:0123'), 'redis');
  assert.equal(datastoreOfImage('valkey/valkey:8'), 'redis');
  assert.equal(datastoreOfImage('rabbitmq:3-management'), 'rabbitmq');
  assert.equal(datastoreOfImage('mongo'), 'mongodb');
  assert.equal(datastoreOfImage('mariadb:11'), 'mysql');
  assert.equal(datastoreOfImage('localhost:5000/mysql'), 'mysql');
  assert.equal(datastoreOfImage('nginx:1.27'), null);
});

const web = 'services:\n  web:\n    build: .\n';

test('finds override files, named variants and compose files under docker/ and deploy/, base files first', async () => {
  const project = await tempProject({
    'docker-compose.prod.yml': web,
    'docker-compose.override.yml': web,
    'docker-compose.yml': web,
    'docker/docker-compose.yml': web,
    'deploy/compose.yaml': web,
    'deploy/compose.override.yaml': web,
    'docs/docker-compose.yml': web,
    'compose-notes.txt': web,
  });
  assert.deepEqual(composeFilesOf(project), [
    'docker-compose.yml',
    'docker-compose.override.yml',
    'docker-compose.prod.yml',
    'docker/docker-compose.yml',
    'deploy/compose.yaml',
    'deploy/compose.override.yaml',
  ]);
});

test('skips development, test and CI variants when a production compose file exists, and reads "non-dev" as production', async () => {
  const mixed = await tempProject({ 'docker-compose-non-dev.yml': web, 'docker-compose.dev.yml': web, 'docker-compose-ci.yml': web, 'compose.local.yaml': web, 'docker-compose.test.yml': web });
  assert.deepEqual(composeFilesOf(mixed), ['docker-compose-non-dev.yml']);
  // With nothing else to go on, a development variant still says how the app is started.
  const devOnly = await tempProject({ 'docker-compose.dev.yml': web });
  assert.deepEqual(composeFilesOf(devOnly), ['docker-compose.dev.yml']);
});

test('reads the health check URL of the app service as a health endpoint and its port', async () => {
  const project = await tempProject({
    'compose.yml': [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    ports: ["5432:5432"]',
      '    healthcheck:',
      '      test: ["CMD-SHELL", "pg_isready"]',
      '  backend:',
      '    build: .',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:8000/api/v1/utils/health-check/"]',
      '  worker:',
      '    build: .',
      '    healthcheck:',
      '      test: curl -fs http://127.0.0.1:$${PORT:-9000}/',
      '',
    ].join('\n'),
  });
  const facts = compose.detect(project);
  // The database's published port stays the database's.
  assert.deepEqual(facts.filter((f) => f.kind === 'endpoint' || f.kind === 'port'), [
    { kind: 'endpoint', path: '/api/v1/utils/health-check/', role: 'health', source: { file: 'compose.yml', line: 10 }, why: 'the health check of service "backend" requests http://localhost:8000/api/v1/utils/health-check/' },
    { kind: 'port', value: 8000, source: { file: 'compose.yml', line: 10 }, why: 'the health check of service "backend" requests http://localhost:8000/api/v1/utils/health-check/' },
    { kind: 'endpoint', path: '/', role: 'health', source: { file: 'compose.yml', line: 14 }, why: 'the health check of service "worker" requests http://127.0.0.1:${PORT:-9000}/' },
    { kind: 'port', value: 9000, source: { file: 'compose.yml', line: 14 }, why: 'the health check of service "worker" requests http://127.0.0.1:${PORT:-9000}/' },
  ]);
});

test('runs a service command from its build context and follows the script it starts', async () => {
  const project = await tempProject({
    'docker/docker-compose.yml': 'services:\n  web:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile\n    command: ["/app/docker/boot.sh", "web"]\n',
    'docker/boot.sh': 'if [ "$1" = web ]; then\n  exec uvicorn shop.main:app --port 8000\nfi\n',
    'shop/__init__.py': '',
    'shop/main.py': '',
  });
  const targets = compose.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => (f.kind === 'app-target' ? [f.value, f.workdir, `${f.source.file}:${f.source.line}`] : null)), [['shop.main:app', '.', 'docker/boot.sh:2']]);
});

test('leaves out services that build another folder of a monorepo and services that run other programs', async () => {
  const project = await tempProject({
    'compose.override.yml': [
      'services:',
      '  backend:',
      '    build:',
      '      context: .',
      '      dockerfile: backend/Dockerfile',
      '    ports: ["8000:8000"]',
      '  frontend:',
      '    build:',
      '      context: .',
      '      dockerfile: frontend/Dockerfile',
      '    ports: ["5173:80"]',
      '  proxy:',
      '    image: traefik:3',
      '    command: ["--api.insecure=true"]',
      '',
    ].join('\n'),
    'backend/pyproject.toml': '[project]\nname = "api"\n',
  }, 'backend');
  assert.deepEqual(compose.detect(project).map((f) => [f.kind, 'value' in f ? f.value : null, f.source.line]), [['port', 8000, 6]]);
});
