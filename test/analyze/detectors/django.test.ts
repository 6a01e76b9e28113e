import { test } from 'node:test';
import assert from 'node:assert/strict';
import { django } from '../../../src/analyze/detectors/django.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('follows manage.py to split settings for the WSGI target, database and cache', async () => {
  const project = await fixtureProject('django-pip-tools-celery-beat');
  assert.deepEqual(django.detect(project), [
    {
      kind: 'framework', value: 'django', interface: 'wsgi', source: { file: 'manage.py', line: 7 },
      why: 'manage.py:7 sets DJANGO_SETTINGS_MODULE to config.settings.production, and without ASGI_APPLICATION it is served as a WSGI application',
    },
    {
      kind: 'app-target', value: 'config.wsgi:application', workdir: '.', framework: 'django', interface: 'wsgi', origin: 'settings',
      source: { file: 'config/settings/base.py', line: 33 }, why: 'config/settings/base.py:33 sets WSGI_APPLICATION to "config.wsgi.application"',
    },
    {
      kind: 'datastore', value: 'redis', optional: false, source: { file: 'config/settings/production.py', line: 10 },
      why: 'config/settings/production.py:10 configures CACHES with django.core.cache.backends.redis.RedisCache',
    },
    {
      kind: 'datastore', value: 'postgresql', optional: false, source: { file: 'config/settings/base.py', line: 37 },
      why: 'config/settings/base.py:37 configures DATABASES with django.db.backends.postgresql',
    },
  ]);
});

test('serves a Channels project through ASGI_APPLICATION and reads URL and channel-layer backends', async () => {
  const project = await fixtureProject('django-asgi-channels');
  const settings = (line: number) => ({ file: 'chat_site/settings.py', line });
  assert.deepEqual(django.detect(project), [
    {
      kind: 'framework', value: 'django', interface: 'asgi', source: { file: 'manage.py', line: 6 },
      why: 'manage.py:6 sets DJANGO_SETTINGS_MODULE to chat_site.settings, and ASGI_APPLICATION (chat_site/settings.py:31) makes it an ASGI application',
    },
    {
      kind: 'app-target', value: 'chat_site.asgi:application', workdir: '.', framework: 'django', interface: 'asgi', origin: 'settings',
      source: settings(31), why: 'chat_site/settings.py:31 sets ASGI_APPLICATION to "chat_site.asgi.application"',
    },
    {
      kind: 'app-target', value: 'chat_site.wsgi:application', workdir: '.', framework: 'django', interface: 'wsgi', origin: 'settings',
      source: settings(30), why: 'chat_site/settings.py:30 sets WSGI_APPLICATION to "chat_site.wsgi.application"',
    },
    { kind: 'datastore', value: 'postgresql', optional: false, source: settings(34), why: 'chat_site/settings.py:34 configures DATABASES with a postgres:// URL' },
    { kind: 'datastore', value: 'redis', optional: false, source: settings(39), why: 'chat_site/settings.py:39 configures CHANNEL_LAYERS with channels_redis.core.RedisChannelLayer' },
  ]);
});

test('runs the target from the folder that holds manage.py', async () => {
  const project = await tempProject({
    'backend/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")\n',
    'backend/site_config/__init__.py': '',
    'backend/site_config/settings.py': 'WSGI_APPLICATION = "site_config.wsgi.application"\nDATABASES = {"default": {"ENGINE": "django.db.backends.mysql"}}\n',
  });
  const facts = django.detect(project);
  assert.deepEqual(facts.filter((f) => f.kind === 'app-target').map((f) => [f.value, f.workdir]), [['site_config.wsgi:application', 'backend']]);
  assert.deepEqual(facts.filter((f) => f.kind === 'datastore').map((f) => [f.value, f.source]), [['mysql', { file: 'backend/site_config/settings.py', line: 2 }]]);
});

test('reads literal defaults of dj_database_url and django-environ, and ignores sqlite', async () => {
  const project = await tempProject({
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n',
    'proj/__init__.py': '',
    'proj/settings.py': [
      'import environ',
      'env = environ.Env()',
      'WSGI_APPLICATION = "proj.wsgi.application"',
      'DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///db.sqlite3")}',
      'DATABASES["replica"] = env.db("REPLICA_URL", default="postgresql+psycopg://u:secret@db/app")',
      'CACHES = {"default": env.cache("CACHE_URL", default="rediss://cache:6380/0")}',
      '',
    ].join('\n'),
  });
  const datastores = django.detect(project).filter((f) => f.kind === 'datastore');
  assert.deepEqual(datastores.map((f) => [f.value, f.source.line, f.why]), [
    ['postgresql', 5, 'proj/settings.py:5 configures DATABASES with a postgresql:// URL'],
    ['redis', 6, 'proj/settings.py:6 configures CACHES with a rediss:// URL'],
  ]);
});

test('falls back to get_wsgi_application() when the settings name no application', async () => {
  const project = await tempProject({
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
    'mysite/__init__.py': '',
    'mysite/settings.py': 'INSTALLED_APPS = []\n',
    'mysite/wsgi.py': 'from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n',
  });
  const targets = django.detect(project).filter((f) => f.kind === 'app-target');
  assert.deepEqual(targets, [
    {
      kind: 'app-target', value: 'mysite.wsgi:application', workdir: '.', framework: 'django', interface: 'wsgi', origin: 'code',
      source: { file: 'mysite/wsgi.py', line: 3 }, why: 'mysite/wsgi.py:3 assigns get_wsgi_application() to `application`',
    },
  ]);
});

test('finds settings without DJANGO_SETTINGS_MODULE and survives a broken settings file', async () => {
  const project = await tempProject({
    'proj/__init__.py': '',
    'proj/settings/__init__.py': '',
    'proj/settings/base.py': 'INSTALLED_APPS = [\nWSGI_APPLICATION = "proj.wsgi.application"\n',
    'proj/settings/prod.py': 'from .base import *\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n',
  });
  const facts = django.detect(project);
  assert.deepEqual(facts.map((f) => [f.kind, f.source]), [
    ['framework', { file: 'proj/settings/base.py', line: 0 }],
    ['datastore', { file: 'proj/settings/prod.py', line: 2 }],
  ]);
});

test('finds nothing in a project without Django code', async () => {
  const project = await tempProject({ 'main.py': 'print("hello")\n' });
  assert.deepEqual(django.detect(project), []);
});
