import { test } from 'node:test';
import assert from 'node:assert/strict';
import { celeryAcks, celeryTargetLoads } from '../../../src/analyze/detectors/celery-acks.ts';
import type { Fact } from '../../../src/model/facts.ts';
import { tempProject } from '../../helpers/project.ts';

/** `[setting, value, origin, name, file:line]` of each celery-setting fact. */
function settings(facts: Fact[]): Array<[string, boolean | null, string, string | null, string]> {
  return facts.flatMap((f) => (f.kind === 'celery-setting' ? [[f.setting, f.value, f.origin, f.name, `${f.source.file}:${f.source.line}`] as [string, boolean | null, string, string | null, string]] : []));
}

function tasks(facts: Fact[]): Array<Record<string, unknown>> {
  return facts.flatMap((f) => (f.kind === 'celery-task' ? [{ name: f.name, at: `${f.source.file}:${f.source.line}`, ...('acksLate' in f ? { acksLate: f.acksLate } : {}), ...('rejectOnWorkerLost' in f ? { rejectOnWorkerLost: f.rejectOnWorkerLost } : {}) }] : []));
}

const celeryApp = (...lines: string[]): string => ['from celery import Celery', '', ...lines, ''].join('\n');

test('reads both settings from app.conf.update() keywords, with the line of each value', async () => {
  const project = await tempProject({
    'shop/__init__.py': '',
    'shop/worker.py': celeryApp(
      'celery_app = Celery("shop", broker="redis://redis:6379/0")',
      'celery_app.conf.update(',
      '    task_serializer="json",',
      '    task_acks_late=True,',
      '    task_reject_on_worker_lost=True,',
      ')',
    ),
  });
  const facts = celeryAcks.detect(project);
  assert.deepEqual(settings(facts), [
    ['task_acks_late', true, 'app', 'task_acks_late', 'shop/worker.py:6'],
    ['task_reject_on_worker_lost', true, 'app', 'task_reject_on_worker_lost', 'shop/worker.py:7'],
  ]);
  const first = facts[0]!;
  assert.equal(first.kind === 'celery-setting' && first.app, 'shop.worker:celery_app');
  assert.equal(first.why, 'sets task_acks_late=True in app.conf.update()');
});

test('reads Celery() keywords, conf attributes and conf items, the last write winning', async () => {
  const project = await tempProject({
    'proj/__init__.py': '',
    'proj/celery.py': celeryApp(
      'app = Celery("proj", task_acks_late=True)',
      'app.conf.task_acks_late = False',
      'app.conf["task_reject_on_worker_lost"] = True',
    ),
  });
  assert.deepEqual(settings(celeryAcks.detect(project)), [
    ['task_acks_late', false, 'app', 'task_acks_late', 'proj/celery.py:4'],
    ['task_reject_on_worker_lost', true, 'app', 'task_reject_on_worker_lost', 'proj/celery.py:5'],
  ]);
});

test('reads a config module given to config_from_object, old uppercase names included', async () => {
  const project = await tempProject({
    'celeryconfig.py': 'broker_url = "redis://redis"\nCELERY_ACKS_LATE = True\ntask_reject_on_worker_lost = 1\n',
    'worker.py': celeryApp('app = Celery("worker")', 'app.config_from_object("celeryconfig")'),
  });
  const facts = celeryAcks.detect(project);
  assert.deepEqual(settings(facts), [
    ['task_acks_late', true, 'config-source', 'CELERY_ACKS_LATE', 'celeryconfig.py:2'],
    ['task_reject_on_worker_lost', true, 'config-source', 'task_reject_on_worker_lost', 'celeryconfig.py:3'],
  ]);
  assert.equal(facts[0]!.why, 'sets CELERY_ACKS_LATE=True in the Celery config module');
});

test('what code sets on the app wins over its config module, as in Celery', async () => {
  const project = await tempProject({
    'proj/__init__.py': '',
    'proj/celeryconfig.py': 'task_acks_late = False\ntask_reject_on_worker_lost = False\n',
    'proj/celery.py': celeryApp('app = Celery("proj")', 'app.conf.update(task_acks_late=True)', 'app.config_from_object("proj.celeryconfig")'),
  });
  assert.deepEqual(settings(celeryAcks.detect(project)), [
    ['task_acks_late', true, 'app', 'task_acks_late', 'proj/celery.py:4'],
    ['task_reject_on_worker_lost', false, 'config-source', 'task_reject_on_worker_lost', 'proj/celeryconfig.py:2'],
  ]);
});

