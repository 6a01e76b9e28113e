import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
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

/** Lints several inputs in one run, as `check` does: `kustomize` sources are rendered overlays, `file` sources plain files. */
function lintTogether(inputs: Array<{ path: string; origin: 'kustomize' | 'file'; text: string }>): string[] {
  const manifests = inputs.flatMap((input) => parseYaml(createSource(input.path, input.text, input.origin)).manifests);
  const result = lint({ manifests, dockerfiles: [] }, { rules: [rule], kubeVersion: '1.34' });
  return result.findings.map((f) => `${f.file} ${f.messageId} ${f.path}`);
}

const pods = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: web
          image: api:1
`;
const budget = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: api}
`;

test('a plain file checked with overlays is applied with each of them; the overlays are not applied with each other', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: pods },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: pods },
    { path: 'deploy/pdb.yaml', origin: 'file', text: budget },
  ]);
  // One budget over both renderings' copies: it protects them, and no copy has two budgets.
  assert.deepEqual(findings, []);
  const twoBudgets = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: `${pods}---\n${budget}` },
    { path: 'deploy/pdb.yaml', origin: 'file', text: budget.replace('name: api', 'name: api-extra') },
  ]);
  assert.deepEqual(twoBudgets, ['deploy/pdb.yaml overlapping spec.selector']);
});
