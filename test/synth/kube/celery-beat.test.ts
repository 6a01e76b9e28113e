import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { GENERATE_DEFAULTS as D } from '../../../src/config/defaults.ts';
import { celeryBeat } from '../../../src/synth/kube/celery-beat.ts';
import { synthesizeBase, synthesizeOverlay } from '../../../src/synth/kube/index.ts';
import { podSpecOf, restrictedViolations } from '../../helpers/pss-restricted.ts';
import { at, synthInput } from '../../helpers/synth.ts';

describe('Celery beat Deployment', () => {
  it('runs exactly one scheduler and replaces it with Recreate, never a second one beside it', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const beat = celeryBeat(model, options);
    assert.equal(beat.metadata.name, 'shop-beat');
    assert.equal(at(beat, 'spec', 'replicas'), 1);
    assert.deepEqual(at(beat, 'spec', 'strategy'), { type: 'Recreate' });
  });

  it('selects its pods with labels its template carries', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const beat = celeryBeat(model, options);
    const selector = at(beat, 'spec', 'selector', 'matchLabels');
    assert.deepEqual(selector, { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/component': 'beat' });
    const template = at(beat, 'spec', 'template', 'metadata', 'labels');
    for (const [k, v] of Object.entries(selector)) assert.equal(template[k], v, k);
  });

  it('writes its schedule file to a writable emptyDir at the folder the command names', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const beat = celeryBeat(model, options);
    const container = at(beat, 'spec', 'template', 'spec', 'containers', 0);
    assert.ok(container.command.includes(D.celery.scheduleFile));
    const dir = path.posix.dirname(D.celery.scheduleFile);
    const mount = container.volumeMounts.find((m: any) => m.mountPath === dir);
    assert.ok(mount !== undefined, `a mount at ${dir}`);
    assert.deepEqual(at(beat, 'spec', 'template', 'spec', 'volumes').find((v: any) => v.name === mount.name), { name: mount.name, emptyDir: {} });
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  });

  it('mounts no schedule volume with django-celery-beat\'s DatabaseScheduler, which keeps state in the database', async () => {
    const { model, options } = await synthInput('fixtures/projects/django-pip-tools-celery-beat');
    const container = at(celeryBeat(model, options), 'spec', 'template', 'spec', 'containers', 0);
    assert.ok(container.command.includes('django_celery_beat.schedulers:DatabaseScheduler'));
    assert.deepEqual(container.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
  });

  it('is never the target of an autoscaler in any environment', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { celery: { keda: { 'queue-length': 5 } } });
    const scalers = [
      ...synthesizeBase(model, options),
      ...options.environments.flatMap((env) => synthesizeOverlay(model, options, env).resources),
    ].filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject');
    assert.ok(scalers.length > 0);
    for (const s of scalers) assert.notEqual(at(s, 'spec', 'scaleTargetRef', 'name'), 'shop-beat');
  });

  it('passes the Pod Security Standards restricted checks', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    assert.deepEqual(restrictedViolations(podSpecOf(celeryBeat(model, options))!), []);
  });
});
