import rule from '../../../src/lint/rules/no-gunicorn-localhost-bind.ts';
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
      command: ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
`,
    {
      name: 'PORT in the environment makes gunicorn bind 0.0.0.0:$PORT',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: ["gunicorn", "app:app"]
      env:
        - name: PORT
          value: "8000"
`,
    },
    {
      name: 'a bind in GUNICORN_CMD_ARGS counts',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: ["uv", "run", "gunicorn", "app:app"]
      env:
        - name: GUNICORN_CMD_ARGS
          value: "--bind=0.0.0.0:9000 --workers 3"
`,
    },
    {
      name: 'a config file may set the bind where the manifest cannot show it',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: ["gunicorn", "-c", "gunicorn.conf.py", "app:app"]
`,
    },
    {
      name: 'containers that do not say what they run are not judged',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'an explicit loopback bind inside sh -c',
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
            - "python manage.py collectstatic --noinput && exec gunicorn shop.wsgi -b 127.0.0.1:8000"
`,
      errors: [{ messageId: 'loopbackBind', path: 'spec.template.spec.containers[0].args[0]', line: 13 }],
      output: null,
    },
    {
      name: 'the server after a migration step in sh -c is the one judged',
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
          command: ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn shop.wsgi --bind 127.0.0.1:8000"]
`,
      errors: [{ messageId: 'loopbackBind', path: 'spec.template.spec.containers[0].command[2]', line: 11 }],
      output: null,
    },
    {
      name: 'no bind at all means 127.0.0.1:8000',
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
        - --workers=3
`,
      errors: [{ messageId: 'defaultBind', path: 'spec.containers[0].command[0]', line: 10 }],
    },
  ],
});
