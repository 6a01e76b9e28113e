import rule from '../../../src/lint/rules/no-shell-wrapper.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'the exec form',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
`,
    },
    {
      name: 'a script that ends with exec',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: ["/bin/sh", "-c"]
      args:
        - |
          python manage.py collectstatic --noinput
          exec gunicorn shop.wsgi --bind 0.0.0.0:8000
`,
    },
    {
      name: 'a script that traps SIGTERM itself',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [bash, -c, "trap 'kill -TERM $PID' TERM; gunicorn app:app & PID=$!; wait $PID"]
`,
    },
    {
      name: 'Jobs and init containers run to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait
          image: busybox:1
          command: [sh, -c, "until nc -z db 5432; do sleep 1; done"]
      containers:
        - name: migrate
          image: api:1
          command: [sh, -c, "python manage.py migrate --noinput"]
`,
    },
  ],
  invalid: [
    {
      name: 'a migration chained before the server without exec',
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
          command: ["sh", "-c"]
          args:
            - "python manage.py migrate && gunicorn shop.wsgi --bind 0.0.0.0:8000"
`,
      errors: [{ messageId: 'shellWithoutExec', path: 'spec.template.spec.containers[0].args[0]', line: 13 }],
      output: null,
    },
    {
      name: 'a single command wrapped in bash -c',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command:
        - /bin/bash
        - -c
        - celery -A proj worker --concurrency 2
`,
      errors: [{ messageId: 'shellWithoutExec', path: 'spec.containers[0].command[2]', line: 12 }],
    },
    {
      name: 'background processes and wait without a trap',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [sh, -c, "celery -A proj worker & gunicorn app:app & wait"]
`,
      errors: [{ messageId: 'backgroundedServer', path: 'spec.containers[0].command[2]' }],
    },
  ],
});
