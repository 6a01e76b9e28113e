import { test } from 'node:test';
import assert from 'node:assert/strict';
import { djangoMigrations } from '../../../src/analyze/detectors/django-migrations.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('runs manage.py migrate from the directory of manage.py when an app has migrations', async () => {
  const project = await tempProject({
    'src/manage.py': 'import sys\n',
    'src/shop/migrations/0001_initial.py': 'from django.db import migrations\n',
    'src/shop/migrations/__init__.py': '',
    'templates/starter/manage.py': '',
  });
  assert.deepEqual(djangoMigrations.detect(project), [
    { kind: 'migrations', tool: 'django', command: ['python', 'manage.py', 'migrate', '--noinput'], workdir: 'src', source: { file: 'src/shop/migrations/0001_initial.py', line: 0 }, why: 'src/shop/migrations/0001_initial.py is a Django migration, applied with src/manage.py migrate' },
  ]);
});

test('finds nothing when no app has migrations yet', async () => {
  const project = await tempProject({ 'manage.py': '', 'shop/models.py': '' });
  assert.deepEqual(djangoMigrations.detect(project), []);
});

test('finds nothing without manage.py', async () => {
  const project = await tempProject({ 'shop/migrations/0001_initial.py': '' });
  assert.deepEqual(djangoMigrations.detect(project), []);
});

test('reads the migrations of a Django fixture project', async () => {
  const project = await fixtureProject('django-pip-tools-celery-beat');
  assert.deepEqual(djangoMigrations.detect(project), [
    { kind: 'migrations', tool: 'django', command: ['python', 'manage.py', 'migrate', '--noinput'], workdir: '.', source: { file: 'orders/migrations/0001_initial.py', line: 0 }, why: 'orders/migrations/0001_initial.py is a Django migration, applied with manage.py migrate' },
  ]);
});
