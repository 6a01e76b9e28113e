import { test } from 'node:test';
import assert from 'node:assert/strict';
import { celery } from '../../../src/analyze/detectors/celery.ts';
import type { Fact } from '../../../src/model/facts.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

function brief(facts: Fact[]): Array<[string, unknown, string]> {
  return facts.map((f) => [f.kind, 'value' in f ? f.value : null, `${f.source.file}:${f.source.line}`]);
}

test('reads the Celery app, broker, queues, routes, backend and beat schedule of a worker-only project', async () => {
  const project = await fixtureProject('celery-worker-only');
  const at = (line: number) => ({ file: 'tasks/celery_app.py', line });
  assert.deepEqual(celery.detect(project), [
    { kind: 'worker-system', value: 'celery', source: at(7), why: 'tasks/celery_app.py:7 creates a Celery app' },
    { kind: 'celery-app', value: 'tasks.celery_app:app', workdir: '.', source: at(7), why: 'tasks/celery_app.py:7 creates the Celery app "app"' },
    { kind: 'datastore', value: 'redis', optional: false, source: at(9), why: 'tasks/celery_app.py:9 sets the Celery broker (the broker= argument of Celery()) to redis://redis:6379/0' },
    { kind: 'celery-queue', value: 'emails', source: at(13), why: 'tasks/celery_app.py:13 sets task_default_queue to "emails"' },
    { kind: 'celery-queue', value: 'emails', source: at(15), why: 'tasks/celery_app.py:15 declares the Celery queue "emails" in task_queues' },
    { kind: 'celery-queue', value: 'reports', source: at(16), why: 'tasks/celery_app.py:16 declares the Celery queue "reports" in task_queues' },
    { kind: 'celery-queue', value: 'reports', source: at(19), why: 'tasks/celery_app.py:19 routes tasks to the Celery queue "reports" in task_routes' },
    { kind: 'datastore', value: 'redis', optional: false, source: at(21), why: 'tasks/celery_app.py:21 sets the Celery backend (result_backend) to redis://redis:6379/1' },
    { kind: 'celery-beat', source: at(23), why: 'tasks/celery_app.py:23 sets the Celery beat_schedule, which celery beat runs' },
  ]);
});

test('reads CELERY_ settings and django_celery_beat from Django settings', async () => {
  const project = await tempProject({
    'proj/__init__.py': '',
    'proj/celery.py': 'import celery\n\napp = celery.Celery("proj")\napp.config_from_object("django.conf:settings", namespace="CELERY")\n',
    'proj/settings.py': [
      'import os',
      'INSTALLED_APPS = ["django.contrib.admin", "django_celery_beat"]',
      'CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "amqp://guest@rabbit//")',
      'CELERY_TASK_QUEUES = {"default": {}, "priority": {}}',
      'BROKER_URL = "redis://ignored"',
      '',
    ].join('\n'),
    'manage.py': '',
  });
  assert.deepEqual(brief(celery.detect(project)), [
    ['worker-system', 'celery', 'proj/celery.py:3'],
    ['celery-app', 'proj.celery:app', 'proj/celery.py:3'],
    ['datastore', 'rabbitmq', 'proj/settings.py:3'],
    ['celery-queue', 'default', 'proj/settings.py:4'],
    ['celery-queue', 'priority', 'proj/settings.py:4'],
    ['celery-beat', null, 'proj/settings.py:2'],
  ]);
});

test('reads conf.update keywords and add_periodic_task as beat usage', async () => {
  const project = await tempProject({
    'worker.py': [
      'from celery import Celery',
      'app = Celery(__name__, broker="sqs://", backend="rediss://cache:6380/0")',
      'app.conf.update(task_default_queue="jobs", beat_schedule={})',
      '',
      '@app.on_after_configure.connect',
      'def setup(sender, **kwargs):',
      '    sender.add_periodic_task(60.0, ping.s())',
      '',
    ].join('\n'),
  });
  assert.deepEqual(brief(celery.detect(project)), [
    ['worker-system', 'celery', 'worker.py:2'],
    ['celery-app', 'worker:app', 'worker.py:2'],
    ['datastore', 'redis', 'worker.py:2'],
    ['celery-queue', 'jobs', 'worker.py:3'],
    ['celery-beat', null, 'worker.py:7'],
  ]);
});

test('reads django-celery-beat in the requirements as beat usage', async () => {
  const project = await tempProject({ 'requirements.txt': 'celery==5.4.0\ndjango-celery-beat>=2.6\n' });
  assert.deepEqual(brief(celery.detect(project)), [['celery-beat', null, 'requirements.txt:2']]);
});

test('ignores lowercase setting names outside Celery config modules', async () => {
  const project = await tempProject({ 'app/models.py': 'beat_schedule = {"x": 1}\ncelery_thing = 1\n' });
  assert.deepEqual(celery.detect(project), []);
});

test('reads Django-style Celery settings, the beat scheduler and django-celery-beat in a fixture project', async () => {
  const project = await fixtureProject('django-pip-tools-celery-beat');
  assert.deepEqual(brief(celery.detect(project)), [
    ['worker-system', 'celery', 'config/celery.py:7'],
    ['celery-app', 'config.celery:app', 'config/celery.py:7'],
    ['datastore', 'redis', 'config/settings/base.py:50'],
    ['celery-queue', 'default', 'config/settings/base.py:51'],
    ['celery-beat', null, 'config/settings/base.py:52'],
    ['celery-beat', null, 'config/settings/base.py:53'],
    ['celery-beat', null, 'config/settings/base.py:12'],
    ['celery-beat', null, 'requirements.in:3'],
    ['celery-beat', null, 'requirements.txt:38'],
  ]);
});
