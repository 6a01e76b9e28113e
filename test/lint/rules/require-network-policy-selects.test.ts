import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
import rule from '../../../src/lint/rules/require-network-policy-selects.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels: {app.kubernetes.io/name: shop, app.kubernetes.io/component: web}
    spec:
      containers:
        - name: web
          image: api:1
---
`;

runRuleTester(rule, {
  valid: [
    {
      name: 'matchLabels that select the pods',
      code: `${deployment}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels: {app.kubernetes.io/component: web}
  policyTypes: [Ingress]
`,
    },
    {
      name: 'matchExpressions that select the pods',
      code: `${deployment}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: shop
spec:
  podSelector:
    matchExpressions:
      - {key: app.kubernetes.io/name, operator: In, values: [shop, blog]}
  policyTypes: [Ingress]
`,
    },
    {
      name: 'an empty podSelector selects every pod of the namespace',
      code: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
    },
  ],
  invalid: [
    {
      name: 'a selector no pod template matches',
      code: `${deployment}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels: {app.kubernetes.io/name: shop, app.kubernetes.io/component: api}
  policyTypes: [Ingress]
`,
      errors: [{ messageId: 'selectsNothing', path: 'spec.podSelector', line: 19 }],
      output: null,
    },
    {
      name: 'matchLabels that match, with a matchExpression that leaves the pods out',
      code: `${deployment}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels: {app.kubernetes.io/name: shop}
    matchExpressions:
      - {key: app.kubernetes.io/component, operator: In, values: [worker]}
  policyTypes: [Ingress]
`,
      errors: [{ messageId: 'selectsNothing', path: 'spec.podSelector', line: 19 }],
      output: null,
    },
    {
      name: 'a policy checked without any workload says so',
      code: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels: {app: web}
`,
      errors: [{ messageId: 'noWorkloadsInInput', path: 'spec.podSelector', line: 6 }],
      output: null,
    },
  ],
});

/** Lints several inputs in one run, as `check` does: `kustomize` sources are rendered overlays, `file` sources plain files. */
function lintTogether(inputs: Array<{ path: string; origin: 'kustomize' | 'file'; text: string }>): string[] {
  const manifests = inputs.flatMap((input) => parseYaml(createSource(input.path, input.text, input.origin)).manifests);
  const result = lint({ manifests, dockerfiles: [] }, { rules: [rule], kubeVersion: '1.34' });
  return result.findings.map((f) => `${f.file} ${f.messageId} ${f.path}`);
}

const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels: {app.kubernetes.io/component: worker}
  policyTypes: [Ingress]
`;

test('an overlay without workloads is told the input cannot say, even when another overlay rendered in the same run has them', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: policy },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: deployment + policy },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml noWorkloadsInInput spec.podSelector', 'overlays/prod/kustomization.yaml selectsNothing spec.podSelector']);
});

test('workloads of plain files count for every overlay', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: policy },
    { path: 'shared/deployment.yaml', origin: 'file', text: deployment },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml selectsNothing spec.podSelector']);
});
