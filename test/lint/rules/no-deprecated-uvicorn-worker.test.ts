import rule from '../../../src/lint/rules/no-deprecated-uvicorn-worker.ts';
import type { AppModel } from '../../../src/model/app.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const projectWithout = { name: 'api', dependencies: [{ name: 'gunicorn', specifier: '', group: 'runtime' }, { name: 'uvicorn', specifier: '', group: 'runtime' }] } as unknown as AppModel;

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
      command: [gunicorn, app.main:app, -k, uvicorn_worker.UvicornWorker]
`,
    {
      name: 'gunicorn’s own asgi worker',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app.main:app, --worker-class, asgi]
`,
    },
  ],
  invalid: [
    {
      name: 'a plain args list; the fix renames the class',
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
          args:
            - gunicorn
            - app.main:app
            - -k
            - uvicorn.workers.UvicornWorker
`,
      errors: [{ messageId: 'deprecatedWorker', path: 'spec.template.spec.containers[0].args[3]', line: 15 }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          args:
            - gunicorn
            - app.main:app
            - -k
            - uvicorn_worker.UvicornWorker
`,
    },
    {
      name: 'in GUNICORN_CMD_ARGS',
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
        - app.main:app
      env:
        - name: GUNICORN_CMD_ARGS
          value: --worker-class=uvicorn.workers.UvicornH11Worker --workers=2
`,
      errors: [{ messageId: 'deprecatedWorker', path: 'spec.containers[0].env[0].value', line: 14 }],
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
        - app.main:app
      env:
        - name: GUNICORN_CMD_ARGS
          value: --worker-class=uvicorn_worker.UvicornH11Worker --workers=2
`,
    },
    {
      name: 'no fix when the project (--project) lacks the uvicorn-worker package',
      project: projectWithout,
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - sh
        - -c
        - exec gunicorn app.main:app -k uvicorn.workers.UvicornWorker
`,
      errors: [{ messageId: 'deprecatedWorkerMissingPackage', path: 'spec.containers[0].command[2]', line: 12 }],
      output: null,
    },
    {
      name: 'inside sh -c the class is rewritten in the script',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - /bin/sh
        - -c
        - python manage.py migrate && exec gunicorn proj.asgi:application -k uvicorn.workers.UvicornWorker
`,
      errors: [{ messageId: 'deprecatedWorker', path: 'spec.containers[0].command[2]', line: 12 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - /bin/sh
        - -c
        - python manage.py migrate && exec gunicorn proj.asgi:application -k uvicorn_worker.UvicornWorker
`,
    },
  ],
});
