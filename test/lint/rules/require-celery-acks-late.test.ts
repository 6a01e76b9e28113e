import type { AppModel } from '../../../src/model/app.ts';
import rule from '../../../src/lint/rules/require-celery-acks-late.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

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

/** A project whose detected Celery configuration says how acknowledgement is set. */
const project = (settings: { taskAcksLate?: boolean | null; taskRejectOnWorkerLost?: boolean | null }): AppModel =>
  ({ celery: { app: 'proj.celery:app', workdir: '.', beat: false, queues: [], ...settings } }) as unknown as AppModel;

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
      project: project({ taskAcksLate: true, taskRejectOnWorkerLost: false }),
      code: worker('["celery", "--app=proj.celery:app", "worker"]'),
      errors: [{ messageId: 'rejectOff', path: 'spec.template.spec.containers[0].args[1]', line: 11 }],
    },
  ],
});
