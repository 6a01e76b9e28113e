import rule from '../../../src/lint/rules/no-identical-liveness-readiness.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const pod = (container: string): string => `apiVersion: v1
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
${container}`;

runRuleTester(rule, {
  valid: [
    {
      name: 'liveness and readiness on separate paths',
      code: pod(`      livenessProbe:
        httpGet: {path: /healthz, port: http}
      readinessProbe:
        httpGet: {path: /readyz, port: http}
`),
    },
    {
      name: 'different handlers: a TCP liveness and an HTTP readiness',
      code: pod(`      livenessProbe:
        tcpSocket: {port: http}
      readinessProbe:
        httpGet: {path: /healthz, port: http}
`),
    },
    {
      name: 'the same path on two different ports',
      code: pod(`        - name: admin
          containerPort: 9000
      livenessProbe:
        httpGet: {path: /healthz, port: admin}
      readinessProbe:
        httpGet: {path: /healthz, port: http}
`),
    },
    {
      name: 'the same path with a different header is another check',
      code: pod(`      livenessProbe:
        httpGet:
          path: /health
          port: http
          httpHeaders: [{name: X-Probe, value: live}]
      readinessProbe:
        httpGet:
          path: /health
          port: http
          httpHeaders: [{name: X-Probe, value: ready}]
`),
    },
    {
      name: 'exec probes with different commands',
      code: pod(`      livenessProbe:
        exec: {command: [python, -m, app.alive]}
      readinessProbe:
        exec: {command: [python, -m, app.ready]}
`),
    },
    {
      name: 'only a readiness probe',
      code: pod(`      readinessProbe:
        httpGet: {path: /healthz, port: http}
`),
    },
    {
      name: 'a startup probe identical to readiness is fine: startup only runs until it first succeeds',
      code: pod(`      startupProbe:
        httpGet: {path: /healthz, port: http}
      readinessProbe:
        httpGet: {path: /healthz, port: http}
`),
    },
    {
      name: 'gRPC probes for different services',
      code: pod(`      livenessProbe:
        grpc: {port: 8000, service: liveness}
      readinessProbe:
        grpc: {port: 8000, service: readiness}
`),
    },
    {
      name: 'by default the same endpoint is accepted when liveness gives up later (6 × 10 s against 2 × 5 s), the pattern of the Kubernetes probe task page',
      code: pod(`      livenessProbe:
        httpGet: {path: /healthz, port: http}
        periodSeconds: 10
        failureThreshold: 6
      readinessProbe:
        httpGet: {path: /healthz, port: http}
        periodSeconds: 5
        failureThreshold: 2
`),
    },
    {
      name: 'init containers are not judged (they take no probes)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: wait
      image: busybox:1.36
      livenessProbe:
        tcpSocket: {port: 5432}
      readinessProbe:
        tcpSocket: {port: 5432}
  containers:
    - name: web
      image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'the helm create scaffold: httpGet / on the named port for both',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysite
spec:
  template:
    spec:
      containers:
        - name: mysite
          image: mysite:1
          ports:
            - name: http
              containerPort: 8000
          livenessProbe:
            httpGet:
              path: /
              port: http
          readinessProbe:
            httpGet:
              path: /
              port: http
`,
      errors: [{ messageId: 'identicalProbes', path: 'spec.template.spec.containers[0].livenessProbe.httpGet', line: 15 }],
      output: null,
    },
    {
      name: 'with allowLongerLivenessBudget off, timing differences do not make two probes different checks',
      options: { allowLongerLivenessBudget: false },
      code: pod(`      livenessProbe:
        httpGet: {path: /health, port: http}
        initialDelaySeconds: 10
        periodSeconds: 20
        failureThreshold: 6
      readinessProbe:
        httpGet: {path: /health, port: http}
        periodSeconds: 5
`),
      errors: [{ messageId: 'identicalProbes', path: 'spec.containers[0].livenessProbe.httpGet', line: 13 }],
    },
    {
      name: 'a named port and its number are the same port; defaults written out match left-out ones',
      code: pod(`      livenessProbe:
        httpGet: {path: /healthz, port: http, scheme: HTTP}
      readinessProbe:
        httpGet: {path: /healthz, port: 8000}
`),
      errors: [{ messageId: 'identicalProbes', path: 'spec.containers[0].livenessProbe.httpGet' }],
    },
    {
      name: 'a missing path is /',
      code: pod(`      livenessProbe:
        httpGet: {port: http}
      readinessProbe:
        httpGet: {path: /, port: http}
`),
      errors: [{ messageId: 'identicalProbes', path: 'spec.containers[0].livenessProbe.httpGet' }],
    },
    {
      name: 'the same TCP connect for both',
      code: pod(`      livenessProbe:
        tcpSocket: {port: http}
      readinessProbe:
        tcpSocket: {port: http}
`),
      errors: [{ messageId: 'identicalProbes', path: 'spec.containers[0].livenessProbe.tcpSocket' }],
    },
    {
      name: 'the same exec command for both',
      code: pod(`      livenessProbe:
        exec: {command: [celery, -A, app, inspect, ping, -d, celery@$(HOSTNAME)]}
      readinessProbe:
        exec: {command: [celery, -A, app, inspect, ping, -d, celery@$(HOSTNAME)]}
`),
      errors: [{ messageId: 'identicalProbes', path: 'spec.containers[0].livenessProbe.exec' }],
    },
    {
      name: 'the same gRPC check for both',
      code: pod(`      livenessProbe:
        grpc: {port: 8000}
      readinessProbe:
        grpc: {port: 8000, service: ""}
`),
      errors: [{ messageId: 'identicalProbes', path: 'spec.containers[0].livenessProbe.grpc' }],
    },
    {
      name: 'the same check with the same budget (defaults 3 × 10 s on both) is reported',
      code: pod(`      livenessProbe:
        tcpSocket: {port: http}
      readinessProbe:
        tcpSocket: {port: http}
`),
      errors: [{ messageId: 'identicalProbes', path: 'spec.containers[0].livenessProbe.tcpSocket' }],
    },
    {
      name: 'a sidecar (restartPolicy: Always) with identical probes',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: proxy
      image: envoy:1
      restartPolicy: Always
      livenessProbe:
        httpGet: {path: /ready, port: 9901}
      readinessProbe:
        httpGet: {path: /ready, port: 9901}
  containers:
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'identicalProbes', path: 'spec.initContainers[0].livenessProbe.httpGet', line: 11 }],
    },
  ],
});
