import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerfile, pythonVersionOfImage } from '../../../src/analyze/detectors/dockerfile.ts';
import type { Fact } from '../../../src/model/facts.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

function kinds(facts: Fact[], ...wanted: Fact['kind'][]): Fact[] {
  return facts.filter((f) => wanted.includes(f.kind));
}

test('reads the Python version, exposed port and shell-form CMD of a FastAPI image', async () => {
  const project = await fixtureProject('compose-uvicorn-fastapi');
  const at = (line: number) => ({ file: 'Dockerfile', line });
  assert.deepEqual(dockerfile.detect(project), [
    { kind: 'python-version', value: '3.11', origin: 'dockerfile', source: at(1), why: 'builds from the "python:3.11-slim" image' },
    { kind: 'port', value: 8080, source: at(8), why: 'exposes port 8080' },
    { kind: 'command', process: 'web', argv: ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '8080'], source: at(9), why: 'declares the "web" process command' },
    { kind: 'server', value: 'uvicorn', source: at(9), why: 'runs uvicorn' },
    { kind: 'app-target', value: 'app.main:app', workdir: '.', interface: 'asgi', origin: 'command', source: at(9), why: 'runs uvicorn with the app "app.main:app"' },
    { kind: 'port', value: 8080, source: at(9), why: 'runs uvicorn on port 8080' },
    { kind: 'bind-host', value: '0.0.0.0', source: at(9), why: 'runs uvicorn bound to 0.0.0.0' },
  ]);
});

test('combines an exec-form ENTRYPOINT with CMD arguments as Docker does', async () => {
  const project = await tempProject({ Dockerfile: 'FROM python:3.12\nENTRYPOINT ["gunicorn", "--bind", "0.0.0.0:8000"]\nCMD ["config.wsgi"]\n' });
  const facts = dockerfile.detect(project);
  assert.deepEqual(kinds(facts, 'command', 'app-target'), [
    { kind: 'command', process: 'web', argv: ['gunicorn', '--bind', '0.0.0.0:8000', 'config.wsgi'], source: { file: 'Dockerfile', line: 2 }, why: 'declares the "web" process command' },
    { kind: 'app-target', value: 'config.wsgi', workdir: '.', interface: 'wsgi', origin: 'command', source: { file: 'Dockerfile', line: 2 }, why: 'runs gunicorn with the app "config.wsgi"' },
  ]);
});

test('reads the CMD behind an entrypoint script', async () => {
  const project = await tempProject({ Dockerfile: 'FROM python:3.12\nENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["celery", "-A", "proj", "worker"]\n' });
  const facts = dockerfile.detect(project);
  assert.deepEqual(kinds(facts, 'command', 'celery-app'), [
    { kind: 'command', process: 'worker', argv: ['./docker-entrypoint.sh', 'celery', '-A', 'proj', 'worker'], source: { file: 'Dockerfile', line: 3 }, why: 'declares the "worker" process command' },
    { kind: 'celery-app', value: 'proj', workdir: '.', source: { file: 'Dockerfile', line: 3 }, why: 'runs celery -A proj' },
  ]);
});

test('reads the port a shell-form CMD takes from ENV', async () => {
  const project = await tempProject({ Dockerfile: 'FROM python:3.12-slim\nENV PORT=9000\nCMD gunicorn -b 0.0.0.0:$PORT app:app\n' });
  const facts = dockerfile.detect(project);
  assert.deepEqual(kinds(facts, 'command', 'port'), [
    { kind: 'command', process: 'web', argv: ['/bin/sh', '-c', 'gunicorn -b 0.0.0.0:$PORT app:app'], source: { file: 'Dockerfile', line: 3 }, why: 'declares the "web" process command' },
    { kind: 'port', value: 9000, source: { file: 'Dockerfile', line: 3 }, why: 'runs gunicorn on port 9000' },
  ]);
});

test('reads migrations and the server from a sh -c chain', async () => {
  const project = await tempProject({ Dockerfile: 'FROM python:3.12-slim\nCMD ["sh", "-c", "alembic upgrade head && exec uvicorn app.main:app --host 0.0.0.0"]\n' });
  const facts = dockerfile.detect(project);
  assert.deepEqual(kinds(facts, 'migrations', 'server'), [
    { kind: 'migrations', tool: 'alembic', command: ['alembic', 'upgrade', 'head'], workdir: '.', source: { file: 'Dockerfile', line: 2 }, why: 'runs alembic upgrade' },
    { kind: 'server', value: 'uvicorn', source: { file: 'Dockerfile', line: 2 }, why: 'runs uvicorn' },
  ]);
});

test('uses the final stage of a multi-stage build and the stages it inherits from', async () => {
  const project = await tempProject({
    'docker/Dockerfile': 'ARG PY=3.13\nFROM python:${PY}-slim AS base\nCMD ["python", "-m", "http.server"]\nFROM base AS runtime\nEXPOSE 8000\nFROM node:20 AS assets\nCMD ["npm", "start"]\nFROM runtime\nCMD ["hypercorn", "-b", "0.0.0.0:8000", "app:app"]\n',
  });
  const facts = dockerfile.detect(project);
  assert.deepEqual(kinds(facts, 'python-version', 'port').map((f) => [f.kind, 'value' in f ? f.value : null, f.source.line]), [
    ['python-version', '3.13', 2],
    ['port', 8000, 5],
    ['port', 8000, 9],
  ]);
  assert.deepEqual(kinds(facts, 'server').map((f) => f.source), [{ file: 'docker/Dockerfile', line: 9 }]);
});

