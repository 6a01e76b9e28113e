import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
import rule from '../../../src/lint/rules/no-single-replica.ts';
import pdbRule from '../../../src/lint/rules/require-pdb-selects-pods.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const service = `---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8000
`;

runRuleTester(rule, {
  valid: [
    {
      name: 'three replicas behind a Service',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: api:1
${service}`,
    },
    {
      name: 'no replicas field while an HPA with minReplicas 2 owns the count',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels:
        app: api
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
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 6
${service}`,
    },
    {
      name: 'a Celery worker no Service targets is not judged by default',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: api:1
          args: ["celery", "-A", "proj", "worker"]
`,
    },
    {
      name: 'Celery beat is a singleton even when onlyServed is off',
      options: { onlyServed: false },
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: beat
spec:
  replicas: 1
  strategy:
    type: Recreate
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          args: ["celery", "-A", "proj", "beat"]
`,
    },
  ],
  invalid: [
    {
      name: 'replicas: 1 behind a Service',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: api:1
${service}`,
      errors: [{ messageId: 'tooFewReplicas', path: 'spec.replicas', line: 6 }],
      output: null,
    },
    {
      name: 'a missing replicas field means one replica; reported at spec',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: api:1
${service}`,
      errors: [{ messageId: 'tooFewReplicas', path: 'spec.replicas', line: 5 }],
    },
    {
      name: 'an HPA that may scale down to one is reported on the HPA',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels:
        app: api
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
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 6
${service}`,
      errors: [{ messageId: 'hpaMinReplicas', path: 'spec.minReplicas', line: 19 }],
    },
    {
      name: 'with onlyServed off, a single worker is reported too, against the configured minimum',
      options: { onlyServed: false, minReplicas: 3 },
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          args: ["celery", "-A", "proj", "worker"]
`,
      errors: [{ messageId: 'tooFewReplicas', path: 'spec.replicas', line: 6 }],
    },
  ],
});

test('overlays rendered in one run do not see each other: prod’s HPA does not cover dev, same-named budgets do not overlap', () => {
  const app = (replicas: string, extra: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
${replicas}  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: web
          image: api:1
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: api}
${service}${extra}`;
  const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 6
`;
  const renders = [createSource('overlays/dev', app('  replicas: 1\n', ''), 'kustomize'), createSource('overlays/prod', app('', hpa), 'kustomize')];
  const manifests = renders.flatMap((source) => parseYaml(source).manifests);
  const result = lint({ manifests, dockerfiles: [] }, { rules: [rule, pdbRule], kubeVersion: '1.34' });
  assert.deepEqual(result.findings.map((f) => `${f.file} ${f.rule} ${f.path}`), ['overlays/dev no-single-replica spec.replicas']);
});
