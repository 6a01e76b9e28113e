import rule from '../../../src/lint/rules/require-pdb-selects-pods.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app.kubernetes.io/name: api, app.kubernetes.io/component: web}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api
        app.kubernetes.io/component: web
    spec:
      containers:
        - name: web
          image: api:1
`;

runRuleTester(rule, {
  valid: [
    {
      name: 'a budget whose matchLabels select the Deployment’s pods',
      code: `${deployment}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: api
      app.kubernetes.io/component: web
`,
    },
    {
      name: 'matchExpressions and a budget without a namespace (applied with -n) count',
      code: `${deployment}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchExpressions:
      - {key: app.kubernetes.io/component, operator: In, values: [web, api]}
`,
    },
  ],
  invalid: [
    {
      name: 'a label typo makes the budget select nothing',
      code: `${deployment}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: api
      app.kubernetes.io/component: wbe
`,
      errors: [{ messageId: 'selectsNothing', path: 'spec.selector', line: 27 }],
      output: null,
    },
    {
      name: 'a budget in another namespace does not select the pods',
      code: `${deployment}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: other
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app.kubernetes.io/name: api}
`,
      errors: [{ messageId: 'selectsNothing', path: 'spec.selector', line: 27 }],
    },
    {
      name: 'a budget without a selector',
      code: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  minAvailable: 1
`,
      errors: [{ messageId: 'noSelector', path: 'spec.selector', line: 5 }],
    },
    {
      name: 'two budgets over the same pods: the second is reported',
      code: `${deployment}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app.kubernetes.io/name: api}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api-web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app.kubernetes.io/component: web}
`,
      errors: [{ messageId: 'overlapping', path: 'spec.selector', line: 37 }],
    },
  ],
});
