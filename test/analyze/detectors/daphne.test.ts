import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daphne } from '../../../src/analyze/detectors/daphne.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads daphne in INSTALLED_APPS and the ASGI_APPLICATION it serves', async () => {
  const project = await tempProject({
    'manage.py': '',
    'chat/settings.py': 'INSTALLED_APPS = [\n    "daphne",\n    "django.contrib.staticfiles",\n]\nASGI_APPLICATION = "chat.asgi.application"\n',
  });
  assert.deepEqual(daphne.detect(project), [
    { kind: 'server', value: 'daphne', source: { file: 'chat/settings.py', line: 1 }, why: "installs the daphne app, which serves the project's ASGI application" },
    { kind: 'app-target', value: 'chat.asgi:application', workdir: '.', interface: 'asgi', origin: 'settings', source: { file: 'chat/settings.py', line: 5 }, why: 'sets ASGI_APPLICATION to "chat.asgi.application"' },
  ]);
});

test('reads daphne from a Channels project', async () => {
  const project = await fixtureProject('django-asgi-channels');
  assert.deepEqual(daphne.detect(project).map((f) => [f.kind, 'value' in f ? f.value : null, `${f.source.file}:${f.source.line}`]), [
    ['server', 'daphne', 'chat_site/settings.py:11'],
    ['app-target', 'chat_site.asgi:application', 'chat_site/settings.py:31'],
  ]);
});
