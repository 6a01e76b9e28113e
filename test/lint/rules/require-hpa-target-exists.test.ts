import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
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

/** Lints several inputs in one run, as `check` does: `kustomize` sources are rendered overlays, `file` sources plain files. */
function lintTogether(inputs: Array<{ path: string; origin: 'kustomize' | 'file'; text: string }>): string[] {
  const manifests = inputs.flatMap((input) => parseYaml(createSource(input.path, input.text, input.origin)).manifests);
  const result = lint({ manifests, dockerfiles: [] }, { rules: [rule], kubeVersion: '1.34' });
  return result.findings.map((f) => `${f.file} ${f.messageId} ${f.path}`);
}

const target = (name: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
`;
const autoscaler = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 6
`;

test('an HPA of one overlay does not scale the Deployment of another overlay rendered in the same run', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: target('api') + autoscaler },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: target('api-v2') + autoscaler },
  ]);
  assert.deepEqual(findings, ['overlays/prod/kustomization.yaml targetMissing spec.scaleTargetRef.name']);
});

test('plain files of one folder are applied together: an HPA scales the Deployment of another file', () => {
  const findings = lintTogether([
    { path: 'deploy/deployment.yaml', origin: 'file', text: target('api').replace('spec:\n  template', 'spec:\n  replicas: 3\n  template') },
    { path: 'deploy/hpa.yaml', origin: 'file', text: autoscaler },
  ]);
  assert.deepEqual(findings, ['deploy/deployment.yaml targetSetsReplicas spec.replicas']);
});

test('an overlay without Deployments is told the input cannot say, even when another overlay rendered in the same run has one', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: autoscaler },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: target('api') + autoscaler },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml targetNotInInput spec.scaleTargetRef.name']);
});
