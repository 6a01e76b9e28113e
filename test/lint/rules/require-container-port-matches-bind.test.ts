import rule from '../../../src/lint/rules/require-container-port-matches-bind.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

/** A Deployment "api" with one container (its fields at 10 spaces) and a Service targeting `targetPort`. */
const served = (container: string, targetPort = 'http'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: web
          image: api:1
${container}---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: ${targetPort}
`;

const HTTP_80 = `          ports:
            - name: http
              containerPort: 80
`;

runRuleTester(rule, {
  valid: [
    {
      name: 'the declared port is the one gunicorn binds',
      code: served(`          command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
          ports:
            - name: http
              containerPort: 8000
`),
    },
    {
      name: 'no declared ports: require-target-port-exists and require-probe-port-exists compare with the bind',
      code: served(`          command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
`, '80'),
    },
    {
      name: 'no command: the image decides where the server binds',
      code: served(HTTP_80),
    },
    {
      name: 'a port from a variable with no value in the manifest (the image or a ConfigMap may set it)',
      code: served(`          command: [sh, -c, 'exec gunicorn app:app --bind 0.0.0.0:\${PORT:-8000}']
${HTTP_80}`),
    },
    {
      name: 'a port from an env entry read from a ConfigMap',
      code: served(`          command: [uvicorn, app:app, --host, 0.0.0.0, --port, $(PORT)]
          env:
            - name: PORT
              valueFrom: {configMapKeyRef: {name: api, key: port}}
${HTTP_80}`),
    },
    {
      name: 'gunicorn without --bind: gunicorn.conf.py in the working directory or $PORT decides',
      code: served(`          command: [gunicorn, app:app]
          env:
            - {name: PORT, value: "8000"}
${HTTP_80}`),
    },
    {
      name: 'gunicorn with only a config file (-c): the file decides',
      code: served(`          command: [gunicorn, -c, gunicorn.conf.py, app:app]
${HTTP_80}`),
    },
    {
      name: 'a Unix socket behind a proxy',
      code: served(`          command: [gunicorn, app:app, --bind, unix:/run/app.sock]
${HTTP_80}`),
    },
    {
      name: 'a loopback bind (a proxy in the same container, or no-gunicorn-localhost-bind’s finding)',
      code: served(`          command: [gunicorn, app:app, --bind, 127.0.0.1:8000]
${HTTP_80}`),
    },
    {
      name: 'uvicorn with its default host binds 127.0.0.1 (no-uvicorn-localhost-bind’s finding)',
      code: served(`          command: [uvicorn, app:app, --port, "8000"]
${HTTP_80}`),
    },
    {
      name: 'a script that also starts nginx, which serves the declared port',
      code: served(`          command: [sh, -c, 'nginx && exec gunicorn app:app --bind 0.0.0.0:8000']
${HTTP_80}`),
    },
    {
      name: 'several binds',
      code: served(`          command: [gunicorn, app:app, --bind, 0.0.0.0:8000, --bind, 0.0.0.0:80]
${HTTP_80}`),
    },
    {
      name: 'a declared metrics port that something else in the process serves',
      code: served(`          command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
          ports:
            - name: metrics
              containerPort: 9100
          livenessProbe:
            httpGet: {path: /metrics, port: metrics}
`),
    },
    {
      name: 'the Service already targets the bind port: the probe on the declared port reaches another listener',
      code: served(`          command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
          ports:
            - name: admin
              containerPort: 9000
          readinessProbe:
            httpGet: {path: /ready, port: 9000}
`, '8000'),
    },
    {
      name: 'a declared port nothing targets',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
      ports:
        - containerPort: 80
`,
    },
    {
      name: 'a probe with its own host checks another address',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
      ports:
        - name: http
          containerPort: 80
      livenessProbe:
        httpGet: {host: upstream.internal, path: /, port: 80}
`,
    },
    {
      name: 'a Celery worker is not a web server',
      code: served(`          command: [celery, -A, app, worker]
${HTTP_80}`),
    },
    {
      name: 'init containers are not judged',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: warmup
      image: api:1
      command: [gunicorn, app:app, --bind, 0.0.0.0:8000, --check-config]
      ports:
        - containerPort: 80
      readinessProbe:
        tcpSocket: {port: 80}
  containers:
    - name: web
      image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'a chart’s service.port as containerPort while gunicorn binds 8000',
      code: served(`          command: [gunicorn, app:app, --bind, 0.0.0.0:8000, --workers, "2"]
${HTTP_80}          livenessProbe:
            httpGet: {path: /healthz, port: http}
          readinessProbe:
            httpGet: {path: /readyz, port: http}
`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort', line: 18 }],
      output: null,
    },
    {
      name: 'only a Service targets the declared port (numeric targetPort)',
      code: served(`          command: [uvicorn, app:app, --host, 0.0.0.0, --port, "8000"]
          ports:
            - containerPort: 80
`, '80'),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'only a probe targets the declared port (a Pod, no Service)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [hypercorn, app:app, --bind, 0.0.0.0:8000]
      ports:
        - containerPort: 8080
      readinessProbe:
        tcpSocket: {port: 8080}
`,
      errors: [{ messageId: 'portNotBound', path: 'spec.containers[0].ports[0].containerPort', line: 11 }],
    },
    {
      name: 'an env var port written $(PORT), resolved from the container’s env',
      code: served(`          command: [uvicorn, app:app, --host, 0.0.0.0, --port, $(PORT)]
          env:
            - {name: PORT, value: "8000"}
${HTTP_80}`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'a shell ${PORT} in sh -c, resolved from the container’s env',
      code: served(`          command: [sh, -c, 'python manage.py migrate && exec gunicorn config.wsgi --bind 0.0.0.0:\${PORT:-80}']
          env:
            - {name: PORT, value: "8000"}
${HTTP_80}`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'a host from the downward API does not hide the port: --bind $(POD_IP):8000',
      code: served(`          command: [gunicorn, app:app, --bind, "$(POD_IP):8000"]
          env:
            - name: POD_IP
              valueFrom: {fieldRef: {fieldPath: status.podIP}}
${HTTP_80}`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'the bind in a literal GUNICORN_CMD_ARGS',
      code: served(`          command: [gunicorn, app:app]
          env:
            - {name: GUNICORN_CMD_ARGS, value: "--bind=0.0.0.0:8000 --workers=2"}
${HTTP_80}`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'a bind on the command line wins over a config file',
      code: served(`          command: [gunicorn, -c, /app/gunicorn.conf.py, --bind, "0.0.0.0:8000", app:app]
${HTTP_80}`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'uvicorn’s default port 8000 when --port is left out',
      code: served(`          command: [uvicorn, app:app, --host, 0.0.0.0]
${HTTP_80}`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'UVICORN_PORT from the container’s env',
      code: served(`          command: [uvicorn, app:app, --host, 0.0.0.0]
          env:
            - {name: UVICORN_PORT, value: "8080"}
          ports:
            - name: http
              containerPort: 8000
`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'waitress’s default port 8080',
      code: served(`          command: [waitress-serve, app:app]
          ports:
            - name: http
              containerPort: 8000
`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'Daphne on a Twisted TCP endpoint, and Granian with --port',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: daphne
      image: api:1
      command: [daphne, -e, "tcp:port=8001:interface=0.0.0.0", app.asgi:application]
      ports:
        - name: ws
          containerPort: 8000
      readinessProbe:
        tcpSocket: {port: ws}
    - name: granian
      image: api:1
      command: [granian, --interface, asgi, --host, 0.0.0.0, --port, "9000", app:app]
      ports:
        - name: web
          containerPort: 8080
      livenessProbe:
        httpGet: {path: /healthz, port: web}
`,
      errors: [
        { messageId: 'portNotBound', path: 'spec.containers[0].ports[0].containerPort' },
        { messageId: 'portNotBound', path: 'spec.containers[1].ports[0].containerPort' },
      ],
    },
    {
      name: 'a probe checks the bound port, but the Service still targets the declared one',
      code: served(`          command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
${HTTP_80}          readinessProbe:
            httpGet: {path: /readyz, port: 8000}
`),
      errors: [{ messageId: 'portNotBound', path: 'spec.template.spec.containers[0].ports[0].containerPort' }],
    },
    {
      name: 'a sidecar (restartPolicy: Always) running a server',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: admin
      image: api:1
      restartPolicy: Always
      command: [gunicorn, admin:app, --bind, "0.0.0.0:9001"]
      ports:
        - containerPort: 9000
      livenessProbe:
        tcpSocket: {port: 9000}
  containers:
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'portNotBound', path: 'spec.initContainers[0].ports[0].containerPort' }],
    },
  ],
});
