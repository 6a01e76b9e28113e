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

test('prefers the function that registers the routes of a bare module-level app and returns it', async () => {
  const project = await tempProject({
    'board/__init__.py': '',
    'board/web.py': [
      'from flask import Flask',
      '',
      'app = Flask(__name__)',
      'app.config["X"] = 1',
      '',
      'def assemble(settings=None):',
      '    from board.views import pages',
      '    app.register_blueprint(pages)',
      '',
      '    @app.route("/ping")',
      '    def ping():',
      '        return "ok"',
      '',
      '    return app',
      '',
    ].join('\n'),
  });
  const targets = flask.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets.map((f) => [f.value, f.source.line, f.why]), [
    ['board.web:assemble()', 6, 'defines `assemble()`, which registers the routes of the Flask app `app` (board/web.py:3) and returns it, while nothing registers routes on `app` at module level'],
    ['board.web:app', 3, 'board/web.py:3 assigns Flask() to `app`'],
  ]);
});

test('keeps a module-level app whose routes are registered at module level in another module', async () => {
  const project = await tempProject({
    'board/__init__.py': '',
    'board/web.py': 'from flask import Flask\n\napp = Flask(__name__)\n\ndef configured():\n    app.add_url_rule("/x", view_func=lambda: "")\n    return app\n',
    'board/views.py': 'from board.web import app\n\n@app.route("/")\ndef index():\n    return "ok"\n',
  });
  assert.deepEqual(flask.detect(project).filter((f) => f.kind === 'app-target').map((f) => ('value' in f ? f.value : null)), ['board.web:app']);
});

test('says so instead of choosing when the function that registers the routes needs arguments', async () => {
  const project = await tempProject({
    'web.py': 'from flask import Flask\n\napp = Flask(__name__)\n\ndef wire(store):\n    @app.get("/")\n    def index():\n        return store.title\n    return app\n',
  });
  const facts = flask.detect(project);
  assert.deepEqual(facts.map((f) => [f.kind, f.kind === 'app-target' ? f.value : f.kind === 'problem' ? f.code : null]), [
    ['framework', null],
    ['app-target', 'web:app'],
    ['problem', 'I_FLASK_ROUTES_IN_FUNCTION'],
  ]);
  assert.deepEqual(facts[2], {
    kind: 'problem',
    level: 'info',
    code: 'I_FLASK_ROUTES_IN_FUNCTION',
    message: 'The Flask app "web:app" gets its routes only when `wire()` runs, and wire() cannot run without arguments (`store` has no default), so a server given "web:app" or "web:wire()" would not serve the app\'s pages. Set app = "module:callable" to what your server should load, or start the app through its own entry point.',
    configKey: 'app',
    source: { file: 'web.py', line: 5 },
    why: 'registers the routes of `app` inside a function that cannot be called without arguments',
  });
});

test('takes a None default that the function dereferences unchecked as a required argument', async () => {
  const files = (body: string) => ({ 'web.py': `from flask import Flask\n\napp = Flask(__name__)\n\ndef wire(config=None):\n${body}    @app.get("/")\n    def index():\n        return ""\n    return app\n` });
  const targets = async (body: string) => flask.detect(await tempProject(files(body))).flatMap((f) => (f.kind === 'app-target' ? [f.value] : f.kind === 'problem' ? [f.code] : []));
  assert.deepEqual(await targets('    app.secret_key = config["secret"]\n'), ['web:app', 'I_FLASK_ROUTES_IN_FUNCTION']);
  assert.deepEqual(await targets('    app.debug = config.get("debug") if config else False\n'), ['web:wire()', 'web:app']);
  assert.deepEqual(await targets('    config = config or {}\n    app.secret_key = config["secret"]\n'), ['web:wire()', 'web:app']);
});
