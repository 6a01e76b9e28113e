import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
import rule from '../../../src/lint/rules/no-service-for-celery-worker.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const deployment = (name: string, component: string, containers: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    metadata:
      labels: {app.kubernetes.io/name: shop, app.kubernetes.io/component: ${component}}
    spec:
      containers:
${containers}---
`;

const web = deployment('shop', 'web', `        - name: web
          image: shop:1
          args: ["gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi"]
`);
const worker = deployment('shop-worker', 'worker', `        - name: worker
          image: shop:1
          args: ["celery", "-A", "shop", "worker", "--max-tasks-per-child", "200"]
`);

const service = (selector: string): string => `apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector: {${selector}}
  ports:
    - port: 80
      targetPort: 8000
`;

runRuleTester(rule, {
  valid: [
    { name: 'the Service selects only the web pods', code: web + worker + service('app.kubernetes.io/name: shop, app.kubernetes.io/component: web') },
    {
      name: 'Flower serves HTTP and may have a Service',
      code: deployment('flower', 'flower', `        - name: flower
          image: shop:1
          args: ["celery", "-A", "shop", "flower", "--port=5555"]
`) + service('app.kubernetes.io/component: flower'),
    },
    {
      name: 'a metrics sidecar with a port may be what the Service targets',
      code: deployment('shop-worker', 'worker', `        - name: worker
          image: shop:1
          args: ["celery", "-A", "shop", "worker"]
      initContainers:
        - name: exporter
          image: celery-exporter:1
          restartPolicy: Always
          ports:
            - name: metrics
              containerPort: 9808
`) + service('app.kubernetes.io/component: worker'),
    },
  ],
  invalid: [
    {
      name: 'a selector too wide takes in the worker pods',
      code: web + worker + service('app.kubernetes.io/name: shop'),
      errors: [{ messageId: 'serviceForWorker', path: 'spec.selector', line: 34 }],
      output: null,
    },
    {
      name: 'a worker started after its migrations in sh -c',
      code: deployment('shop-worker', 'worker', `        - name: worker
          image: shop:1
          command: ["sh", "-c", "python manage.py migrate && exec celery -A shop worker"]
`) + service('app.kubernetes.io/component: worker'),
      errors: [{ messageId: 'serviceForWorker', path: 'spec.selector', line: 20 }],
    },
    {
      name: 'a Service in front of beat',
      code: deployment('shop-beat', 'beat', `        - name: beat
          image: shop:1
          args: ["celery", "-A", "shop", "beat"]
`) + service('app.kubernetes.io/component: beat'),
      errors: [{ messageId: 'serviceForWorker', path: 'spec.selector', line: 20 }],
    },
  ],
});

/** Lints several inputs in one run, as `check` does: `kustomize` sources are rendered overlays, `file` sources plain files. */
function lintTogether(inputs: Array<{ path: string; origin: 'kustomize' | 'file'; text: string }>): string[] {
  const manifests = inputs.flatMap((input) => parseYaml(createSource(input.path, input.text, input.origin)).manifests);
  const result = lint({ manifests, dockerfiles: [] }, { rules: [rule], kubeVersion: '1.34' });
  return result.findings.map((f) => `${f.file} ${f.messageId} ${f.path}`);
}

test('a Service of another overlay rendered in the same run does not front this overlay’s worker', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: worker.replace(/---\n$/, '') },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: web + service('app.kubernetes.io/name: shop') },
  ]);
  assert.deepEqual(findings, []);
});
