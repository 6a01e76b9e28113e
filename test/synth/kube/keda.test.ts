import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUserError } from '../../../src/errors.ts';
import { synthesizeBase } from '../../../src/synth/kube/index.ts';
import { kedaObjects } from '../../../src/synth/kube/keda.ts';
import { SECRET_KEYS_ANNOTATION } from '../../../src/synth/kube/meta.ts';
import { at, find, synthInput } from '../../helpers/synth.ts';

describe('KEDA ScaledObject for the Celery worker', () => {
  it('is not written unless celery.keda is configured', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    assert.deepEqual(kedaObjects(model, options), []);
  });

  it('scales the worker on the Redis list length, with credentials from keys of the app\'s Secret', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { celery: { keda: { 'queue-length': 20, 'max-replicas': 8 } } });
    const objects = kedaObjects(model, options);
    const auth = find(objects, 'TriggerAuthentication', 'shop-worker');
    assert.deepEqual(at(auth, 'spec', 'secretTargetRef'), [
      { parameter: 'address', name: 'shop-secrets', key: 'KEDA_REDIS_ADDRESS' },
      { parameter: 'password', name: 'shop-secrets', key: 'KEDA_REDIS_PASSWORD' },
    ]);
    const scaled = find(objects, 'ScaledObject', 'shop-worker');
    assert.equal(scaled.apiVersion, 'keda.sh/v1alpha1');
    assert.deepEqual(at(scaled, 'spec', 'scaleTargetRef'), { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop-worker' });
    assert.equal(at(scaled, 'spec', 'maxReplicaCount'), 8);
    assert.deepEqual(at(scaled, 'spec', 'triggers'), [
      { type: 'redis', metadata: { listName: 'celery', listLength: '20' }, authenticationRef: { name: 'shop-worker' } },
    ]);
  });

  it('scales a RabbitMQ worker on the queue length, reading the broker URL from the Secret', async () => {
    const { model, options } = await synthInput('examples/blog-django', { celery: { keda: { 'queue-length': 10 } } });
    const objects = kedaObjects(model, options);
    assert.deepEqual(at(find(objects, 'TriggerAuthentication', 'blog-django-worker'), 'spec', 'secretTargetRef'), [
      { parameter: 'host', name: 'blog-django-secrets', key: 'CELERY_BROKER_URL' },
    ]);
    assert.deepEqual(at(find(objects, 'ScaledObject', 'blog-django-worker'), 'spec', 'triggers'), [
      { type: 'rabbitmq', metadata: { protocol: 'amqp', mode: 'QueueLength', queueName: 'celery', value: '10' }, authenticationRef: { name: 'blog-django-worker' } },
    ]);
  });

  it('watches every queue the worker consumes', async () => {
    const { model, options } = await synthInput('fixtures/projects/celery-worker-only', { celery: { keda: { 'queue-length': 5 } } });
    const triggers = at(find(kedaObjects(model, options), 'ScaledObject', 'celery-worker-only-worker'), 'spec', 'triggers');
    assert.deepEqual(triggers.map((t: any) => t.metadata.listName), ['emails', 'reports']);
  });

  it('adds the keys KEDA reads to the Secret\'s documented keys and leaves the worker\'s replicas to KEDA', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { celery: { keda: { 'queue-length': 20 } } });
    const base = synthesizeBase(model, options);
    const worker = find(base, 'Deployment', 'shop-worker');
    assert.equal(worker.metadata.annotations?.[SECRET_KEYS_ANNOTATION], 'CELERY_BROKER_URL,DATABASE_URL,KEDA_REDIS_ADDRESS,KEDA_REDIS_PASSWORD,REDIS_URL');
    assert.equal('replicas' in at(worker, 'spec'), false);
    assert.equal(base.some((o) => o.kind === 'Secret'), false);
  });

  it('refuses KEDA when no broker is known, naming the key and the fix', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { celery: { keda: { 'queue-length': 20 } } });
    const noBroker = { ...options, datastores: options.datastores.filter((d) => d !== 'redis') };
    assert.throws(() => kedaObjects(model, noBroker), (e: unknown) => isUserError(e) && /celery\.keda/.test(e.message) && /datastores/.test(e.hint ?? ''));
  });
});
