import rule from '../../../src/lint/rules/prefer-no-cpu-limit.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'a Python server with a CPU request and no CPU limit',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -w, "2"]
      resources:
        requests: {cpu: 500m, memory: 512Mi}
        limits: {memory: 512Mi}
`,
    },
    {
      name: 'the default scope leaves non-Python containers alone',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: proxy
      image: nginx:1.27
      resources:
        limits: {cpu: 200m}
`,
    },
    {
      name: 'policy require: a limit is present',
      options: { policy: 'require' },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [uvicorn, app:app]
      resources:
        limits: {cpu: "1"}
`,
    },
    {
      name: 'policy allow-equal-to-request: limit equal to the request in other units',
      options: { policy: 'allow-equal-to-request' },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [uvicorn, app:app]
      resources:
        requests: {cpu: "1"}
        limits: {cpu: 1000m}
`,
    },
  ],
  invalid: [
    {
      name: 'a CPU limit on a gunicorn container; the fix removes it and keeps the request',
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
          command: [gunicorn, app:app, -w, "2"]
          resources:
            requests:
              cpu: 500m
            limits:
              cpu: "1"
              memory: 512Mi
`,
      errors: [{ messageId: 'cpuLimitSet', path: 'spec.template.spec.containers[0].resources.limits.cpu', line: 16 }],
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
          command: [gunicorn, app:app, -w, "2"]
          resources:
            requests:
              cpu: 500m
            limits:
              memory: 512Mi
`,
    },
    {
      name: 'a limit without a request: the fix moves it into the request Kubernetes had copied it to',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker, -c, "2"]
      resources:
        limits:
          cpu: "2"
`,
      errors: [{ messageId: 'cpuLimitSet', path: 'spec.containers[0].resources.limits.cpu', line: 12 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker, -c, "2"]
      resources:
        requests:
          cpu: "2"
`,
    },
    {
      name: 'policy require with scope all: every container needs a limit',
      options: { policy: 'require', scope: 'all' },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: proxy
      image: nginx:1.27
      resources:
        requests:
          cpu: 100m
`,
      errors: [{ messageId: 'cpuLimitMissing', path: 'spec.containers[0].resources.limits.cpu', line: 9 }],
      output: null,
    },
    {
      name: 'policy allow-equal-to-request: a limit above the request',
      options: { policy: 'allow-equal-to-request' },
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
        requests:
          cpu: 500m
        limits:
          cpu: "2"
`,
      errors: [{ messageId: 'cpuLimitNotRequest', path: 'spec.containers[0].resources.limits.cpu', line: 16 }],
      output: null,
    },
  ],
});
