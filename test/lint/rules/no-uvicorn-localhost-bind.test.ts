import rule from '../../../src/lint/rules/no-uvicorn-localhost-bind.ts';
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
      command: [uvicorn, app.main:app, --host, 0.0.0.0, --port, "8000"]
`,
    {
      name: 'fastapi run listens on every interface by default',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [fastapi, run, app/main.py]
`,
    },
    {
      name: 'UVICORN_HOST in the environment',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [python, -m, uvicorn, app.main:app]
      env:
        - name: UVICORN_HOST
          value: 0.0.0.0
`,
    },
    {
      name: 'a Unix socket is not a TCP bind',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [uvicorn, app.main:app, --uds, /run/app.sock]
`,
    },
    {
      name: 'localhost behind a proxy sidecar that the Service targets',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels: {app: api}
spec:
  containers:
    - name: proxy
      image: envoy:1
      ports:
        - name: http
          containerPort: 8080
    - name: web
      image: api:1
      args: [uvicorn, app.main:app, --host, 127.0.0.1, --port, "8000"]
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: http
`,
    },
    {
      name: 'a Hypercorn config file may set the bind',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [hypercorn, --config, hypercorn.toml, app:app]
`,
    },
  ],
  invalid: [
    {
      name: 'an explicit 127.0.0.1; the fix binds every interface',
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
            - uvicorn
            - app.main:app
            - --host
            - 127.0.0.1
`,
      errors: [{ messageId: 'loopbackBind', path: 'spec.template.spec.containers[0].args[3]', line: 15 }],
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
            - uvicorn
            - app.main:app
            - --host
            - 0.0.0.0
`,
    },
    {
      name: 'uvicorn’s default host; the fix appends --host 0.0.0.0',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - uv
        - run
        - uvicorn
        - app.main:app
        - --port=8000
`,
      errors: [{ messageId: 'defaultBind', path: 'spec.containers[0].command[2]', line: 12 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - uv
        - run
        - uvicorn
        - app.main:app
        - --port=8000
        - --host
        - 0.0.0.0
`,
    },
    {
      name: 'a Hypercorn bind to localhost keeps its port',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - hypercorn
        - --bind=localhost:9000
        - app:app
`,
      errors: [{ messageId: 'loopbackBind', path: 'spec.containers[0].command[1]', line: 11 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - hypercorn
        - --bind=0.0.0.0:9000
        - app:app
`,
    },
    {
      name: 'Granian and Daphne defaults inside sh -c: reported without a fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: granian
      image: api:1
      command: [sh, -c, "exec granian --interface asgi app:app"]
    - name: daphne
      image: api:1
      command: [sh, -c, "exec daphne -p 8001 proj.asgi:application"]
`,
      errors: [
        { messageId: 'defaultBind', path: 'spec.containers[0].command[2]' },
        { messageId: 'defaultBind', path: 'spec.containers[1].command[2]' },
      ],
      output: null,
    },
    {
      name: 'fastapi dev binds localhost',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [fastapi, dev, app/main.py]
`,
      errors: [{ messageId: 'defaultBind', path: 'spec.containers[0].args[0]' }],
    },
  ],
});
