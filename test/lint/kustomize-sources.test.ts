import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { toSarif } from '../../src/cli/reporters/sarif.ts';
import { renderCheckText } from '../../src/cli/reporters/check-text.ts';
import { check, rules } from '../../src/lint/index.ts';
import type { Manifest } from '../../src/lint/load/manifest.ts';
import { loadInputs } from '../../src/lint/load/sources.ts';
import { testdir } from '../helpers/project.ts';

// What `kustomize build` would print is written out by hand here, so these run without kubectl;
// test/lint/kustomize.test.ts renders real layouts with the real tool.

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          resources:
            requests: {cpu: 100m}
        - name: shipper
          image: ghcr.io/acme/shipper:2.0.0
`;

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `"${needle}" is in the text`);
  return index + 1;
}

function locate(manifest: Manifest | undefined, fieldPath: Array<string | number>): string {
  const mapped = manifest?.sourceMap?.locate(fieldPath) ?? null;
  return mapped === null ? 'rendered' : `${mapped.source.path}:${mapped.position.line}:${mapped.position.column}`;
}

test('fields map through nested name prefixes and suffixes to the base, and to the patch that sets them', () => {
  const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: shipper\n          image: ghcr.io/acme/shipper:latest\n';
  const dir = testdir({
    'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'base/deployment.yaml': DEPLOYMENT,
    'mid/kustomization.yaml': 'namePrefix: mid-\nnameSuffix: -v2\nresources:\n  - ../base\n',
    'top/kustomization.yaml': 'namePrefix: top-\nnamespace: prod\nresources:\n  - ../mid\npatches:\n  - path: patch.yaml\n',
    'top/patch.yaml': patch,
  });
  // Strategic merge puts the patched container first, as kustomize does.
  const rendered = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: top-mid-web-v2\n  namespace: prod\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - image: ghcr.io/acme/shipper:latest\n        name: shipper\n      - image: ghcr.io/acme/web:1.0.0\n        name: web\n        resources:\n          requests:\n            cpu: 100m\n';
  const { manifests } = loadInputs(['top'], { cwd: dir, renderKustomize: () => rendered });
  const web = manifests[0];
  assert.equal(web?.name, 'top-mid-web-v2');
  assert.equal(locate(web, ['spec', 'template', 'spec', 'containers', 0, 'image']), `top/patch.yaml:${lineOf(patch, 'shipper:latest')}:11`);
  assert.equal(locate(web, ['spec', 'template', 'spec', 'containers', 1, 'image']), `base/deployment.yaml:${lineOf(DEPLOYMENT, 'web:1.0.0')}:11`);
  assert.equal(locate(web, ['spec', 'replicas']), `base/deployment.yaml:${lineOf(DEPLOYMENT, 'replicas')}:3`);
  // Missing everywhere: the deepest parent, in the base even where the patch holds it as deep.
  assert.equal(locate(web, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits']), `base/deployment.yaml:${lineOf(DEPLOYMENT, '- name: shipper')}:11`);
  assert.equal(locate(web, ['spec', 'template', 'spec', 'containers', 1, 'resources', 'limits', 'memory']), `base/deployment.yaml:${lineOf(DEPLOYMENT, 'resources:')}:11`);
  assert.equal(locate(web, []), `base/deployment.yaml:${lineOf(DEPLOYMENT, 'apiVersion')}:1`);
  assert.equal(web?.source.origin, 'kustomize');
  assert.equal(web?.file, 'top/kustomization.yaml');
});

test('patchesStrategicMerge and patchesJson6902 files are followed; inline patches and remote bases are skipped', () => {
  const operations = '- op: add\n  path: /spec/template/spec/containers/0/resources/limits\n  value:\n    memory: 1Gi\n- op: remove\n  path: /spec/replicas\n';
  const dir = testdir({
    'app/kustomization.yaml': [
      'resources:',
      '  - deployment.yaml',
      '  - https://github.com/acme/platform//base?ref=v1.2.0',
      'patchesStrategicMerge:',
      '  - shipper.yaml',
      '  - |-',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata: {name: web}',
      '    spec: {minReadySeconds: 5}',
      'patchesJson6902:',
      '  - target: {group: apps, version: v1, kind: Deployment, name: web}',
      '    path: operations.yaml',
      '',
    ].join('\n'),
    'app/deployment.yaml': DEPLOYMENT,
    'app/shipper.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: shipper\n          image: ghcr.io/acme/shipper:2.1.0\n',
    'app/operations.yaml': operations,
  });
  const rendered = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  minReadySeconds: 5\n  template:\n    spec:\n      containers:\n      - name: web\n        image: ghcr.io/acme/web:1.0.0\n        resources: {requests: {cpu: 100m}, limits: {memory: 1Gi}}\n      - name: shipper\n        image: ghcr.io/acme/shipper:2.1.0\n';
  const web = loadInputs(['app'], { cwd: dir, renderKustomize: () => rendered }).manifests[0];
  assert.equal(locate(web, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'memory']), `app/operations.yaml:${lineOf(operations, 'memory')}:5`);
  assert.equal(locate(web, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests']), `app/deployment.yaml:${lineOf(DEPLOYMENT, 'requests')}:13`);
  assert.equal(locate(web, ['spec', 'template', 'spec', 'containers', 1, 'image']), 'app/shipper.yaml:9:11');
  // Set by the inline patch, which has no file: the nearest parent the base writes.
  assert.equal(locate(web, ['spec', 'minReadySeconds']), `app/deployment.yaml:${lineOf(DEPLOYMENT, 'spec:')}:1`);
});

test('an object no file holds stays on the kustomization in rendered lines, and SARIF points at its first line', async () => {
  const dir = testdir({
    'app/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - https://github.com/acme/platform//worker?ref=v1\n',
    'app/deployment.yaml': DEPLOYMENT,
  });
  const worker = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker}\nspec:\n  template:\n    spec:\n      containers:\n      - name: worker\n        image: ghcr.io/acme/worker:1.0.0\n        resources: {requests: {cpu: 100m}}\n';
  const rendered = `${DEPLOYMENT.replace(/\n {2}replicas: 2/, '')}---\n${worker}`;
  const result = await check(['app'], { cwd: dir, renderKustomize: () => rendered, severity: 'info' });
  const memory = result.findings.filter((f) => f.rule === 'require-memory-limit').map((f) => `${f.file}:${f.line} ${f.object?.name}/${f.container}`);
  assert.deepEqual(memory, ['app/deployment.yaml:12 web/web', 'app/deployment.yaml:14 web/shipper', `app/kustomization.yaml:${lineOf(rendered, 'resources: {requests')} worker/worker`]);
  const sarif = toSarif(result, rules, '0.0.0') as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }> }> }> };
  const regions = sarif.runs[0]!.results.filter((r) => r.ruleId === 'require-memory-limit').map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri} ${JSON.stringify(r.locations[0]!.physicalLocation.region)}`);
  assert.deepEqual(regions, [
    'app/deployment.yaml {"startLine":12,"startColumn":11,"endLine":13,"endColumn":34}',
    'app/deployment.yaml {"startLine":14,"startColumn":11,"endLine":15,"endColumn":44}',
    'app/kustomization.yaml {"startLine":1}',
  ]);
  const text = renderCheckText({ ...result, threshold: 'error', failed: true, kubeVersion: '1.34', configFile: null }, false);
  assert.match(text, /^app\/deployment\.yaml \(a Kustomize source: fix it by hand; --fix does not edit it\)$/m);
  assert.match(text, /^app\/kustomization\.yaml \(rendered by kustomize; lines are in its output\)$/m);
  assert.ok(result.findings.every((f) => f.origin === 'kustomize' && !f.fixable));
});

