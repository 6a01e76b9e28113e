import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../../src/analyze/index.ts';
import { toDetectJson } from '../../src/analyze/detect-json.ts';
import { testdir } from '../helpers/project.ts';

test('detect --json shows the Celery acknowledgement settings, the tasks that set their own, and the evidence', async () => {
  const dir = testdir({
    'pyproject.toml': '[project]\nname = "proj"\nversion = "1.0"\ndependencies = ["celery[redis]>=5.4"]\n',
    'proj/__init__.py': 'from .celery import app as celery_app\n',
    'proj/celery.py': [
      'import os',
      'from celery import Celery',
      '',
      'app = Celery("proj", broker="redis://redis:6379/0")',
      'app.conf.update(task_acks_late=True, task_reject_on_worker_lost=os.environ.get("REJECT") == "1")',
      '',
    ].join('\n'),
    'proj/tasks.py': [
      'from celery import shared_task',
      '',
      '@shared_task',
      'def plain(): ...',
      '',
      '@shared_task(acks_late=True, reject_on_worker_lost=True)',
      'def careful(): ...',
      '',
    ].join('\n'),
  });
  const json = toDetectJson((await detect(dir)).model);
  assert.deepEqual(json.celery, {
    app: 'proj.celery:app',
    beat: false,
    queues: [],
    workdir: '.',
    taskAcksLate: true,
    taskRejectOnWorkerLost: null,
    taskCount: 2,
    taskOptions: [{ name: 'careful', at: 'proj/tasks.py:6', acksLate: true, rejectOnWorkerLost: true }],
  });
  assert.deepEqual(json.evidence['celery.taskAcksLate'], [{ at: 'proj/celery.py:5', why: 'sets task_acks_late=True in app.conf.update()' }]);
  assert.deepEqual(json.evidence['celery.taskRejectOnWorkerLost'], [{ at: 'proj/celery.py:5', why: 'sets task_reject_on_worker_lost in app.conf.update() from the environment (os.environ.get("REJECT") == "1"), so only the running app knows it' }]);
  assert.deepEqual(json.evidence['celery.taskOptions']?.map((e) => e.at), ['proj/tasks.py:6']);
});

test('detect --json says where Celery’s default applies when nothing sets a setting', async () => {
  const dir = testdir({
    'requirements.txt': 'celery==5.6.3\n',
    'worker.py': 'from celery import Celery\n\napp = Celery("worker", broker="redis://redis:6379/0")\n\n@app.task\ndef ping(): ...\n',
  });
  const json = toDetectJson((await detect(dir)).model);
  assert.equal(json.celery?.taskAcksLate, false);
  assert.equal(json.celery?.taskCount, 1);
  assert.deepEqual(json.evidence['celery.taskAcksLate'], [{ at: 'default', why: 'the Celery app "app" (worker.py:3) sets no task_acks_late and loads no configuration, so Celery\'s default applies: off' }]);
});
