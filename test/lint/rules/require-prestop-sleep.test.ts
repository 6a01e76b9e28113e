import rule from '../../../src/lint/rules/require-prestop-sleep.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'a sleep preStop on the served container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels: {app: api}
spec:
  containers:
    - name: web
      image: api:1
      lifecycle:
        preStop:
          sleep:
            seconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: 8000
`,
    },
    {
      name: 'an exec preStop (a drain script or sleep binary) is accepted',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels: {app: api}
spec:
  containers:
    - name: web
      image: api:1
      lifecycle:
        preStop:
          exec:
            command: ["sleep", "5"]
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: 8000
`,
    },
    {
      name: 'pods no Service selects are left alone',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
  labels: {app: worker}
spec:
  containers:
    - name: worker
      image: api:1
`,
    },
    {
      name: 'a bare Pod with restartPolicy Never that a Service selects runs to completion, not a server',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: smoke
  labels: {app: api}
spec:
  restartPolicy: Never
  containers:
    - name: smoke
      image: api:1
      command: [python, -m, app.smoke]
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: 8000
`,
    },
  ],
  invalid: [
    {
      name: 'the fix adds a sleep action with the configured seconds',
      options: { seconds: 10 },
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
            - containerPort: 8000
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
      errors: [{ messageId: 'missingPreStop', path: 'spec.template.spec.containers[0].lifecycle.preStop', line: 12 }],
      output: `apiVersion: apps/v1
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
            - containerPort: 8000
          lifecycle:
            preStop:
              sleep:
                seconds: 10
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
    {
      name: 'no fix when the grace period is shorter than the sleep (validation would reject it)',
      kubeVersion: '1.30',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels: {app: api}
spec:
  terminationGracePeriodSeconds: 3
  containers:
    - name: web
      image: api:1
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: 8000
`,
      errors: [{ messageId: 'missingPreStop', path: 'spec.containers[0].lifecycle.preStop', line: 9 }],
      output: null,
    },
    {
      name: 'a zero-second sleep does not delay anything',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels: {app: api}
spec:
  containers:
    - name: web
      image: api:1
      lifecycle:
        preStop:
          sleep:
            seconds: 0
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: 8000
`,
      errors: [{ messageId: 'zeroSleep', path: 'spec.containers[0].lifecycle.preStop.sleep.seconds', line: 13 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
  labels: {app: api}
spec:
  containers:
    - name: web
      image: api:1
      lifecycle:
        preStop:
          sleep:
            seconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
      targetPort: 8000
`,
    },
  ],
});
