import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flask } from '../../../src/analyze/detectors/flask.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('finds a Flask factory in the package __init__', async () => {
  const project = await fixtureProject('flask-app-factory');
  const at = { file: 'notes/__init__.py', line: 6 };
  assert.deepEqual(flask.detect(project), [
    { kind: 'framework', value: 'flask', interface: 'wsgi', source: at, why: 'notes/__init__.py:6 defines `create_app()`, which returns a Flask app, and Flask apps are WSGI applications' },
    { kind: 'app-target', value: 'notes:create_app()', workdir: '.', framework: 'flask', interface: 'wsgi', origin: 'code', source: at, why: 'notes/__init__.py:6 defines `create_app()`, which returns a Flask app' },
  ]);
});

test('finds the Flask app next to a FastAPI app in a project that declares both', async () => {
  const project = await fixtureProject('two-frameworks');
  const at = { file: 'admin/app.py', line: 3 };
  assert.deepEqual(flask.detect(project), [
    { kind: 'framework', value: 'flask', interface: 'wsgi', source: at, why: 'admin/app.py:3 assigns Flask() to `app`, and Flask apps are WSGI applications' },
    { kind: 'app-target', value: 'admin.app:app', workdir: '.', framework: 'flask', interface: 'wsgi', origin: 'code', source: at, why: 'admin/app.py:3 assigns Flask() to `app`' },
  ]);
});

test('reads flask.Flask(__name__) and prefers wsgi.py over the factory module', async () => {
  const project = await tempProject({
    'portal/__init__.py': 'import flask\n\ndef make_app():\n    return flask.Flask(__name__)\n',
    'wsgi.py': 'from portal import make_app\n\napplication = make_app()\n',
  });
  const targets = flask.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => [f.value, f.source]), [
    ['wsgi:application', { file: 'wsgi.py', line: 3 }],
    ['portal:make_app()', { file: 'portal/__init__.py', line: 3 }],
  ]);
});

test('does not take a Blueprint for the app', async () => {
  const project = await tempProject({ 'views.py': 'from flask import Blueprint\n\nbp = Blueprint("views", __name__)\n' });
  assert.deepEqual(flask.detect(project), []);
});

test('does not take a Flask app mounted into a FastAPI app for a target', async () => {
  const project = await tempProject({
    'legacy.py': 'from flask import Flask\n\nlegacy_app = Flask(__name__)\n',
    'main.py': 'from fastapi import FastAPI\nfrom fastapi.middleware.wsgi import WSGIMiddleware\nfrom legacy import legacy_app\n\napp = FastAPI()\napp.mount("/legacy", WSGIMiddleware(legacy_app))\n',
  });
  assert.deepEqual(flask.detect(project), []);
});

test('does not take an app created in a test helper or a docs example', async () => {
  const project = await tempProject({
    'tests/conftest.py': 'from flask import Flask\napp = Flask(__name__)\n',
    'docs/example.py': 'from flask import Flask\napp = Flask(__name__)\n',
    'test_views.py': 'from flask import Flask\napp = Flask(__name__)\n',
  });
  assert.deepEqual(flask.detect(project), []);
});
