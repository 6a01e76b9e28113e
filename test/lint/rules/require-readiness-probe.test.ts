import rule from '../../../src/lint/rules/require-readiness-probe.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const service = `---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: http
`;

runRuleTester(rule, {
  valid: [
    {
      name: 'a container with a readiness probe behind a Service',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: api:1
          ports:
            - name: http
              containerPort: 8000
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
${service}`,
    },
    {
      name: 'a worker no Service selects needs no readiness probe',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: api:1
          args: ["celery", "-A", "proj", "worker"]
${service}`,
    },
    {
      name: 'a sidecar the Service does not target is not judged',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels:
        app: api
    spec:
      initContainers:
        - name: migrate
          image: api:1
        - name: log-shipper
          image: fluent-bit:3
          restartPolicy: Always
      containers:
        - name: web
          image: api:1
          ports:
            - name: http
              containerPort: 8000
          readinessProbe:
            tcpSocket:
              port: http
${service}`,
    },
    {
      name: 'Job pods are not serving paths',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    metadata:
      labels:
        app: api
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
          ports:
            - name: http
              containerPort: 8000
${service}`,
    },
    {
      name: 'the helm test Pod a Service selects through a numeric targetPort is not a backend',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: mysite-test-connection
  labels:
    app: api
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: wget
      image: busybox:1
      command: ['wget']
      args: ['api:80']
  restartPolicy: Never
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8000
`,
    },
  ],
  invalid: [
    {
      name: 'a bare Pod without a restartPolicy keeps running and is a backend',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels:
    app: api
spec:
  containers:
    - name: web
      image: api:1
      ports:
        - name: http
          containerPort: 8000
${service}`,
      errors: [{ messageId: 'missingReadinessProbe', path: 'spec.containers[0].readinessProbe', line: 9 }],
    },
    {
      name: 'a container targeted by port name has no readiness probe',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: api:1
          ports:
            - name: http
              containerPort: 8000
${service}`,
      errors: [{ messageId: 'missingReadinessProbe', path: 'spec.template.spec.containers[0].readinessProbe', line: 12 }],
      output: null,
    },
    {
      name: 'a numeric targetPort no container declares reaches the first container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels:
    app: api
spec:
  containers:
    - name: web
      image: api:1
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8000
`,
      errors: [{ messageId: 'missingReadinessProbe', path: 'spec.containers[0].readinessProbe', line: 9 }],
    },
  ],
});