test('a name a replacement rewrites still finds its resource, as the migrate Job generate writes', () => {
  const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: shop-migrate\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n          image: shop\n';
  const dir = testdir({
    'base/kustomization.yaml': 'resources:\n  - job.yaml\n',
    'base/job.yaml': job,
    'prod/kustomization.yaml': 'resources:\n  - ../base\nreplacements:\n  - source: {kind: Job, name: shop-migrate, fieldPath: "spec.template.spec.containers.[name=migrate].image", options: {delimiter: ":", index: 1}}\n    targets:\n      - select: {kind: Job, name: shop-migrate}\n        fieldPaths: [metadata.name]\n        options: {delimiter: "-", index: 2}\n',
  });
  const rendered = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: shop-migrate-1.4.2\nspec:\n  template:\n    spec:\n      containers:\n      - name: migrate\n        image: ghcr.io/acme/shop:1.4.2\n';
  const migrate = loadInputs(['prod'], { cwd: dir, renderKustomize: () => rendered }).manifests[0];
  assert.equal(locate(migrate, ['spec', 'template', 'spec', 'containers', 0, 'image']), `base/job.yaml:${lineOf(job, 'image')}:11`);
});

test('overlays share one read of their base, and a finding they all map to one line is reported once', async () => {
  const dir = testdir({
    'deploy/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'deploy/base/deployment.yaml': DEPLOYMENT,
    'deploy/overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n  - ../../base\n',
    'deploy/overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../../base\n',
  });
  const render = (folder: string): string => DEPLOYMENT.replace('name: web\n', `name: web\n  namespace: ${path.basename(folder)}\n`);
  const loaded = loadInputs(['deploy'], { cwd: dir, renderKustomize: render });
  const [dev, prod] = loaded.manifests;
  const field = ['spec', 'template', 'spec', 'containers', 0, 'image'];
  assert.equal(dev?.sourceMap?.locate(field)?.source, prod?.sourceMap?.locate(field)?.source);
  const result = await check(['deploy'], { cwd: dir, renderKustomize: render, severity: 'info' });
  // The namespace differs, so the object does: one finding per overlay.
  assert.deepEqual(result.findings.filter((f) => f.rule === 'require-memory-limit' && f.container === 'web').map((f) => `${f.file}:${f.line} ${f.object?.namespace}`), ['deploy/base/deployment.yaml:12 dev', 'deploy/base/deployment.yaml:12 prod']);
  const same = await check(['deploy'], { cwd: dir, renderKustomize: () => DEPLOYMENT, severity: 'info' });
  assert.deepEqual(same.findings.filter((f) => f.rule === 'require-memory-limit' && f.container === 'web').map((f) => `${f.file}:${f.line}`), ['deploy/base/deployment.yaml:12']);
});

