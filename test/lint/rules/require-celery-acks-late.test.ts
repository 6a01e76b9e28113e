import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { check } from '../../../src/lint/index.ts';
import type { AppModel, CeleryModel, Evidence } from '../../../src/model/app.ts';
import rule from '../../../src/lint/rules/require-celery-acks-late.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';
import { REPO_ROOT, testdir } from '../../helpers/project.ts';

const worker = (args: string, env = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          args: ${args}
${env}`;

type Settings = Partial<Pick<CeleryModel, 'taskAcksLate' | 'taskRejectOnWorkerLost' | 'taskCount' | 'taskOptions'>>;

/** A project whose detected Celery configuration says how acknowledgement is set (`at` of each setting's evidence: `file:line` or `default`). */
const project = (settings: Settings, at: { acks?: string; reject?: string } = {}): AppModel => {
  const evidence: Record<string, Evidence[]> = {};
  const ev = (where: string | undefined, why: string): Evidence[] => [{ at: where ?? 'proj/celery.py:5', source: null, why }];
  evidence['celery.taskAcksLate'] = ev(at.acks, 'sets task_acks_late in the test project');
  evidence['celery.taskRejectOnWorkerLost'] = ev(at.reject, 'sets task_reject_on_worker_lost in the test project');
  const celery: CeleryModel = { app: 'proj.celery:app', workdir: '.', beat: false, queues: [], taskAcksLate: null, taskRejectOnWorkerLost: null, taskCount: 0, taskOptions: [], ...settings };
  return { celery, evidence } as unknown as AppModel;
};

const task = (name: string, acksLate?: boolean, rejectOnWorkerLost?: boolean) => ({
  name, source: { file: 'proj/tasks.py', line: 1 }, ...(acksLate === undefined ? {} : { acksLate }), ...(rejectOnWorkerLost === undefined ? {} : { rejectOnWorkerLost }),
});

runRuleTester(rule, {
  valid: [
    { name: 'py2kube generate’s wrapper sets both settings', code: worker('["celery", "-A", "py2kube_celery", "worker"]') },
    { name: 'nothing tells how the app is configured: no guess', code: worker('["celery", "-A", "proj", "worker"]') },
    {
      name: 'both settings on in the environment',
      code: worker('["celery", "-A", "proj", "worker"]', `          env:
            - name: CELERY_TASK_ACKS_LATE
              value: "True"
            - name: CELERY_TASK_REJECT_ON_WORKER_LOST
              value: "true"
`),
    },
    {
      name: 'acks_late on and reject_on_worker_lost unknown: no guess',
      code: worker('["celery", "-A", "proj", "worker"]', `          env:
            - name: CELERY_TASK_ACKS_LATE
              value: "1"
`),
    },
    {
      name: 'the project sets both',
      project: project({ taskAcksLate: true, taskRejectOnWorkerLost: true }),
      code: worker('["celery", "-A", "proj.celery:app", "worker"]'),
    },
    {
      name: 'the project’s settings do not apply to another app',
      project: project({ taskAcksLate: false }),
      code: worker('["celery", "-A", "other.tasks", "worker"]'),
    },
    {
      name: '-A proj loads proj.celery:app, whose project sets both',
      project: project({ taskAcksLate: true, taskRejectOnWorkerLost: true }),
      code: worker('["celery", "-A", "proj", "worker"]'),
    },
    {
      name: 'the project reads the settings from the environment (unknown) and the manifest sets none: no guess',
      project: project({ taskAcksLate: null, taskRejectOnWorkerLost: null }),
      code: worker('["celery", "-A", "proj", "worker"]'),
    },
    {
      name: 'the project’s own value wins over an env variable it does not read',
      project: project({ taskAcksLate: true, taskRejectOnWorkerLost: true }),
      code: worker('["celery", "-A", "proj", "worker"]', `          env:
            - name: CELERY_TASK_ACKS_LATE
              value: "false"
`),
    },
    {
      name: 'the app default is off but every task sets acks_late and reject_on_worker_lost itself',
      project: project({ taskAcksLate: false, taskRejectOnWorkerLost: false, taskCount: 2, taskOptions: [task('a', true, true), task('b', true, true)] }, { acks: 'default', reject: 'default' }),
      code: worker('["celery", "-A", "proj", "worker"]'),
    },
    { name: 'beat acknowledges nothing', code: worker('["celery", "-A", "proj", "beat"]', '') },
  ],
  invalid: [
    {
      name: 'acks_late turned off in the environment',
      code: worker('["celery", "-A", "proj", "worker"]', `          env:
            - name: CELERY_TASK_ACKS_LATE
              value: "false"
`),
      errors: [{ messageId: 'acksLateOff', path: 'spec.template.spec.containers[0].env[0].value', line: 14 }],
      output: null,
    },
    {
      name: 'reject_on_worker_lost turned off in the environment',
      code: worker('["celery", "-A", "proj", "worker"]', `          env:
            - name: CELERY_TASK_ACKS_LATE
              value: "true"
            - name: CELERY_TASK_REJECT_ON_WORKER_LOST
              value: "0"
`),
      errors: [{ messageId: 'rejectOff', path: 'spec.template.spec.containers[0].env[1].value', line: 16 }],
    },
    {
      name: 'with --project, the project’s Celery configuration tells',
      project: project({ taskAcksLate: false }),
      code: worker('["celery", "-A", "proj.celery:app", "worker"]'),
      errors: [{ messageId: 'acksLateOff', path: 'spec.template.spec.containers[0].args[2]', line: 11 }],
      output: null,
    },
    {
      name: 'with --project, reject_on_worker_lost missing from the project',
      project: project({ taskAcksLate: true, taskRejectOnWorkerLost: false }, { reject: 'default' }),
      code: worker('["celery", "--app=proj.celery:app", "worker"]'),
      errors: [{ messageId: 'rejectOff', path: 'spec.template.spec.containers[0].args[1]', line: 11 }],
    },
    {
      name: '-A proj, and the project sets nothing: Celery’s default is off',
      project: project({ taskAcksLate: false, taskRejectOnWorkerLost: false }, { acks: 'default', reject: 'default' }),
      code: worker('["celery", "-A", "proj", "worker"]'),
      errors: [{ messageId: 'acksLateOff', path: 'spec.template.spec.containers[0].args[2]', line: 11 }],
    },
    {
      name: 'without -A, the finding points at the worker subcommand, not at a path that contains "worker"',
      project: project({ taskAcksLate: false }),
      code: worker('["celery", "--workdir", "/srv/worker", "worker", "--loglevel", "INFO"]'),
      errors: [{ messageId: 'acksLateOff', path: 'spec.template.spec.containers[0].args[3]', line: 11 }],
    },
    {
      name: 'some tasks set acks_late, others do not: the app default still applies to them',
      project: project({ taskAcksLate: false, taskCount: 2, taskOptions: [task('a', true, true)] }, { acks: 'default' }),
      code: worker('["celery", "-A", "proj", "worker"]'),
      errors: [{ messageId: 'acksLateOff', path: 'spec.template.spec.containers[0].args[2]', line: 11 }],
    },
    {
      name: 'the project reads acks_late from the environment and the manifest turns it off',
      project: project({ taskAcksLate: null }),
      code: worker('["celery", "-A", "proj", "worker"]', `          env:
            - name: CELERY_TASK_ACKS_LATE
              value: "false"
`),
      errors: [{ messageId: 'acksLateOff', path: 'spec.template.spec.containers[0].env[0].value', line: 14 }],
    },
  ],
});

// End to end: `py2kube check --project DIR` reads the settings with `detect` from a real project.

const WORKER = worker('["celery", "-A", "proj", "worker", "--max-tasks-per-child", "200"]');

/** A Django-style project (`proj/celery.py`) with the given extra files, and the findings of this rule on a `celery -A proj worker` Deployment. */
async function checkProject(files: Record<string, string>, manifest = WORKER): Promise<Array<{ messageId: string; path: string | undefined; message: string }>> {
  const dir = testdir({
    'pyproject.toml': '[project]\nname = "proj"\nversion = "1.0"\ndependencies = ["celery[redis]>=5.4"]\n',
    'proj/__init__.py': 'from .celery import app as celery_app\n',
    'deploy/worker.yaml': manifest,
    ...files,
  });
  const result = await check(['deploy/worker.yaml'], { cwd: dir, projectDir: '.', rules: [rule] });
  return result.findings.filter((f) => f.rule === rule.id).map((f) => ({ messageId: f.messageId, path: f.path, message: f.message }));
}

test('check --project: a project that sets task_acks_late and task_reject_on_worker_lost is not flagged', async () => {
  const findings = await checkProject({
    'proj/celery.py': 'from celery import Celery\n\napp = Celery("proj")\napp.conf.update(task_acks_late=True, task_reject_on_worker_lost=True)\n',
  });
  assert.deepEqual(findings, []);
});

test('check --project: task_acks_late=False in the config module is flagged with its file:line', async () => {
  const findings = await checkProject({
    'proj/celery.py': 'from celery import Celery\n\napp = Celery("proj")\napp.config_from_object("proj.celeryconfig")\n',
    'proj/celeryconfig.py': 'broker_url = "redis://redis:6379/0"\ntask_acks_late = False\n',
  });
  assert.deepEqual(findings.map((f) => [f.messageId, f.path]), [['acksLateOff', 'spec.template.spec.containers[0].args[2]']]);
  assert.match(findings[0]!.message, /task_acks_late off \(proj\/celeryconfig\.py:2: sets task_acks_late=False in the Celery config module\)/);
});

test('check --project: nothing setting task_acks_late is flagged as not set, with Celery’s default', async () => {
  const findings = await checkProject({
    'proj/celery.py': 'from celery import Celery\n\napp = Celery("proj", broker="redis://redis:6379/0")\n',
  });
  assert.deepEqual(findings.map((f) => f.messageId), ['acksLateOff']);
  assert.match(findings[0]!.message, /task_acks_late not set in the project: the Celery app "app" \(proj\/celery\.py:3\) sets no task_acks_late and loads no configuration, so Celery's default applies: off/);
});

test('check --project: settings read from the environment are unknown and not reported', async () => {
  const findings = await checkProject({
    'proj/celery.py': 'import os\nfrom celery import Celery\n\napp = Celery("proj")\napp.conf.task_acks_late = os.environ.get("ACKS_LATE") == "1"\n',
  });
  assert.deepEqual(findings, []);
});

test('check --project: acks_late on in Django settings but reject_on_worker_lost unset (examples/blog-django)', async () => {
  const dir = testdir({ 'worker.yaml': worker('["celery", "-A", "config", "worker"]') });
  const result = await check([path.join(dir, 'worker.yaml')], { cwd: REPO_ROOT, projectDir: 'examples/blog-django', rules: [rule] });
  const findings = result.findings.filter((f) => f.rule === rule.id);
  assert.deepEqual(findings.map((f) => f.messageId), ['rejectOff']);
  assert.match(findings[0]!.message, /task_reject_on_worker_lost not set in the project: neither the Celery app "app" \(config\/celery\.py:12\) nor the Django settings config\/settings\.py it loads/);
});

test('check --project: examples/shop-fastapi sets both in conf.update(), so its worker passes', async () => {
  const dir = testdir({ 'worker.yaml': worker('["celery", "-A", "shop.worker:celery_app", "worker"]') });
  const result = await check([path.join(dir, 'worker.yaml')], { cwd: REPO_ROOT, projectDir: 'examples/shop-fastapi', rules: [rule] });
  assert.deepEqual(result.findings.filter((f) => f.rule === rule.id), []);
});
