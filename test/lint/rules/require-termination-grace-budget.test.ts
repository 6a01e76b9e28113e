import rule from '../../../src/lint/rules/require-termination-grace-budget.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'py2kube’s budget: 5 s preStop + 25 s graceful timeout + 10 s margin = 40 s',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 40
      containers:
        - name: web
          image: api:1
          command: [gunicorn, app:app, --graceful-timeout, "25"]
          lifecycle:
            preStop:
              sleep: {seconds: 5}
`,
    },
    {
      name: 'Hypercorn’s 3 s default fits in the default 30 s with an exec sleep',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [hypercorn, app:app, --bind, 0.0.0.0:8000]
      lifecycle:
        preStop:
          exec: {command: [sleep, "10"]}
`,
    },
    {
      name: 'a gunicorn config file may set the graceful timeout',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, -c, gunicorn.conf.py, app:app]
      lifecycle:
        preStop:
          sleep: {seconds: 5}
`,
    },
    {
      name: 'a drain at least as long as the grace period is require-graceful-timeout’s finding',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app]
`,
    },
    {
      name: 'Celery workers are left to require-celery-worker-grace',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          command: [celery, -A, proj, worker, --concurrency, "2"]
`,
    },
  ],
  invalid: [
    {
      name: 'preStop sleep + graceful timeout + margin exceed the grace period; the fix raises it',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: web
          image: api:1
          command:
            - gunicorn
            - app:app
            - --graceful-timeout
            - "25"
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
      errors: [{ messageId: 'budgetTooShort', path: 'spec.template.spec.terminationGracePeriodSeconds', line: 8 }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 35
      containers:
        - name: web
          image: api:1
          command:
            - gunicorn
            - app:app
            - --graceful-timeout
            - "25"
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
    },
    {
      name: 'no grace period written: the default 30 s is too short for a 10 s preStop and a 20 s drain',
      options: { marginSeconds: 10 },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args:
        - uvicorn
        - app:app
        - --timeout-graceful-shutdown
        - "20"
      lifecycle:
        preStop:
          sleep:
            seconds: 10
`,
      errors: [{ messageId: 'budgetTooShort', path: 'spec.terminationGracePeriodSeconds', line: 5 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args:
        - uvicorn
        - app:app
        - --timeout-graceful-shutdown
        - "20"
      lifecycle:
        preStop:
          sleep:
            seconds: 10
  terminationGracePeriodSeconds: 40
`,
    },
  ],
});
