import rule from '../../../src/lint/rules/require-memory-for-workers.ts';
import type { AppModel } from '../../../src/model/app.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const mlProject = { name: 'ml', mlHeavy: true, mlPackages: ['torch'], port: 8000 } as unknown as AppModel;

runRuleTester(rule, {
  valid: [
    {
      name: '2 × 160Mi + 64Mi master fits in 512Mi, as py2kube generates',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      env:
        - name: WEB_CONCURRENCY
          value: "2"
      resources:
        limits: {memory: 512Mi}
`,
    },
    {
      name: 'a single uvicorn process has no supervisor to count',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [uvicorn, app:app, --host, 0.0.0.0]
      resources:
        limits: {memory: 160Mi}
`,
    },
    {
      name: 'no memory limit or an unknown count: other rules decide',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -w, "9"]
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker]
      resources:
        limits: {memory: 128Mi}
`,
    },
    {
      name: 'a smaller per-worker estimate through options',
      options: { perWorkerMemory: '100Mi', masterMemory: '50Mi' },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -w, "4"]
      resources:
        limits: {memory: 450Mi}
`,
    },
  ],
  invalid: [
    {
      name: '4 gunicorn workers in 256Mi',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          command: [gunicorn, app:app, -w, "4"]
          resources:
            limits:
              memory: 256Mi
`,
      errors: [{ messageId: 'limitBelowWorkers', path: 'spec.template.spec.containers[0].resources.limits.memory', line: 14 }],
      output: null,
    },
    {
      name: 'an ML project (--project) needs 1.5Gi per worker',
      project: mlProject,
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -w, "2", -k, uvicorn_worker.UvicornWorker]
      resources:
        limits:
          memory: 2Gi
`,
      errors: [{ messageId: 'limitBelowWorkers', path: 'spec.containers[0].resources.limits.memory', line: 12 }],
    },
    {
      name: 'a Celery worker with 8 processes in decimal units',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker, -c, "8"]
      resources:
        limits:
          memory: 1G
`,
      errors: [{ messageId: 'limitBelowWorkers', path: 'spec.containers[0].resources.limits.memory' }],
    },
  ],
});
