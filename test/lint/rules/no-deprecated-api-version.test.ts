import rule from '../../../src/lint/rules/no-deprecated-api-version.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'current apiVersions and custom resources',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: api:1
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 4
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  scaleTargetRef: {name: worker}
`,
    },
    {
      name: 'an API removed in 1.26 is fine on a 1.22 cluster, before it was deprecated',
      kubeVersion: '1.22',
      code: `apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 4
`,
    },
  ],
  invalid: [
    {
      name: 'batch/v1beta1 CronJob only needs its apiVersion changed',
      code: `apiVersion: batch/v1beta1   # from an old chart
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: api:1
`,
      errors: [{ messageId: 'removedApi', path: 'apiVersion', line: 1 }],
      output: `apiVersion: batch/v1   # from an old chart
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: api:1
`,
    },
    {
      name: 'an Ingress and an HPA whose fields changed get no fix',
      code: `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: api
spec:
  backend:
    serviceName: api
    servicePort: 80
---
apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 4
  metrics:
    - type: Resource
      resource: {name: cpu, targetAverageUtilization: 70}
`,
      errors: [
        { messageId: 'removedApi', path: 'apiVersion', line: 1 },
        { messageId: 'removedApi', path: 'apiVersion', line: 10 },
      ],
      output: null,
    },
    {
      name: 'deprecated but still served on the target version',
      kubeVersion: '1.24',
      code: `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: api
`,
      errors: [{ messageId: 'deprecatedApi', path: 'apiVersion', line: 1 }],
      output: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: api
`,
    },
    {
      name: 'an empty PDB selector changes meaning in policy/v1, so no fix',
      code: `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: all
spec:
  maxUnavailable: 1
  selector: {}
`,
      errors: [{ messageId: 'removedApi', path: 'apiVersion', line: 1 }],
      output: null,
    },
  ],
});
