import rule from '../../../src/lint/rules/no-eventlet-worker.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -k, gevent, --worker-connections, "1000"]
`,
    {
      name: 'eventlet elsewhere than gunicorn’s worker class',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker, -P, eventlet, -c, "100"]
`,
    },
  ],
  invalid: [
    {
      name: '-k eventlet',
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
          command: [gunicorn, app:app, -k, eventlet, -w, "1"]
`,
      errors: [{ messageId: 'eventletWorker', path: 'spec.template.spec.containers[0].command[3]', line: 11 }],
      output: null,
    },
    {
      name: 'the full class path in GUNICORN_CMD_ARGS',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [gunicorn, app:app]
      env:
        - name: GUNICORN_CMD_ARGS
          value: "--worker-class gunicorn.workers.geventlet.EventletWorker"
`,
      errors: [{ messageId: 'eventletWorker', path: 'spec.containers[0].env[0].value', line: 12 }],
    },
  ],
});
