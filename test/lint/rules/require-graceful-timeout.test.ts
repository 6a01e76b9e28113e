import rule from '../../../src/lint/rules/require-graceful-timeout.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'uvicorn with a graceful timeout below the grace period',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [uvicorn, app:app, --host, 0.0.0.0, --timeout-graceful-shutdown, "20"]
`,
    },
    {
      name: 'UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN in the environment',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [uvicorn, app:app]
      env:
        - name: UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN
          value: "20"
`,
    },
    {
      name: 'gunicorn’s default 30 s inside a 40 s grace period',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  terminationGracePeriodSeconds: 40
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app]
`,
    },
    {
      name: 'GUNICORN_CMD_ARGS from a ConfigMap may set the graceful timeout',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app]
      env:
        - name: GUNICORN_CMD_ARGS
          valueFrom:
            configMapKeyRef: {name: gunicorn, key: args}
`,
    },
    {
      name: 'a gunicorn config file may set graceful_timeout',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, --config, gunicorn.conf.py, app:app]
`,
    },
  ],
  invalid: [
    {
      name: 'uvicorn without --timeout-graceful-shutdown; the fix adds grace − preStop − margin',
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
          command:
            - uvicorn
            - app.main:app
            - --host
            - 0.0.0.0
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
      errors: [{ messageId: 'uvicornUnbounded', path: 'spec.template.spec.containers[0].command[0]', line: 13 }],
      output: `apiVersion: apps/v1
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
          command:
            - uvicorn
            - app.main:app
            - --host
            - 0.0.0.0
            - --timeout-graceful-shutdown
            - "30"
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
    },
    {
      name: 'an explicit gunicorn --graceful-timeout at the grace period; the fix lowers it',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  terminationGracePeriodSeconds: 30
  containers:
    - name: web
      image: api:1
      args:
        - gunicorn
        - app:app
        - --graceful-timeout=60
`,
      errors: [{ messageId: 'drainAboveGrace', path: 'spec.containers[0].args[2]', line: 13 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  terminationGracePeriodSeconds: 30
  containers:
    - name: web
      image: api:1
      args:
        - gunicorn
        - app:app
        - --graceful-timeout=25
`,
    },
    {
      name: 'gunicorn’s default 30 s against the default 30 s grace period',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - gunicorn
        - app:app
      lifecycle:
        preStop:
          sleep:
            seconds: 5
`,
      errors: [{ messageId: 'defaultDrainAboveGrace', path: 'spec.containers[0].command[0]', line: 10 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - gunicorn
        - app:app
        - --graceful-timeout
        - "20"
      lifecycle:
        preStop:
          sleep:
            seconds: 5
`,
    },
    {
      name: 'a graceful timeout in GUNICORN_CMD_ARGS is reported there without a fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  terminationGracePeriodSeconds: 20
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app]
      env:
        - name: GUNICORN_CMD_ARGS
          value: --graceful-timeout 25
`,
      errors: [{ messageId: 'drainAboveGrace', path: 'spec.containers[0].env[0].value', line: 13 }],
      output: null,
    },
  ],
});