test('skips Dockerfiles for development', async () => {
  const project = await tempProject({ 'Dockerfile.dev': 'FROM python:3.12\nCMD flask run\n', 'worker.Dockerfile': 'FROM python:3.12\nCMD rq worker\n' });
  assert.deepEqual(kinds(dockerfile.detect(project), 'command').map((f) => f.source.file), ['worker.Dockerfile']);
});

test('reports a broken instruction and a malformed exec form as problems', async () => {
  const project = await tempProject({ Dockerfile: 'FROM python:3.12\nRUNN pip install .\nCMD ["gunicorn", "app:app"\n' });
  const facts = dockerfile.detect(project);
  assert.deepEqual(facts.map((f) => [f.kind, f.source.line, f.kind === 'problem' ? f.code : null]), [
    ['problem', 2, 'W_DOCKERFILE_SYNTAX'],
    ['python-version', 1, null],
    ['problem', 3, 'W_DOCKERFILE_SYNTAX'],
  ]);
  // The location is the source's to show, so the message starts with what is wrong.
  assert.match(facts[0]?.kind === 'problem' ? facts[0].message : '', /^Unknown instruction "RUNN" \(column 1\)/);
});

test('reads Python versions from python and uv image tags only', () => {
  assert.equal(pythonVersionOfImage('python:3.12-slim'), '3.12');
  assert.equal(pythonVersionOfImage('docker.io/library/python:3.11.9-slim-bookworm@sha256:abc'), '3.11.9');
  assert.equal(pythonVersionOfImage('ghcr.io/astral-sh/uv:python3.13-bookworm-slim'), '3.13');
  assert.equal(pythonVersionOfImage('python:latest'), null);
  assert.equal(pythonVersionOfImage('node:20'), null);
  assert.equal(pythonVersionOfImage('localhost:5000/python'), null);
});

test('names a batch script that runs no server "main" and reads no server facts from it', async () => {
  const project = await fixtureProject('etl-script-no-framework');
  assert.deepEqual(dockerfile.detect(project), [
    { kind: 'python-version', value: '3.12', origin: 'dockerfile', source: { file: 'Dockerfile', line: 1 }, why: 'builds from the "python:3.12-slim" image' },
    { kind: 'command', process: 'main', argv: ['python', '-m', 'etl.run'], source: { file: 'Dockerfile', line: 6 }, why: 'declares the "main" process command' },
  ]);
});

test('reads a HEALTHCHECK URL as a health endpoint and the port the app answers on', async () => {
  const project = await tempProject({ Dockerfile: 'FROM python:3.12-slim\nENV APP_PORT=8088\nHEALTHCHECK --interval=30s CMD curl -f "http://localhost:${APP_PORT}/health" || exit 1\nCMD ["python", "-m", "shop"]\n' });
  const why = "the image's health check requests http://localhost:8088/health";
  assert.deepEqual(kinds(dockerfile.detect(project), 'endpoint', 'port'), [
    { kind: 'endpoint', path: '/health', role: 'health', source: { file: 'Dockerfile', line: 3 }, why },
    { kind: 'port', value: 8088, source: { file: 'Dockerfile', line: 3 }, why },
  ]);
});

test('follows CMD into a script copied into the image and names the process after it', async () => {
  const project = await tempProject({
    Dockerfile: 'FROM python:3.12-slim\nENV FLASK_APP="shop.app:create_app()"\nCOPY docker/run-server.sh /usr/bin/\nCMD ["/usr/bin/run-server.sh"]\n',
    'docker/run-server.sh': '#!/usr/bin/env bash\ngunicorn --bind "0.0.0.0:${PORT:-8088}" "${FLASK_APP}"\n',
  });
  const facts = dockerfile.detect(project);
  assert.deepEqual(kinds(facts, 'command', 'app-target', 'port').map((f) => [f.kind, f.kind === 'command' ? f.process : 'value' in f ? f.value : null, `${f.source.file}:${f.source.line}`]), [
    ['command', 'web', 'Dockerfile:4'],
    ['app-target', 'shop.app:create_app()', 'docker/run-server.sh:2'],
    ['port', 8088, 'docker/run-server.sh:2'],
  ]);
});

test('reads what an entrypoint script does before running the CMD', async () => {
  const project = await tempProject({
    Dockerfile: 'FROM python:3.12-slim\nENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["gunicorn", "config.wsgi"]\n',
    'docker-entrypoint.sh': '#!/bin/sh\nset -e\npython manage.py migrate --noinput\nexec "$@"\n',
  });
  const facts = dockerfile.detect(project);
  assert.deepEqual(kinds(facts, 'command', 'migrations', 'server').map((f) => [f.kind, f.kind === 'command' ? f.process : null, `${f.source.file}:${f.source.line}`]), [
    ['command', 'web', 'Dockerfile:3'],
    ['migrations', null, 'docker-entrypoint.sh:3'],
    ['server', null, 'Dockerfile:3'],
  ]);
});

test('reads the deployed stage when the last one is built for CI or development', async () => {
  const project = await tempProject({
    Dockerfile: 'FROM python:3.12-slim AS lean\nCMD ["gunicorn", "shop.app:app"]\nFROM lean AS dev\nCMD ["flask", "run"]\nFROM lean AS ci\nCMD ["pytest"]\n',
  });
  assert.deepEqual(kinds(dockerfile.detect(project), 'command').map((f) => f.source.line), [2]);
});
