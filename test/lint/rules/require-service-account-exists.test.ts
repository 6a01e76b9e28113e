import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
import rule from '../../../src/lint/rules/require-service-account-exists.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const account = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop
---
`;

const deployment = (spec: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
${spec}      containers:
        - name: web
          image: api:1
`;

runRuleTester(rule, {
  valid: [
    { name: 'the ServiceAccount is defined', code: account + deployment('      serviceAccountName: shop\n') },
    { name: 'the default ServiceAccount always exists', code: deployment('      serviceAccountName: default\n') },
    { name: 'no ServiceAccount named', code: deployment('') },
  ],
  invalid: [
    {
      name: 'a misspelt ServiceAccount gets a suggestion',
      code: account + deployment('      serviceAccountName: shopp\n'),
      errors: [{ messageId: 'missing', path: 'spec.template.spec.serviceAccountName', line: 13 }],
      output: null,
    },
    {
      name: 'the deprecated serviceAccount field is read too',
      code: account + deployment('      serviceAccount: billing\n'),
      errors: [{ messageId: 'missing', path: 'spec.template.spec.serviceAccount', line: 13 }],
    },
    {
      name: 'a workload checked without any ServiceAccount says so',
      code: deployment('      serviceAccountName: shop\n'),
      errors: [{ messageId: 'notInInput', path: 'spec.template.spec.serviceAccountName', line: 8 }],
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

const runsAs = (account: string): string => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${account}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      serviceAccountName: api
      containers:
        - name: web
          image: api:1
`;

test('a ServiceAccount of another overlay rendered in the same run does not count', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: runsAs('api-dev') },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: runsAs('api') },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml missing spec.template.spec.serviceAccountName']);
});

test('an overlay without ServiceAccounts is told the input cannot say, even when another overlay rendered in the same run has them', () => {
  const withoutAccount = runsAs('api').slice(runsAs('api').indexOf('apiVersion: apps/v1'));
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: withoutAccount },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: runsAs('api') },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml notInInput spec.template.spec.serviceAccountName']);
});
