import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flaskMigrate } from '../../../src/analyze/detectors/flask-migrate.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('runs flask db upgrade with the app module where init_app binds an imported Migrate instance', async () => {
  const project = await fixtureProject('flask-migrate-waitress');
  assert.deepEqual(flaskMigrate.detect(project), [
    { kind: 'migrations', tool: 'flask-migrate', command: ['flask', '--app', 'notes', 'db', 'upgrade'], workdir: '.', source: { file: 'notes/__init__.py', line: 13 }, why: 'notes/__init__.py:13 sets up Flask-Migrate with the app in "notes" and migrations holds its migrations' },
  ]);
});

test('reads Migrate(app, db) with a custom directory in a single-module app', async () => {
  const project = await tempProject({
    'app.py': 'from flask import Flask\nfrom flask_migrate import Migrate\nfrom db import db\n\napp = Flask(__name__)\nmigrate = Migrate(app, db, directory="db_migrations")\n',
    'db_migrations/env.py': '',
  });
  assert.deepEqual(flaskMigrate.detect(project), [
    { kind: 'migrations', tool: 'flask-migrate', command: ['flask', '--app', 'app', 'db', 'upgrade'], workdir: '.', source: { file: 'app.py', line: 6 }, why: 'app.py:6 sets up Flask-Migrate with the app in "app" and db_migrations holds its migrations' },
  ]);
});

test('falls back to plain flask db upgrade when the app is never bound in code', async () => {
  const project = await tempProject({ 'ext.py': 'import flask_migrate\nmigrate = flask_migrate.Migrate()\n', 'migrations/alembic.ini': '[alembic]\n' });
  assert.deepEqual(flaskMigrate.detect(project).map((f) => (f.kind === 'migrations' ? f.command : null)), [['flask', 'db', 'upgrade']]);
});

test('says so when flask db init has not been run', async () => {
  const project = await tempProject({ 'app.py': 'from flask_migrate import Migrate\nmigrate = Migrate(app, db)\n' });
  assert.deepEqual(flaskMigrate.detect(project).map((f) => [f.kind, f.kind === 'problem' ? f.code : null, f.source.line]), [['problem', 'I_FLASK_MIGRATE_NO_DIRECTORY', 2]]);
});
