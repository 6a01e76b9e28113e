import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Config } from '../../../src/config/schema.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { bundledKubeVersions, validateObjects } from '../../../src/kube-schema/validate.ts';
import { synthesizeBase, synthesizeMigration, synthesizeOverlay } from '../../../src/synth/kube/index.ts';
import { FIXTURES } from '../../helpers/project.ts';
import { synthInput } from '../../helpers/synth.ts';

const FULL: Config = {
  ingress: { host: 'shop.example.com', class: 'nginx', 'tls-secret': 'shop-tls' },
  env: { dev: { host: 'shop.dev.example.com' }, prod: { autoscaling: { 'max-replicas': 12 } } },
  cronjobs: [{ name: 'etl', schedule: '0 3 * * *', command: ['python', '-m', 'shop.etl'], 'time-zone': 'Etc/UTC' }],
  celery: { keda: { 'queue-length': 20 } },
  settings: { LOG_LEVEL: 'info' },
};

const PROJECTS: Array<{ dir: string; config?: Config }> = [
  { dir: 'examples/shop-fastapi' }, { dir: 'examples/blog-django' }, { dir: 'examples/notes-flask' },
  ...fs.readdirSync(FIXTURES).filter((f) => f !== 'broken-pyproject').sort().map((f) => ({ dir: path.posix.join('fixtures/projects', f) })),
  { dir: 'examples/shop-fastapi', config: FULL },
  { dir: 'examples/blog-django', config: { celery: { keda: { 'queue-length': 10 } } } },
];

/** Every whole object py2kube writes for a project (overlay patches are partial by nature and are checked once merged, by kustomize). */
async function objectsOf(dir: string, config: Config | undefined, kubeVersion: string): Promise<KubeObject[]> {
  const { model, options: resolved } = await synthInput(dir, config);
  const options = { ...resolved, kubeVersion };
  const migration = synthesizeMigration(model, options);
  return [
    ...synthesizeBase(model, options),
    ...(migration !== null ? [migration] : []),
    ...options.environments.flatMap((env) => synthesizeOverlay(model, options, env).resources),
  ];
}

describe('Kubernetes schema', () => {
  const versions = bundledKubeVersions();
  // The oldest bundled version exercises the compatibility branches; the default is what users get; the newest catches removals.
  for (const version of [...new Set([versions[0]!, '1.34', versions.at(-1)!])]) {
    it(`validates every object of every example and fixture against the Kubernetes ${version} schema`, async () => {
      for (const { dir, config } of PROJECTS) {
        const objects = await objectsOf(dir, config, version);
        const errors = validateObjects(objects, version).filter((f) => f.level === 'error');
        assert.deepEqual(errors, [], `${dir}${config !== undefined ? ' (with config)' : ''}`);
      }
    });
  }

  it('reports KEDA\'s custom resources as not validated rather than as valid', async () => {
    const objects = await objectsOf('examples/shop-fastapi', FULL, '1.34');
    const skipped = validateObjects(objects, '1.34').filter((f) => f.level === 'not-validated').map((f) => f.object.kind).sort();
    assert.deepEqual(skipped, ['ScaledObject', 'TriggerAuthentication']);
  });
});
