import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flaskMigrate } from '../../../src/analyze/detectors/flask-migrate.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('runs flask db upgrade with the app module where init_app binds an imported Migrate instance', async () => {
  const project = await fixtureProject('flask-migrate-waitress');
  assert.deepEqual(flaskMigrate.detect(project), [
    { kind: 'migrations', tool: 'flask-migrate', command: ['flask', '--app', 'notes', 'db', 'upgrade'], workdir: '.', source: { file: 'notes/__init__.py', line: 13 }, why: 'sets up Flask-Migrate with the app in "notes", and migrations holds its migrations' },
  ]);
});

test('reads Migrate(app, db) with a custom directory in a single-module app', async () => {
  const project = await tempProject({
    'app.py': 'from flask import Flask\nfrom flask_migrate import Migrate\nfrom db import db\n\napp = Flask(__name__)\nmigrate = Migrate(app, db, directory="db_migrations")\n',
    'db_migrations/env.py': '',
  });
  assert.deepEqual(flaskMigrate.detect(project), [
    { kind: 'migrations', tool: 'flask-migrate', command: ['flask', '--app', 'app', 'db', 'upgrade'], workdir: '.', source: { file: 'app.py', line: 6 }, why: 'sets up Flask-Migrate with the app in "app", and db_migrations holds its migrations' },
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

/** A package whose Migrate() gets a directory computed at runtime, inside an initializer class. */
const RUNTIME_DIRECTORY = {
  'portal/__init__.py': '',
  'portal/ext.py': 'from flask_migrate import Migrate\n\nmigrate = Migrate()\n',
  'portal/boot.py': [
    'import os',
    'from portal.ext import migrate',
    '',
    'HERE = os.path.dirname(__file__)',
    '',
    'class Initializer:',
    '    def setup_db(self, app, db):',
    '        migrate.init_app(app, db=db, directory=HERE + "/migrations")',
    '',
  ].join('\n'),
  'portal/factory.py': 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n',
  'portal/migrations/env.py': 'from flask import current_app\n',
  'portal/migrations/alembic.ini': '[alembic]\n',
  'portal/migrations/versions/0001_init.py': 'revision = "0001"\n',
};

test('finds the migrations folder when directory= is computed at runtime, and names the app Flask can load', async () => {
  const project = await tempProject(RUNTIME_DIRECTORY);
  assert.deepEqual(flaskMigrate.detect(project), [
    {
      kind: 'migrations', tool: 'flask-migrate', command: ['flask', '--app', 'portal.factory:create_app()', 'db', 'upgrade'], workdir: '.', source: { file: 'portal/boot.py', line: 8 },
      why: 'sets up Flask-Migrate for the app "portal.factory:create_app()" (portal/factory.py:3) with a directory computed when the app runs (`HERE + "/migrations"`), and portal/migrations holds an Alembic environment (env.py, versions/)',
    },
  ]);
});

test('runs the db commands through a console script that is a Flask CLI group', async () => {
  const project = await tempProject({
    ...RUNTIME_DIRECTORY,
    'pyproject.toml': '[project]\nname = "portal"\n\n[project.scripts]\nportal-admin = "portal.cli:main"\n',
    'portal/cli.py': 'import click\nfrom flask.cli import FlaskGroup\nfrom portal.factory import create_app\n\n@click.group(cls=FlaskGroup, create_app=create_app)\ndef main():\n    pass\n',
  });
  const facts = flaskMigrate.detect(project);
  assert.deepEqual(facts.map((f) => (f.kind === 'migrations' ? f.command : null)), [['portal-admin', 'db', 'upgrade']]);
  assert.match(facts[0]!.why, /; the console script "portal-admin" \(pyproject\.toml:5\) runs the Flask CLI with the app loaded$/);
});

test('passes --directory when the default migrations folder is missing but an environment sits elsewhere', async () => {
  const project = await tempProject({
    'app.py': 'from flask import Flask\nfrom flask_migrate import Migrate\n\napp = Flask(__name__)\nmigrate = Migrate(app, db)\n',
    'database/migrations/env.py': '',
    'database/migrations/script.py.mako': '',
    'database/migrations/versions/0001_first.py': '',
  });
  assert.deepEqual(flaskMigrate.detect(project).map((f) => (f.kind === 'migrations' ? f.command : f.kind)), [['flask', '--app', 'app', 'db', 'upgrade', '--directory', 'database/migrations']]);
});

test('suggests flask db init only when no folder holds an Alembic environment', async () => {
  const withoutEnvironment = Object.fromEntries(Object.entries(RUNTIME_DIRECTORY).filter(([name]) => !name.includes('migrations/')));
  // env.py alone, with no versions/ folder, is not an environment flask db upgrade can run.
  const project = await tempProject({ ...withoutEnvironment, 'portal/migrations/env.py': '' });
  assert.deepEqual(flaskMigrate.detect(project).map((f) => [f.kind, f.kind === 'problem' ? f.message : null]), [[
    'problem',
    'Flask-Migrate is set up here but no migration environment was found (not in the directory computed by `HERE + "/migrations"`, nor any folder with env.py, alembic.ini or script.py.mako, and versions/), so there is nothing to upgrade. Run `flask db init` and commit the directory.',
  ]]);
});
