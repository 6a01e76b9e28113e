import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
import rule from '../../../src/lint/rules/require-service-selector-match.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
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
      name: 'the selector matches the pod template labels',
      code: `${deployment}---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app.kubernetes.io/name: api
    app.kubernetes.io/component: web
  ports:
    - port: 80
      targetPort: 8000
`,
    },
    {
      name: 'a Service without a selector has hand-written endpoints',
      code: `${deployment}---
apiVersion: v1
kind: Service
metadata:
  name: external-db
spec:
  ports:
    - port: 5432
`,
    },
    {
      name: 'ExternalName Services select nothing by design',
      code: `apiVersion: v1
kind: Service
metadata:
  name: mail
spec:
  type: ExternalName
  externalName: smtp.example.com
`,
    },
    {
      name: 'objects in different namespaces do not match',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels: {app: api}
spec:
  containers:
    - name: web
      image: api:1
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector: {app: api}
  ports:
    - port: 80
`,
    },
  ],
  invalid: [
    {
      name: 'a label value that differs is named in the message',
      code: `${deployment}---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app.kubernetes.io/name: api
    app.kubernetes.io/component: http
  ports:
    - port: 80
      targetPort: 8000
`,
      errors: [{ messageId: 'noMatch', path: 'spec.selector', line: 23 }],
      output: null,
    },
    {
      name: 'a pod in another namespace does not count',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels: {app: api}
spec:
  containers:
    - name: web
      image: api:1
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: billing
spec:
  selector: {app: api}
  ports:
    - port: 80
`,
      errors: [{ messageId: 'noMatch', path: 'spec.selector', line: 18 }],
    },
    {
      name: 'a Service checked without any workload says so',
      code: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
`,
      errors: [{ messageId: 'noWorkloadsInInput', path: 'spec.selector', line: 6 }],
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

const api = (labels: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
        - name: web
          image: api:1
`;
const apiService = `---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - port: 80
`;

test('a Service of one overlay does not select the pods of another overlay rendered in the same run', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: api('app: api-v2') + apiService },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: api('app: api') + apiService },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml noMatch spec.selector']);
});

test('plain files of one folder are applied together: a Service selects the Deployment of another file', () => {
  const findings = lintTogether([
    { path: 'deploy/deployment.yaml', origin: 'file', text: api('app: api') },
    { path: 'deploy/service.yaml', origin: 'file', text: apiService },
  ]);
  assert.deepEqual(findings, []);
});

test('an overlay without workloads is told the input cannot say, even when another overlay rendered in the same run has them', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: apiService },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: api('app: api-v2') + apiService },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml noWorkloadsInInput spec.selector', 'overlays/prod/kustomization.yaml noMatch spec.selector']);
});
