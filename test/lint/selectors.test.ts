import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Manifest } from '../../src/lint/load/manifest.ts';
import { createSource, parseYaml } from '../../src/lint/load/yaml.ts';
import { anyOfKind, anyWorkload, matchesSelector, objectsNamed, sameRendering, serviceTargetsOf, servicesSelecting } from '../../src/lint/selectors.ts';
import { runsToCompletion, toWorkload, type Workload } from '../../src/lint/workload.ts';

/** The objects of one input: a plain file, or a rendered Kustomize overlay. */
function read(path: string, text: string, origin: 'file' | 'kustomize' = 'file'): Manifest[] {
  return parseYaml(createSource(path, text, origin)).manifests;
}

function workload(manifest: Manifest | undefined): Workload {
  assert.ok(manifest !== undefined);
  const found = toWorkload(manifest);
  assert.ok(found !== null);
  return found;
}

describe('matchesSelector', () => {
  const labels = { app: 'shop', tier: 'web', track: 'stable' };

  test('a plain map, as Services use, needs every label', () => {
    assert.equal(matchesSelector({ app: 'shop', tier: 'web' }, labels), true);
    assert.equal(matchesSelector({ app: 'shop', tier: 'worker' }, labels), false);
  });

  test('matchLabels and matchExpressions must all hold', () => {
    const selector = {
      matchLabels: { app: 'shop' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'api'] },
        { key: 'track', operator: 'NotIn', values: ['canary'] },
        { key: 'track', operator: 'Exists' },
        { key: 'debug', operator: 'DoesNotExist' },
      ],
    };
    assert.equal(matchesSelector(selector, labels), true);
    assert.equal(matchesSelector(selector, { ...labels, track: 'canary' }), false);
    assert.equal(matchesSelector(selector, { ...labels, debug: 'true' }), false);
    assert.equal(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['worker'] }] }, labels), false);
    // NotIn holds for pods without the label at all.
    assert.equal(matchesSelector({ matchExpressions: [{ key: 'debug', operator: 'NotIn', values: ['true'] }] }, labels), true);
  });

  test('an unknown operator, an expression without a key, and an empty selector select nothing', () => {
    assert.equal(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'Matches', values: ['web'] }] }, labels), false);
    assert.equal(matchesSelector({ matchExpressions: [{ operator: 'Exists' }] }, labels), false);
    assert.equal(matchesSelector({}, labels), false);
    assert.equal(matchesSelector({ matchLabels: {} }, labels), false);
    assert.equal(matchesSelector(undefined, labels), false);
  });
});

const deployment = (name: string, namespace?: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace === undefined ? '' : `  namespace: ${namespace}\n`}spec:
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
        - name: web
          image: shop:1
          ports: [{name: http, containerPort: 8000}]
---
`;

describe('sameRendering', () => {
  const dev = read('overlays/dev/kustomization.yaml', deployment('a') + deployment('b'), 'kustomize');
  const prod = read('overlays/prod/kustomization.yaml', deployment('a'), 'kustomize');
  const plain = read('deploy/a.yaml', deployment('a'));
  const otherPlain = read('other/b.yaml', deployment('b'));

  test('objects of one Kustomize rendering are applied together, those of two renderings are not', () => {
    assert.equal(sameRendering(dev[0]!, dev[1]!), true);
    assert.equal(sameRendering(dev[0]!, prod[0]!), false);
  });

  test('plain files are applied together whatever their folder, and with any rendering', () => {
    assert.equal(sameRendering(plain[0]!, otherPlain[0]!), true);
    assert.equal(sameRendering(plain[0]!, dev[0]!), true);
    assert.equal(sameRendering(prod[0]!, plain[0]!), true);
  });
});

describe('objectsNamed, anyOfKind and anyWorkload across renderings', () => {
  const dev = read('overlays/dev/kustomization.yaml', deployment('api'), 'kustomize');
  const prod = read('overlays/prod/kustomization.yaml', `${deployment('api')}apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
