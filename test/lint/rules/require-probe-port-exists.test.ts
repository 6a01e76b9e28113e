import rule from '../../../src/lint/rules/require-probe-port-exists.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'named and numeric ports that the container declares',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      ports:
        - name: http
          containerPort: 8000
        - containerPort: 9090
      readinessProbe:
        httpGet: {path: /readyz, port: http}
      livenessProbe:
        tcpSocket: {port: 8000}
      startupProbe:
        grpc: {port: 9090}
`,
    },
    {
      name: 'a probe on the port gunicorn binds is right even when the declared port is another one (require-container-port-matches-bind judges the declaration)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, --bind, "0.0.0.0:8000"]
      ports:
        - {name: http, containerPort: 80}
      readinessProbe:
        httpGet: {path: /readyz, port: 8000}
`,
    },
    {
      name: 'no declared ports and no known server port: nothing to compare with',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      livenessProbe:
        httpGet: {path: /livez, port: 8000}
`,
    },
    {
      name: 'undeclared port that the server’s command binds',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, --bind, 0.0.0.0:8080]
      livenessProbe:
        httpGet: {path: /livez, port: 8080}
`,
    },
    {
      name: 'exec probes have no port',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      ports:
        - containerPort: 8000
      livenessProbe:
        exec: {command: [cat, /tmp/alive]}
`,
    },
  ],
  invalid: [
    {
      name: 'a named port the container does not declare',
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
          ports:
            - name: web
              containerPort: 8000
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
`,
      errors: [{ messageId: 'unknownNamedPort', path: 'spec.template.spec.containers[0].readinessProbe.httpGet.port', line: 17 }],
      output: null,
    },
    {
      name: 'a numeric port that is not among the declared ones',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      ports:
        - name: http
          containerPort: 8000
      livenessProbe:
        httpGet:
          path: /livez
          port: 8080
`,
      errors: [{ messageId: 'undeclaredPort', path: 'spec.containers[0].livenessProbe.httpGet.port', line: 15 }],
    },
    {
      name: 'a gRPC probe with a named port',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: grpc
      image: api:1
      ports:
        - name: grpc
          containerPort: 50051
      livenessProbe:
        grpc:
          port: grpc
`,
      errors: [{ messageId: 'grpcNamedPort', path: 'spec.containers[0].livenessProbe.grpc.port', line: 14 }],
    },
    {
      name: 'a probe on a port the server does not bind, no ports declared',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [uvicorn, app.main:app, --host, 0.0.0.0, --port, "8000"]
      startupProbe:
        tcpSocket:
          port: 80
`,
      errors: [{ messageId: 'notListening', path: 'spec.containers[0].startupProbe.tcpSocket.port', line: 12 }],
    },
    {
      name: 'sidecars are judged too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: proxy
      image: envoy:1
      restartPolicy: Always
      ports:
        - name: admin
          containerPort: 9901
      readinessProbe:
        httpGet: {path: /ready, port: metrics}
  containers:
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'unknownNamedPort', path: 'spec.initContainers[0].readinessProbe.httpGet.port' }],
    },
  ],
});
