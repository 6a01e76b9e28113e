import rule from '../../../src/lint/rules/no-celery-beat-replicas.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'one beat replica with Recreate',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: beat
spec:
  replicas: 1
  strategy:
    type: Recreate
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          args: ["celery", "-A", "proj", "beat", "-s", "/tmp/celerybeat-schedule"]
`,
    },
    {
      name: 'workers may scale and roll',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  replicas: 4
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          args: ["celery", "-A", "proj", "worker", "-c", "2"]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: worker
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  minReplicas: 2
  maxReplicas: 10
`,
    },
  ],
  invalid: [
    {
      name: 'replicas and strategy are fixed together, removing rollingUpdate parameters',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: beat
spec:
  replicas: 3   # scaled by mistake
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          command: ["celery", "--app=proj", "beat"]
`,
      errors: [
        { messageId: 'tooManyReplicas', path: 'spec.replicas', line: 6 },
        { messageId: 'rollingUpdate', path: 'spec.strategy.type', line: 8 },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: beat
spec:
  replicas: 1   # scaled by mistake
  strategy:
    type: Recreate
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          command: ["celery", "--app=proj", "beat"]
`,
    },
    {
      name: 'an HPA scaling a worker with embedded beat is reported on the HPA',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  strategy:
    type: Recreate
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          args: ["celery", "-A", "proj", "worker", "-B"]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: worker
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: worker
  maxReplicas: 5
`,
      errors: [{ messageId: 'autoscaled', path: 'spec.scaleTargetRef', line: 20 }],
      output: null,
    },
    {
      name: 'beat in a DaemonSet runs once per node',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: beat
spec:
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          args: ["celery", "-A", "proj", "beat"]
`,
      errors: [{ messageId: 'daemonSet', path: 'kind', line: 2 }],
    },
    {
      name: 'beat started after a migration step in sh -c',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: beat
spec:
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          command: ["/bin/sh", "-c", "python manage.py migrate && celery -A proj beat -s /tmp/celerybeat-schedule"]
`,
      errors: [{ messageId: 'daemonSet', path: 'kind', line: 2 }],
    },
  ],
});
