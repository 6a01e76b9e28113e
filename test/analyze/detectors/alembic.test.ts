import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alembic } from '../../../src/analyze/detectors/alembic.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads script_location from alembic.ini and runs upgrade head from its directory', async () => {
  const project = await fixtureProject('alembic-fastapi-gunicorn');
  assert.deepEqual(alembic.detect(project), [
    { kind: 'migrations', tool: 'alembic', command: ['alembic', 'upgrade', 'head'], workdir: '.', source: { file: 'alembic.ini', line: 2 }, why: 'alembic.ini:2 sets script_location = migrations, and migrations/env.py exists' },
  ]);
});

test('resolves %(here)s and package-resource script locations in a nested alembic.ini', async () => {
  const project = await tempProject({
    'db/alembic.ini': '# database\n[alembic]\nscript_location = %(here)s/versions_env\n',
    'db/versions_env/env.py': 'from alembic import context\n',
    'other/alembic.ini': '[alembic]\nscript_location = app.db:migrations\n',
  });
  assert.deepEqual(alembic.detect(project), [
    { kind: 'migrations', tool: 'alembic', command: ['alembic', 'upgrade', 'head'], workdir: 'db', source: { file: 'db/alembic.ini', line: 3 }, why: 'db/alembic.ini:3 sets script_location = %(here)s/versions_env, and db/versions_env/env.py exists' },
    { kind: 'migrations', tool: 'alembic', command: ['alembic', 'upgrade', 'head'], workdir: 'other', source: { file: 'other/alembic.ini', line: 2 }, why: 'other/alembic.ini:2 sets script_location = app.db:migrations' },
  ]);
});

test('warns about an Alembic env.py that no alembic.ini points at', async () => {
  const project = await tempProject({ 'alembic/env.py': 'from alembic import context\n' });
  const facts = alembic.detect(project);
  assert.deepEqual(facts.map((f) => [f.kind, f.kind === 'problem' ? f.code : null, f.source.file]), [['problem', 'W_ALEMBIC_NO_CONFIG', 'alembic/env.py']]);
});

test('leaves Flask-Migrate environments to the flask-migrate detector', async () => {
  const project = await tempProject({
    'migrations/alembic.ini': '[alembic]\nscript_location = .\n',
    'migrations/env.py': 'from flask import current_app\nfrom alembic import context\n',
  });
  assert.deepEqual(alembic.detect(project), []);
});
