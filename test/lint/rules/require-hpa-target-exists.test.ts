import rule from '../../../src/lint/rules/require-hpa-target-exists.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const deployment = (replicas: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
${replicas}  template:
    spec:
      containers:
        - name: web
          image: api:1
---
`;

const hpa = (target: string): string => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${target}
  minReplicas: 2
  maxReplicas: 6
`;

runRuleTester(rule, {
  valid: [
    { name: 'the HPA owns the replica count', code: deployment('') + hpa('api') },
    {
      name: 'targets of other kinds are looked up by kind',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: api
spec:
  serviceName: api
  template:
    spec:
      containers:
        - name: web
          image: api:1
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: api}
  maxReplicas: 4
`,
    },
  ],
  invalid: [
    {
      name: 'a misspelt target',
      code: deployment('') + hpa('apí'),
      errors: [{ messageId: 'targetMissing', path: 'spec.scaleTargetRef.name', line: 20 }],
      output: null,
    },
    {
      name: 'a target of a kind the input does not hold',
      code: hpa('api'),
      errors: [{ messageId: 'targetNotInInput', path: 'spec.scaleTargetRef.name', line: 9 }],
      output: null,
    },
    {
      name: 'fixed replicas fight the HPA and are reported on the Deployment',
      code: deployment('  replicas: 3\n') + hpa('api'),
      errors: [{ messageId: 'targetSetsReplicas', path: 'spec.replicas', line: 6 }],
      output: null,
    },
  ],
});
