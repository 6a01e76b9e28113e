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
    { kind: 'worker-system', value: 'celery', source: at(7), why: 'creates a Celery app' },
    { kind: 'celery-app', value: 'tasks.celery_app:app', workdir: '.', source: at(7), why: 'creates the Celery app "app" and configures it in the same module' },
    { kind: 'datastore', value: 'redis', optional: false, source: at(9), why: 'sets the Celery broker (the broker= argument of Celery()) to redis://redis:6379/0' },
    { kind: 'celery-queue', value: 'emails', source: at(13), why: 'sets task_default_queue to "emails"' },
    { kind: 'celery-queue', value: 'emails', source: at(15), why: 'declares the Celery queue "emails" in task_queues' },
    { kind: 'celery-queue', value: 'reports', source: at(16), why: 'declares the Celery queue "reports" in task_queues' },
    { kind: 'celery-queue', value: 'reports', source: at(19), why: 'routes tasks to the Celery queue "reports" in task_routes' },
    { kind: 'datastore', value: 'redis', optional: false, source: at(21), why: 'sets the Celery backend (result_backend) to redis://redis:6379/1' },
    { kind: 'celery-beat', source: at(23), why: 'sets the Celery beat_schedule, which celery beat runs' },
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

test('prefers a module that re-binds the app for the worker over a bare placeholder Celery()', async () => {
  const project = await tempProject({
    'portal/__init__.py': '',
    'portal/extensions.py': 'import celery\n\ncelery_app = celery.Celery()\n',
    'portal/setup.py': 'from portal.extensions import celery_app\n\ndef init(app):\n    celery_app.config_from_object(app.config["CELERY"])\n',
    'portal/tasks/__init__.py': '',
    'portal/tasks/worker.py': 'from portal import create_app\nfrom portal.extensions import celery_app\n\nflask_app = create_app()\napp = celery_app\n',
  });
  assert.deepEqual(celery.detect(project).filter((f) => f.kind === 'celery-app'), [
    {
      kind: 'celery-app', value: 'portal.tasks.worker:app', workdir: '.', source: { file: 'portal/tasks/worker.py', line: 5 },
      why: 'binds "app" to the Celery app "celery_app" from portal.extensions, so `celery -A portal.tasks.worker:app` loads it through this module',
    },
    {
      kind: 'celery-app', value: 'portal.extensions:celery_app', workdir: '.', source: { file: 'portal/extensions.py', line: 3 },
      why: 'creates the Celery app "celery_app" with a bare Celery() that this module never configures, so it only works once other code has configured it',
    },
  ]);
});

test('ranks an app configured in its own module before a bare one in an earlier file', async () => {
  const project = await tempProject({
    'a_ext.py': 'from celery import Celery\nplaceholder = Celery()\n',
    'b_worker.py': 'from celery import Celery\nworker = Celery("b")\nworker.conf.broker_url = "redis://cache:6379/0"\n',
  });
  assert.deepEqual(celery.detect(project).flatMap((f) => (f.kind === 'celery-app' ? [f.value] : [])), ['b_worker:worker', 'a_ext:placeholder']);
});

test('reads the beat schedule and queues from a Celery config class body', async () => {
  const project = await tempProject({
    'app/__init__.py': '',
    'app/defaults.py': [
      'from kombu import Queue',
      '',
      'class CeleryConfig:',
      '    broker_url = "redis://redis:6379/0"',
      '    task_queues = (Queue("reports"),)',
      '    beat_schedule = {"prune": {"task": "prune", "schedule": 3600}}',
      '',
      'class Unrelated:',
      '    beat_schedule = {"x": 1}',
      '',
    ].join('\n'),
  });
  assert.deepEqual(brief(celery.detect(project)), [
    ['datastore', 'redis', 'app/defaults.py:4'],
    ['celery-queue', 'reports', 'app/defaults.py:5'],
    ['celery-beat', null, 'app/defaults.py:6'],
  ]);
});