test('a py2kube-ignore comment in a patch suppresses the finding mapped there; one without a reason is reported in its file', async () => {
  const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: shipper\n          # py2kube-ignore no-latest-image-tag -- the vendor publishes only latest\n          image: ghcr.io/acme/shipper:latest\n';
  const base = DEPLOYMENT.replace('        - name: shipper\n', '        # py2kube-ignore require-memory-limit\n        - name: shipper\n');
  const dir = testdir({
    'app/kustomization.yaml': 'resources:\n  - deployment.yaml\npatches:\n  - path: patch.yaml\n',
    'app/deployment.yaml': base,
    'app/patch.yaml': patch,
  });
  const rendered = DEPLOYMENT.replace('shipper:2.0.0', 'shipper:latest');
  const result = await check(['app'], { cwd: dir, renderKustomize: () => rendered, severity: 'info' });
  assert.deepEqual(result.suppressed.map((f) => `${f.file}:${f.line} ${f.rule} ${f.suppression.kind}`), [`app/patch.yaml:${lineOf(patch, 'image:')} no-latest-image-tag comment`]);
  assert.ok(!result.findings.some((f) => f.rule === 'no-latest-image-tag'));
  assert.deepEqual(result.findings.filter((f) => f.rule === 'require-valid-suppression').map((f) => `${f.file}:${f.line} ${f.messageId}`), [`app/deployment.yaml:${lineOf(base, 'py2kube-ignore')} missingReason`]);
  // Without a reason the comment suppresses nothing.
  assert.ok(result.findings.some((f) => f.rule === 'require-memory-limit' && f.container === 'shipper'));
});
