import rule from '../../../src/lint/rules/no-short-probe-timeout-with-cpu-limit.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'no CPU limit: probes are not throttled',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, --workers, "4", --bind, 0.0.0.0:8000]
      resources:
        requests: {cpu: "1"}
      livenessProbe:
        httpGet: {path: /livez, port: 8000}
`,
    },
    {
      name: 'a CPU limit that covers every worker',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -w, "2", --bind, 0.0.0.0:8000]
      resources:
        limits: {cpu: "2"}
      livenessProbe:
        httpGet: {path: /livez, port: 8000}
`,
    },
    {
      name: 'a timeout above one second',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      env:
        - name: WEB_CONCURRENCY
          value: "3"
      resources:
        limits: {cpu: 500m}
      livenessProbe:
        httpGet: {path: /livez, port: 8000}
        timeoutSeconds: 5
`,
    },
    {
      name: 'exec and tcpSocket probes are not HTTP requests queued behind traffic',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker, -c, "4"]
      resources:
        limits: {cpu: "1"}
      livenessProbe:
        exec: {command: [cat, /tmp/alive]}
`,
    },
  ],
  invalid: [
    {
      name: 'the default timeout with 4 workers under a 1-CPU limit; the fix sets 3 seconds',
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
          command:
            - gunicorn
            - app:app
            - --workers
            - "4"
          resources:
            limits:
              cpu: "1"
          livenessProbe:
            httpGet:
              path: /livez
              port: 8000
`,
      errors: [{ messageId: 'shortTimeout', path: 'spec.template.spec.containers[0].livenessProbe.timeoutSeconds', line: 19 }],
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
          command:
            - gunicorn
            - app:app
            - --workers
            - "4"
          resources:
            limits:
              cpu: "1"
          livenessProbe:
            httpGet:
              path: /livez
              port: 8000
            timeoutSeconds: 3
`,
    },
    {
      name: 'an explicit one-second readiness timeout with WEB_CONCURRENCY above the limit',
      options: { seconds: 5 },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      env:
        - name: WEB_CONCURRENCY
          value: "2"
      resources:
        limits:
          cpu: 500m
      readinessProbe:
        httpGet:
          path: /readyz
          port: 8000
        timeoutSeconds: 1
`,
      errors: [{ messageId: 'shortTimeout', path: 'spec.containers[0].readinessProbe.timeoutSeconds', line: 19 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      env:
        - name: WEB_CONCURRENCY
          value: "2"
      resources:
        limits:
          cpu: 500m
      readinessProbe:
        httpGet:
          path: /readyz
          port: 8000
        timeoutSeconds: 5
`,
    },
  ],
});
