import rule from '../../../src/lint/rules/require-target-port-exists.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const pod = (container: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels: {app: api}
spec:
  containers:
${container}---
`;

const service = (ports: string): string => `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
${ports}`;

runRuleTester(rule, {
  valid: [
    {
      name: 'a named targetPort declared by the container',
      code: pod(`    - name: web
      image: api:1
      ports:
        - name: http
          containerPort: 8000
`) + service(`    - port: 80
      targetPort: http
`),
    },
    {
      name: 'a numeric targetPort declared by the container',
      code: pod(`    - name: web
      image: api:1
      ports:
        - containerPort: 8000
`) + service(`    - port: 80
      targetPort: 8000
`),
    },
    {
      name: 'without declared ports or a known command, nothing can be told',
      code: pod(`    - name: web
      image: api:1
`) + service(`    - port: 80
      targetPort: 8000
`),
    },
    {
      name: 'the port of a gunicorn bind matches',
      code: pod(`    - name: web
      image: api:1
      args: ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
`) + service(`    - port: 8000
`),
    },
    {
      name: 'a port taken from the environment is not guessed',
      code: pod(`    - name: web
      image: api:1
      args: ["gunicorn", "--bind", "0.0.0.0:$(PORT)", "app:app"]
`) + service(`    - port: 80
      targetPort: 9000
`),
    },
    {
      name: 'the helm test Pod that carries the selector labels is not a backend',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysite
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: web
          image: api:1
          ports:
            - name: http
              containerPort: 8000
---
apiVersion: v1
kind: Pod
metadata:
  name: mysite-test-connection
  labels: {app: api}
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
` + service(`    - port: 80
      targetPort: http
`),
    },
    {
      name: 'an Argo CD hook Pod is not a backend, whatever its restartPolicy',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: smoke
  labels: {app: api}
  annotations:
    argocd.argoproj.io/hook: PostSync
spec:
  containers:
    - name: smoke
      image: curlimages/curl:8.8.0
---
` + service(`    - port: 80
      targetPort: http
`),
    },
    {
      name: 'a bare Pod with restartPolicy OnFailure runs to completion and is not a backend',
      code: pod(`    - name: once
      image: api:1
      command: ["python", "-m", "app.seed"]
  restartPolicy: OnFailure
`) + service(`    - port: 80
      targetPort: http
`),
    },
  ],
  invalid: [
    {
      name: 'a bare Pod that restarts always is a backend',
      code: pod(`    - name: web
      image: api:1
  restartPolicy: Always
`) + service(`    - port: 80
      targetPort: http
`),
      errors: [{ messageId: 'namedPortMissing', path: 'spec.ports[0].targetPort', line: 20 }],
    },
    {
      name: 'a named targetPort no container declares',
      code: pod(`    - name: web
      image: api:1
      ports:
        - name: web
          containerPort: 8000
`) + service(`    - port: 80
      targetPort: http
`),
      errors: [{ messageId: 'namedPortMissing', path: 'spec.ports[0].targetPort', line: 22 }],
      output: null,
    },
    {
      name: 'a numeric targetPort other than the declared ones',
      code: pod(`    - name: web
      image: api:1
      ports:
        - name: http
          containerPort: 8000
`) + service(`    - port: 80
      targetPort: 8080
`),
      errors: [{ messageId: 'numberNotDeclared', path: 'spec.ports[0].targetPort', line: 22 }],
    },
    {
      name: 'no targetPort: the port number must be the server port',
      code: pod(`    - name: web
      image: api:1
      command: ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
`) + service(`    - name: http
      port: 80
`),
      errors: [{ messageId: 'serverListensElsewhere', path: 'spec.ports[0].port', line: 20 }],
      output: null,
    },
    {
      name: 'the server a script starts after its migrations binds the port',
      code: pod(`    - name: web
      image: api:1
      command: ["sh", "-c", "alembic upgrade head && exec uvicorn app.main:app --host 0.0.0.0 --port 8000"]
`) + service(`    - name: http
      port: 80
      targetPort: 9000
`),
      errors: [{ messageId: 'serverListensElsewhere', path: 'spec.ports[0].targetPort', line: 21 }],
    },
    {
      name: 'init container ports do not receive traffic',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      initContainers:
        - name: wait
          image: busybox:1
          ports:
            - name: http
              containerPort: 8000
      containers:
        - name: web
          image: api:1
          ports:
            - name: web
              containerPort: 8000
---
${service(`    - port: 80
      targetPort: http
`)}`,
      errors: [{ messageId: 'namedPortMissing', path: 'spec.ports[0].targetPort', line: 31 }],
    },
  ],
});