`, 'kustomize');
  const plain = read('shared/config.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
`);
  const objects = [...dev, ...prod, ...plain];

  test('an object of another rendering with the same name is not found; a plain file is found from every rendering', () => {
    assert.deepEqual(objectsNamed(objects, 'Deployment', 'api', dev[0]!), [dev[0]]);
    assert.deepEqual(objectsNamed(objects, 'Deployment', 'api', prod[0]!), [prod[0]]);
    assert.deepEqual(objectsNamed(objects, 'Deployment', 'api', plain[0]!), [dev[0], prod[0]]);
    assert.deepEqual(objectsNamed(objects, 'ConfigMap', 'settings', dev[0]!), [plain[0]]);
  });

  test('namespaces must agree when both are written', () => {
    const elsewhere = read('deploy/web.yaml', deployment('web', 'billing'));
    assert.deepEqual(objectsNamed([...objects, ...elsewhere], 'ConfigMap', 'settings', elsewhere[0]!), []);
  });

  test('"none of that kind at all" is asked of the object\'s own rendering and the plain files', () => {
    assert.equal(anyOfKind(objects, 'ServiceAccount', prod[0]!), true);
    assert.equal(anyOfKind(objects, 'ServiceAccount', dev[0]!), false);
    assert.equal(anyOfKind(objects, 'ServiceAccount', plain[0]!), true);
    assert.equal(anyOfKind(objects, 'ConfigMap', dev[0]!), true);
    assert.equal(anyOfKind(objects, 'Ingress', prod[0]!), false);
  });

  test('a rendering without workloads has none, even when another rendering has them', () => {
    const policy = read('overlays/staging/kustomization.yaml', `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {matchLabels: {app: shop}}
`, 'kustomize');
    assert.equal(anyWorkload([...dev, ...policy], policy[0]!), false);
    assert.equal(anyWorkload([...dev, ...policy], dev[0]!), true);
    assert.equal(anyWorkload([...dev, ...plain], plain[0]!), true);
  });
});

describe('servicesSelecting and runsToCompletion', () => {
  const pod = (name: string, extra: { annotations?: string; restartPolicy?: string }): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: shop}
${extra.annotations === undefined ? '' : `  annotations: {${extra.annotations}}\n`}spec:
${extra.restartPolicy === undefined ? '' : `  restartPolicy: ${extra.restartPolicy}\n`}  containers:
    - name: main
      image: busybox:1
---
`;
  const chart = (targetPort: string): Manifest[] => read('chart.yaml', `${deployment('shop')}${pod('shop-test-connection', { annotations: '"helm.sh/hook": test', restartPolicy: 'Never' })}${pod('smoke', { annotations: 'argocd.argoproj.io/hook: PostSync' })}${pod('seed', { restartPolicy: 'OnFailure' })}${pod('debug', { restartPolicy: 'Always' })}${pod('plain', {})}apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    metadata:
      labels: {app: shop}
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: shop:1
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector: {app: shop}
  ports:
    - port: 80
      targetPort: ${targetPort}
`);
  const objects = chart('http');
  const byName = (name: string, from = objects): Workload => workload(from.find((o) => o.name === name));

  test('hook Pods, bare Pods that do not restart, Jobs and CronJobs run to completion; Deployments and restarting Pods do not', () => {
    const verdicts = Object.fromEntries(['shop', 'shop-test-connection', 'smoke', 'seed', 'debug', 'plain', 'migrate'].map((name) => [name, runsToCompletion(byName(name))]));
    assert.deepEqual(verdicts, { shop: false, 'shop-test-connection': true, smoke: true, seed: true, debug: false, plain: false, migrate: true });
  });

  test('a Service selects the serving workloads only, though every pod carries its labels', () => {
    const selected = ['shop', 'shop-test-connection', 'smoke', 'seed', 'debug', 'plain', 'migrate'].filter((name) => servicesSelecting(byName(name), objects).length > 0);
    assert.deepEqual(selected, ['shop', 'debug', 'plain']);
  });

  test('no Service port targets a container of a run-to-completion Pod, even a numeric targetPort that reaches any first container', () => {
    const numeric = chart('8000');
    const helmTest = byName('shop-test-connection', numeric);
    assert.deepEqual(serviceTargetsOf(helmTest.containers[0]!, helmTest, numeric), []);
    const plain = byName('plain', numeric);
    assert.deepEqual(serviceTargetsOf(plain.containers[0]!, plain, numeric).map((t) => [t.service.name, t.containerPort]), [['shop', 8000]]);
  });
});
