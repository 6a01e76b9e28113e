import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compose, datastoreOfImage } from '../../../src/analyze/detectors/compose.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads the app command, published port, URLs and datastore images of a compose file', async () => {
  const project = await fixtureProject('compose-uvicorn-fastapi');
  const at = (line: number) => ({ file: 'compose.yaml', line });
  assert.deepEqual(compose.detect(project), [
    { kind: 'command', process: 'api', argv: ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '8080', '--proxy-headers'], source: at(4), why: 'compose.yaml:4 declares the "api" process command' },
    { kind: 'server', value: 'uvicorn', source: at(4), why: 'compose.yaml:4 runs uvicorn' },
    { kind: 'app-target', value: 'app.main:app', workdir: '.', interface: 'asgi', origin: 'command', source: at(4), why: 'compose.yaml:4 runs uvicorn with the app "app.main:app"' },
    { kind: 'port', value: 8080, source: at(4), why: 'compose.yaml:4 runs uvicorn on port 8080' },
    { kind: 'bind-host', value: '0.0.0.0', source: at(4), why: 'compose.yaml:4 runs uvicorn bound to 0.0.0.0' },
    { kind: 'port', value: 8080, source: at(6), why: 'compose.yaml:6 publishes container port 8080 of service "api"' },
    { kind: 'datastore', value: 'postgresql', optional: false, source: at(8), why: 'compose.yaml:8 sets DATABASE_URL=postgresql+psycopg://inventory:***@db:5432/inventory for service "api"' },
    { kind: 'datastore', value: 'redis', optional: false, source: at(9), why: 'compose.yaml:9 sets REDIS_URL=redis://cache:6379/0 for service "api"' },
    { kind: 'datastore', value: 'postgresql', optional: false, source: at(15), why: 'compose.yaml:15 runs the "postgres:16-alpine" image as service "db"' },
    { kind: 'datastore', value: 'redis', optional: false, source: at(23), why: 'compose.yaml:23 runs the "redis:7" image as service "cache"' },
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
  assert.match(problem.kind === 'problem' ? problem.message : '', /^compose\.yaml:\d+:\d+: "compose\.yaml" is not valid YAML/);
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
