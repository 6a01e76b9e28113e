import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
import rule from '../../../src/lint/rules/require-ingress-backend-exists.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const service = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - name: http
      port: 80
      targetPort: 8000
---
`;

const ingress = (backend: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
${backend}`;

runRuleTester(rule, {
  valid: [
    {
      name: 'backend by Service name and port number',
      code: service + ingress(`              service:
                name: api
                port:
                  number: 80
`),
    },
    {
      name: 'backend by port name',
      code: service + ingress(`              service:
                name: api
                port:
                  name: http
`),
    },
    {
      name: 'the older extensions/v1beta1 shape',
      code: `${service}apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: api
spec:
  backend:
    serviceName: api
    servicePort: 80
`,
    },
    {
      name: 'resource backends are not Services',
      code: `${service}apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: static
spec:
  defaultBackend:
    resource:
      apiGroup: k8s.example.com
      kind: StorageBucket
      name: static-assets
`,
    },
  ],
  invalid: [
    {
      name: 'a misspelt Service name gets a suggestion',
      code: service + ingress(`              service:
                name: apii
                port:
                  number: 80
`),
      errors: [{ messageId: 'serviceMissing', path: 'spec.rules[0].http.paths[0].backend.service.name', line: 25 }],
      output: null,
    },
    {
      name: 'a port the Service does not have',
      code: service + ingress(`              service:
                name: api
                port:
                  number: 8000
`),
      errors: [{ messageId: 'portMissing', path: 'spec.rules[0].http.paths[0].backend.service.port.number', line: 27 }],
    },
    {
      name: 'a port name the Service does not have',
      code: service + ingress(`              service:
                name: api
                port:
                  name: web
`),
      errors: [{ messageId: 'portMissing', path: 'spec.rules[0].http.paths[0].backend.service.port.name', line: 27 }],
    },
    {
      name: 'an Ingress checked without any Service says so',
      code: ingress(`              service:
                name: api
                port:
                  number: 80
`),
      errors: [{ messageId: 'serviceNotInInput', path: 'spec.rules[0].http.paths[0].backend.service.name', line: 14 }],
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

const backend = (service: string): string => `apiVersion: v1
kind: Service
metadata:
  name: ${service}
spec:
  selector: {app: api}
  ports:
    - {name: http, port: 80}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: api, port: {name: http}}
`;

test('an Ingress of one overlay does not reach the Service of another overlay rendered in the same run', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: backend('api-v2') },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: backend('api') },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml serviceMissing spec.rules[0].http.paths[0].backend.service.name']);
});

test('an overlay without Services is told the input cannot say, even when another overlay rendered in the same run has Services', () => {
  const onlyIngress = backend('api').slice(backend('api').indexOf('apiVersion: networking.k8s.io/v1'));
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: onlyIngress },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: backend('api-v2') },
  ]);
  assert.deepEqual(findings, [
    'overlays/dev/kustomization.yaml serviceNotInInput spec.rules[0].http.paths[0].backend.service.name',
    'overlays/prod/kustomization.yaml serviceMissing spec.rules[0].http.paths[0].backend.service.name',
  ]);
});

test('Services of plain files count for every overlay', () => {
  const onlyIngress = backend('api').slice(backend('api').indexOf('apiVersion: networking.k8s.io/v1'));
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: onlyIngress },
    { path: 'shared/service.yaml', origin: 'file', text: backend('other').slice(0, backend('other').indexOf('---')) },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml serviceMissing spec.rules[0].http.paths[0].backend.service.name']);
});
