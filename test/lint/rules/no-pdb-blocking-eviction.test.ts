import rule from '../../../src/lint/rules/no-pdb-blocking-eviction.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const deployment = (replicas: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
${replicas}  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: api:1
---
`;

runRuleTester(rule, {
  valid: [
    {
      name: 'maxUnavailable 1 with AlwaysAllow, even for a single replica',
      code: `${deployment('  replicas: 1\n')}apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: api}
`,
    },
    {
      name: 'minAvailable below the replica count, as a number and a percentage',
      code: `${deployment('  replicas: 3\n')}apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  minAvailable: 2
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: api}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api-percent
spec:
  minAvailable: "50%"
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: api}
`,
    },
    {
      name: 'before 1.27 the eviction policy field does not exist',
      kubeVersion: '1.26',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: api}
`,
    },
  ],
  invalid: [
    {
      name: 'maxUnavailable 0 blocks every eviction',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 0
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: api}
`,
      errors: [{ messageId: 'maxUnavailableZero', path: 'spec.maxUnavailable', line: 6 }],
      output: null,
    },
    {
      name: 'minAvailable equal to the only replica, and 100%',
      code: `${deployment('  replicas: 1\n')}apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  minAvailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: api}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: everything
spec:
  minAvailable: 100%
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: other}
`,
      errors: [
        { messageId: 'minAvailableAll', path: 'spec.minAvailable', line: 21 },
        { messageId: 'minAvailableHundred', path: 'spec.minAvailable', line: 31 },
      ],
    },
    {
      name: 'minAvailable at the HPA’s minReplicas blocks drains when traffic is low',
      code: `${deployment('')}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 10
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  minAvailable: 2
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: api}
`,
      errors: [{ messageId: 'minAvailableAll', path: 'spec.minAvailable', line: 29 }],
    },
    {
      name: 'a helm test Pod with the app’s labels is not a replica the budget can count on',
      code: `${deployment('  replicas: 2\n')}apiVersion: v1
kind: Pod
metadata:
  name: api-test-connection
  labels: {app: api}
  annotations:
    "helm.sh/hook": test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox:1
      command: [wget, api:80]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  minAvailable: 2
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: api}
`,
      errors: [{ messageId: 'minAvailableAll', path: 'spec.minAvailable', line: 35 }],
    },
    {
      name: 'the fix sets unhealthyPodEvictionPolicy: AlwaysAllow',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: api
`,
      errors: [{ messageId: 'unhealthyPolicy', path: 'spec.unhealthyPodEvictionPolicy', line: 5 }],
      output: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: api
  unhealthyPodEvictionPolicy: AlwaysAllow
`,
    },
  ],
});
