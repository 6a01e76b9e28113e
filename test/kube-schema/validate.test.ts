import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { packagePath } from '../../src/package-root.ts';
import { bundledKubeVersions, resolveKubeVersion, validateObjects } from '../../src/kube-schema/validate.ts';
import type { KubeObject } from '../../src/model/kube.ts';

function deployment(container: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'shop' } },
      template: { metadata: { labels: { app: 'shop' } }, spec: { containers: [{ name: 'web', image: 'shop', ...container }] } },
      ...spec,
    },
  };
}

test('Kubernetes 1.30 through 1.37 are bundled', () => {
  assert.deepEqual(bundledKubeVersions(), ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
});

test('a valid Deployment has no findings', () => {
  assert.deepEqual(validateObjects([deployment({ ports: [{ name: 'http', containerPort: 8000 }], resources: { limits: { memory: '512Mi', cpu: 1 } } }, { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } })], '1.34'), []);
});

test('a misspelt field is reported with its path, because the schemas are strict', () => {
  const findings = validateObjects([deployment({ imagePullPolcy: 'Always' })], '1.34');
  assert.deepEqual(findings, [{
    object: { kind: 'Deployment', name: 'shop' },
    path: '/spec/template/spec/containers/0/imagePullPolcy',
    message: 'is not a field of this object (misspelt, or not in this Kubernetes version)',
    level: 'error',
  }]);
});

test('a wrong type and an out-of-range int32 are errors', () => {
  const findings = validateObjects([deployment({ ports: [{ containerPort: '8000' }] }, { replicas: 2 ** 31 })], '1.34');
  assert.deepEqual(findings.map((f) => [f.path, f.message]), [
    ['/spec/replicas', 'must match format "int32"'],
    ['/spec/template/spec/containers/0/ports/0/containerPort', 'must be integer'],
  ]);
});

test('a field newer than the target version is an error for that version only', () => {
  // Pod-level `resources` entered the API in 1.32.
  const object = deployment({});
  (object['spec'] as { template: { spec: Record<string, unknown> } }).template.spec['resources'] = { requests: { cpu: '1' } };
  assert.equal(validateObjects([object], '1.34').length, 0);
  assert.deepEqual(validateObjects([object], '1.30').map((f) => f.path), ['/spec/template/spec/resources']);
});

test('a custom resource such as a KEDA ScaledObject is reported as not validated, not as an error', () => {
  const findings = validateObjects([{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'shop-worker' } }], '1.34');
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.level, 'not-validated');
  assert.match(findings[0]!.message, /no schema for keda\.sh\/v1alpha1 ScaledObject in Kubernetes 1\.34/);
});

test('v1.34, 1.34 and 1.34.2 all select the 1.34 schema', () => {
  assert.equal(resolveKubeVersion('v1.34'), '1.34');
  assert.equal(resolveKubeVersion('1.34.2'), '1.34');
});

test('an unsupported version is a UserError listing the bundled ones', () => {
  assert.throws(() => validateObjects([], '1.29'), (error: { code?: string; message: string }) => error.code === 'E_KUBE_VERSION' && error.message.includes('1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37'));
  assert.throws(() => resolveKubeVersion('latest'), { name: 'UserError' });
});

test('every bundled schema document is valid JSON Schema 2020-12 (checked here, since check skips it on every run)', () => {
  for (const version of bundledKubeVersions()) {
    const document = JSON.parse(gunzipSync(fs.readFileSync(packagePath('schemas', 'kubernetes', `v${version}.json.gz`))).toString('utf8')) as object;
    const ajv = new Ajv2020({ strict: false });
    assert.equal(ajv.validateSchema(document), true, `v${version}: ${ajv.errorsText(ajv.errors)}`);
  }
});