test('reads Django settings through DJANGO_SETTINGS_MODULE and namespace="CELERY", following star imports', async () => {
  const project = await tempProject({
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")\n',
    'config/__init__.py': 'from .celery import app as celery_app\n',
    'config/celery.py': [
      'import os',
      'from celery import Celery',
      'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")',
      'app = Celery("config")',
      'app.config_from_object("django.conf:settings", namespace="CELERY")',
      '',
    ].join('\n'),
    'config/settings/__init__.py': '',
    'config/settings/base.py': 'import environ\nenv = environ.Env()\nCELERY_TASK_ACKS_LATE = True\ntask_reject_on_worker_lost = True\n',
    'config/settings/production.py': 'from .base import *  # noqa\n\nCELERY_TASK_REJECT_ON_WORKER_LOST = env.bool("CELERY_TASK_REJECT_ON_WORKER_LOST", default=True)\n',
    'config/settings/local.py': 'from .base import *\nCELERY_TASK_ACKS_LATE = False\n',
  });
  const facts = celeryAcks.detect(project);
  assert.deepEqual(settings(facts), [
    ['task_acks_late', true, 'config-source', 'CELERY_TASK_ACKS_LATE', 'config/settings/base.py:3'],
    // A lowercase name is not a Django setting; the environment decides the rest.
    ['task_reject_on_worker_lost', null, 'config-source', 'CELERY_TASK_REJECT_ON_WORKER_LOST', 'config/settings/production.py:3'],
  ]);
  assert.match(facts[1]!.why, /^sets CELERY_TASK_REJECT_ON_WORKER_LOST in the Django settings the app reads with namespace "CELERY" from the environment \(env\.bool\(/);
});

test('without a namespace, Django settings are read by their pre-4.0 names only', async () => {
  const project = await tempProject({
    'proj/__init__.py': '',
    'proj/settings.py': 'CELERY_TASK_ACKS_LATE = True\nCELERY_REJECT_ON_WORKER_LOST = True\n',
    'proj/celery.py': 'import os\nfrom celery import Celery\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\napp = Celery("proj")\napp.config_from_object("django.conf:settings")\n',
  });
  assert.deepEqual(settings(celeryAcks.detect(project)), [
    ['task_acks_late', false, 'default', null, 'proj/celery.py:4'],
    ['task_reject_on_worker_lost', true, 'config-source', 'CELERY_REJECT_ON_WORKER_LOST', 'proj/settings.py:2'],
  ]);
});

test('a value read from the environment is unknown, not off', async () => {
  const project = await tempProject({
    'worker.py': celeryApp(
      'import os',
      'app = Celery("worker")',
      'app.conf.task_acks_late = os.environ.get("ACKS_LATE", "true").lower() == "true"',
      'app.conf.task_reject_on_worker_lost = os.getenv("REJECT") or False',
    ),
  });
  const facts = celeryAcks.detect(project);
  assert.deepEqual(settings(facts).map(([s, v, o]) => [s, v, o]), [['task_acks_late', null, 'app'], ['task_reject_on_worker_lost', null, 'app']]);
  assert.match(facts[0]!.why, /from the environment/);
});

test('nothing set gives Celery’s default, off, pointing at the app and saying where py2kube looked', async () => {
  const project = await tempProject({
    'tasks/__init__.py': '',
    'tasks/celery_app.py': celeryApp('app = Celery("tasks", broker="redis://redis:6379/0")', 'app.conf.task_default_queue = "emails"'),
  });
  const facts = celeryAcks.detect(project);
  assert.deepEqual(settings(facts), [
    ['task_acks_late', false, 'default', null, 'tasks/celery_app.py:3'],
    ['task_reject_on_worker_lost', false, 'default', null, 'tasks/celery_app.py:3'],
  ]);
  assert.equal(facts[0]!.why, 'the Celery app "app" (tasks/celery_app.py:3) sets no task_acks_late and loads no configuration, so Celery\'s default applies: off');
});

test('configuration py2kube cannot read makes the settings unknown, unless set after it', async () => {
  const project = await tempProject({
    'a/__init__.py': '',
    'a/worker.py': celeryApp('from a.settings import CELERY', 'app = Celery("a")', 'app.conf.update(CELERY)', 'app.conf.update(task_acks_late=True)'),
    'a/settings.py': 'CELERY = {"task_acks_late": False}\n',
    'b/__init__.py': '',
    'b/worker.py': celeryApp('import os', 'app = Celery("b")', 'app.config_from_envvar("CELERY_CONFIG_MODULE")'),
    'c/__init__.py': '',
    'c/worker.py': celeryApp('from c import conf', 'app = Celery("c", **conf.CELERY_OPTIONS)'),
    'c/conf.py': 'CELERY_OPTIONS = {}\n',
  });
  const byApp = (app: string) => celeryAcks.detect(project).filter((f) => f.kind === 'celery-setting' && f.app === app).map((f) => [f.kind === 'celery-setting' && f.value, f.why]);
  assert.deepEqual(byApp('a.worker:app'), [
    [true, 'sets task_acks_late=True in app.conf.update()'],
    [null, 'updates the Celery configuration with CELERY, which py2kube cannot read'],
  ]);
  assert.deepEqual(byApp('b.worker:app').map(([v]) => v), [null, null]);
  assert.match(String(byApp('b.worker:app')[0]![1]), /config_from_envvar/);
  assert.deepEqual(byApp('c.worker:app').map(([v]) => v), [null, null]);
});

test('a setting under a condition is unknown unless both branches agree', async () => {
  const project = await tempProject({
    'celeryconfig.py': [
      'import os',
      'task_acks_late = True',
      'task_reject_on_worker_lost = True',
      'if os.environ.get("ENV") == "dev":',
      '    task_acks_late = False',
      'else:',
      '    task_reject_on_worker_lost = True',
      '',
    ].join('\n'),
    'worker.py': celeryApp('app = Celery("worker", config_source="celeryconfig")'),
  });
  assert.deepEqual(settings(celeryAcks.detect(project)), [
    ['task_acks_late', null, 'config-source', 'task_acks_late', 'celeryconfig.py:5'],
    ['task_reject_on_worker_lost', true, 'config-source', 'task_reject_on_worker_lost', 'celeryconfig.py:3'],
  ]);
});

test('reads a config class, and an imported config module object', async () => {
  const project = await tempProject({
    'proj/__init__.py': '',
    'proj/config.py': 'class CeleryConfig:\n    task_acks_late = True\n    task_reject_on_worker_lost = False\n',
    'proj/celery.py': celeryApp('from proj.config import CeleryConfig', 'app = Celery("proj")', 'app.config_from_object(CeleryConfig)'),
    'other/__init__.py': '',
    'other/celeryconfig.py': 'task_acks_late = False\n',
    'other/worker.py': celeryApp('from other import celeryconfig', 'app = Celery("other")', 'app.config_from_object(celeryconfig)'),
  });
  assert.deepEqual(settings(celeryAcks.detect(project)), [
    ['task_acks_late', false, 'config-source', 'task_acks_late', 'other/celeryconfig.py:1'],
    ['task_reject_on_worker_lost', false, 'default', null, 'other/worker.py:4'],
    ['task_acks_late', true, 'config-source', 'task_acks_late', 'proj/config.py:2'],
    ['task_reject_on_worker_lost', false, 'config-source', 'task_reject_on_worker_lost', 'proj/config.py:3'],
  ]);
});

test('settings on another Celery app of the project are not this app’s', async () => {
  const project = await tempProject({
    'one.py': celeryApp('app = Celery("one")', 'app.conf.task_acks_late = True'),
    'two.py': celeryApp('from one import app as first', 'app = Celery("two")', 'first.conf.task_reject_on_worker_lost = True'),
  });
  const facts = celeryAcks.detect(project).filter((f) => f.kind === 'celery-setting');
  assert.deepEqual(facts.map((f) => f.kind === 'celery-setting' && [f.app, f.setting, f.value, f.origin]), [
    ['one:app', 'task_acks_late', true, 'app'],
    ['one:app', 'task_reject_on_worker_lost', true, 'app'],
    ['two:app', 'task_acks_late', false, 'default'],
    ['two:app', 'task_reject_on_worker_lost', false, 'default'],
  ]);
});

test('records every task with the acknowledgement options it sets itself', async () => {
  const project = await tempProject({
    'proj/__init__.py': '',
    'proj/celery.py': celeryApp('app = Celery("proj")'),
    'proj/base.py': 'from celery import Task\n\nclass LateTask(Task):\n    acks_late = True\n    reject_on_worker_lost = True\n',
    'proj/tasks.py': [
      'import os',
      'from celery import shared_task',
      'from proj.base import LateTask',
      'from proj.celery import app',
      '',
      '@app.task',
      'def plain(): ...',
      '',
      '@app.task(bind=True, acks_late=True, reject_on_worker_lost=os.environ.get("R") == "1")',
      'def late(self): ...',
      '',
      '@shared_task(acks_late=False)',
      'def early(): ...',
      '',
      '@app.task(base=LateTask)',
      'def inherited(): ...',
      '',
    ].join('\n'),
    'tests/test_tasks.py': 'from proj.celery import app\n\n@app.task(acks_late=True)\ndef only_in_tests(): ...\n',
  });
  assert.deepEqual(tasks(celeryAcks.detect(project)), [
    { name: 'plain', at: 'proj/tasks.py:6' },
    { name: 'late', at: 'proj/tasks.py:9', acksLate: true, rejectOnWorkerLost: null },
    { name: 'early', at: 'proj/tasks.py:12', acksLate: false },
    { name: 'inherited', at: 'proj/tasks.py:15', acksLate: true, rejectOnWorkerLost: true },
  ]);
});

test('celery -A finds the app in the module, as module.attribute, and in a package’s celery submodule', () => {
  assert.equal(celeryTargetLoads('proj', 'proj.celery:app'), true);
  assert.equal(celeryTargetLoads('proj.celery', 'proj.celery:app'), true);
  assert.equal(celeryTargetLoads('proj.celery:app', 'proj.celery:app'), true);
  assert.equal(celeryTargetLoads('proj.celery.app', 'proj.celery:app'), true);
  assert.equal(celeryTargetLoads('shop.worker', 'shop.worker:celery_app'), true);
  assert.equal(celeryTargetLoads('proj.celery:other', 'proj.celery:app'), false);
  assert.equal(celeryTargetLoads('other.tasks', 'proj.celery:app'), false);
  assert.equal(celeryTargetLoads('proj.tasks', 'proj.celery:app'), false);
});
