import rule from '../../../src/lint/rules/no-workers-above-cpu.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: '2 × 500m + 1 = 2 workers, as py2kube generates',
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
        requests: {cpu: 500m}
`,
    },
    {
      name: 'the limit counts as the request when only a limit is set',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, --workers=5]
      resources:
        limits: {cpu: "2"}
`,
    },
    {
      name: 'no CPU request: require-resource-requests reports that',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -w, "16"]
`,
    },
    {
      name: 'thread and greenlet pools run in one process',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker, -P, gevent, -c, "100"]
      resources:
        requests: {cpu: 250m}
`,
    },
    {
      name: 'tolerance allows a few more',
      options: { tolerance: 2 },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [uvicorn, app:app, --workers, "4"]
      resources:
        requests: {cpu: 500m}
`,
    },
  ],
  invalid: [
    {
      name: '8 gunicorn workers on half a CPU',
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
          command:
            - gunicorn
            - app:app
            - -w
            - "8"
          resources:
            requests:
              cpu: 500m
`,
      errors: [{ messageId: 'tooManyWorkers', path: 'spec.template.spec.containers[0].command[3]', line: 15 }],
      output: null,
    },
    {
      name: 'the CPU-bound option allows one process per CPU',
      options: { workload: 'cpu' },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker, --concurrency, "4"]
      resources:
        requests:
          cpu: "2"
`,
      errors: [{ messageId: 'tooManyWorkers', path: 'spec.containers[0].command[5]' }],
    },
    {
      name: 'WEB_CONCURRENCY and GUNICORN_CMD_ARGS are read',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: image-cmd
      image: api:1
      env:
        - name: WEB_CONCURRENCY
          value: "4"
      resources:
        requests: {cpu: 250m}
    - name: gunicorn
      image: api:1
      command: [gunicorn, app:app]
      env:
        - name: GUNICORN_CMD_ARGS
          value: --bind=0.0.0.0:8000 --workers=6
      resources:
        requests: {cpu: 1}
`,
      errors: [
        { messageId: 'tooManyWorkers', path: 'spec.containers[0].env[0].value', line: 11 },
        { messageId: 'tooManyWorkers', path: 'spec.containers[1].env[0].value', line: 19 },
      ],
    },
    {
      name: 'the server after a migration in sh -c is the one counted',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [sh, -c, "python manage.py migrate --noinput && exec gunicorn shop.wsgi -w 6"]
      resources:
        requests: {cpu: 1}
`,
      errors: [{ messageId: 'tooManyWorkers', path: 'spec.containers[0].command[2]', line: 9 }],
    },
  ],
});
