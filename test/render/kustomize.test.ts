import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { GENERATE_DEFAULTS as D } from '../../src/config/defaults.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { mergeKustomization, renderKustomize, type KustomizeInput } from '../../src/render/kustomize.ts';
import type { EnvironmentOptions } from '../../src/synth/options.ts';

function env(name: string, extra: Partial<EnvironmentOptions> = {}): EnvironmentOptions {
  return { name, replicas: 1, autoscaling: null, host: null, imageTag: null, workers: 2, cpuMillis: 500, memoryMiB: 512, memoryLimitMiB: 512, ...extra };
}

const WEB: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop' },
  spec: { template: { spec: { containers: [{ name: 'web', image: 'shop' }] } } },
};
const JOB: KubeObject = {
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'shop-migrate' },
  spec: { template: { spec: { containers: [{ name: 'migrate', image: 'shop' }] } } },
};

function input(extra: Partial<KustomizeInput> = {}): KustomizeInput {
  return { name: 'shop', image: 'ghcr.io/acme/shop', base: [WEB], migration: JOB, overlays: [{ env: env('dev'), resources: [], patches: [] }], ...extra };
}

function file(files: ReturnType<typeof renderKustomize>, name: string): Record<string, any> {
  const found = files.find((f) => f.path === name);
  assert.ok(found, `${name} is written`);
  return parse(found.body) as Record<string, any>;
}

test('the layout: base, base/migrate, and per environment an overlay and a migrate overlay', () => {
  const files = renderKustomize(input());
  assert.deepEqual(files.map((f) => [f.path, f.mode]), [
    ['base/kustomization.yaml', 'owned'],
    ['base/deployment-shop.yaml', 'owned'],
    ['base/migrate/kustomization.yaml', 'owned'],
    ['base/migrate/job-shop-migrate.yaml', 'owned'],
    ['overlays/dev/kustomization.yaml', 'merged'],
    ['overlays/dev/migrate/kustomization.yaml', 'merged'],
  ]);
  assert.deepEqual(file(files, 'base/kustomization.yaml')['resources'], ['deployment-shop.yaml']);
  assert.deepEqual(file(files, 'overlays/dev/migrate/kustomization.yaml')['resources'], ['../../../base/migrate']);
});

test('each overlay points the app image at the repository with the placeholder tag until CI sets it', () => {
  const files = renderKustomize(input());
  assert.deepEqual(file(files, 'overlays/dev/kustomization.yaml')['images'], [{ name: 'shop', newName: 'ghcr.io/acme/shop', newTag: D.release.tagPlaceholder }]);
  assert.deepEqual(file(files, 'overlays/dev/migrate/kustomization.yaml')['images'], [{ name: 'shop', newName: 'ghcr.io/acme/shop', newTag: D.release.tagPlaceholder }]);
});

test('a configured image-tag replaces the placeholder', () => {
  const files = renderKustomize(input({ overlays: [{ env: env('prod', { imageTag: 'v1-2-0' }), resources: [], patches: [] }] }));
  assert.equal(file(files, 'overlays/prod/kustomization.yaml')['images'][0].newTag, 'v1-2-0');
});

test('the migration Job is renamed after the tag by a replacement, reading the tag after the registry port', () => {
  const files = renderKustomize(input({ image: 'registry.local:5000/shop' }));
  const [replacement] = file(files, 'overlays/dev/migrate/kustomization.yaml')['replacements'];
  assert.deepEqual(replacement.source, { kind: 'Job', name: 'shop-migrate', fieldPath: 'spec.template.spec.containers.[name=migrate].image', options: { delimiter: ':', index: 2 } });
  assert.deepEqual(replacement.targets[0], { select: { kind: 'Job', name: 'shop-migrate' }, fieldPaths: ['metadata.name'], options: { delimiter: '-', index: 2 } });
});

test('patches and overlay-only resources get files of their own, listed in the overlay', () => {
  const hpa: KubeObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'shop' } };
  const patch: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop' } };
  const files = renderKustomize(input({ overlays: [{ env: env('prod'), resources: [hpa], patches: [patch] }] }));
  const overlay = file(files, 'overlays/prod/kustomization.yaml');
  assert.deepEqual(overlay['resources'], ['../../base', 'horizontalpodautoscaler-shop.yaml']);
  assert.deepEqual(overlay['patches'], [{ path: 'patch-deployment-shop.yaml' }]);
  assert.ok(files.some((f) => f.path === 'overlays/prod/patch-deployment-shop.yaml'));
});

test('an image-tag that cannot end a Job name is refused with the key and a fixed value', () => {
  assert.throws(() => renderKustomize(input({ overlays: [{ env: env('prod', { imageTag: 'V1.2_0' }), resources: [], patches: [] }] })),
    (error: { code?: string; message: string; hint?: string }) => error.code === 'E_CONFIG_INVALID' && error.message.includes('env.prod.image-tag "V1.2_0"') && error.hint === 'Use a tag such as "v1-2-0".');
});

test('an app name too long for a per-release Job name is refused with the limit', () => {
  const long = 'a'.repeat(45);
  assert.throws(() => renderKustomize(input({ name: long, migration: { ...JOB, metadata: { name: `${long}-migrate` } } })), /Kubernetes allows 63/);
});

test('merging keeps the user\'s entries and keys with their comments, and drops stale generated ones', () => {
  const fresh = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\npatches:\n  - path: patch-deployment-shop.yaml\nimages:\n  - name: shop\n    newTag: set-by-ci\n';
  const existing = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n  - horizontalpodautoscaler-shop.yaml\n  - extra.yaml\npatches:\n  - path: patch-deployment-shop.yaml\n  # why we patch\n  - path: my-patch.yaml\nimages:\n  - name: shop\n    newTag: abc\n  - name: sidecar\n    newTag: "2"\nnamespace: shop-prod # prod\n';
  const generated = new Set(['horizontalpodautoscaler-shop.yaml']);
  const merged = mergeKustomization(fresh, existing, (key, entry) => (key === 'images' ? entry === 'shop' : generated.has(entry)));
  assert.deepEqual(parse(merged), {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['../../base', 'extra.yaml'],
    patches: [{ path: 'patch-deployment-shop.yaml' }, { path: 'my-patch.yaml' }],
    images: [{ name: 'shop', newTag: 'set-by-ci' }, { name: 'sidecar', newTag: '2' }],
    namespace: 'shop-prod',
  });
  assert.match(merged, /# why we patch\n  - path: my-patch.yaml/);
  assert.match(merged, /namespace: shop-prod # prod/);
  assert.equal(mergeKustomization(fresh, merged, (key, entry) => (key === 'images' ? entry === 'shop' : generated.has(entry))), merged, 'merging again changes nothing');
});

test('merging with nothing added returns the fresh text byte for byte', () => {
  const fresh = 'kind: Kustomization\nresources:\n  - ../../base\n';
  assert.equal(mergeKustomization(fresh, 'kind: Kustomization\nresources: [../../base]\n', () => false), fresh);
});
