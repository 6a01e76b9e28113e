import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUserError } from '../../../src/errors.ts';
import { configMap, secretLookingSettings } from '../../../src/synth/kube/config-map.ts';
import { synthInput } from '../../helpers/synth.ts';

describe('ConfigMap', () => {
  it('holds the configured settings as strings, sorted by name', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { settings: { LOG_LEVEL: 'info', DB_POOL_MAX_SIZE: 10, FEATURE_X: true } });
    const cm = configMap(model, options);
    assert.equal(cm.metadata.name, 'shop');
    assert.deepEqual(cm.data, { DB_POOL_MAX_SIZE: '10', FEATURE_X: 'true', LOG_LEVEL: 'info' });
    assert.deepEqual(Object.keys(cm.data as object), ['DB_POOL_MAX_SIZE', 'FEATURE_X', 'LOG_LEVEL']);
  });

  it('is empty, but present for envFrom, when nothing is configured', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    assert.deepEqual(configMap(model, options).data, {});
  });

  it('refuses a setting that is also a secret key, naming the key and where it belongs', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { settings: { DATABASE_URL: 'postgresql://u:p@db/shop' } });
    assert.throws(() => configMap(model, options), (e: unknown) => isUserError(e) && /settings\.DATABASE_URL/.test(e.message) && /shop-secrets/.test(e.hint ?? ''));
  });

  it('refuses WEB_CONCURRENCY as a setting, because the container env would silently win', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { settings: { WEB_CONCURRENCY: 4 } });
    assert.throws(() => configMap(model, options), (e: unknown) => isUserError(e) && /WEB_CONCURRENCY/.test(e.message) && /workers/.test(e.hint ?? ''));
  });

  it('points out settings whose names look like credentials', async () => {
    const { options } = await synthInput('examples/shop-fastapi', { settings: { SMTP_PASSWORD: 'x', STRIPE_API_KEY: 'y', LOG_LEVEL: 'info' } });
    assert.deepEqual(secretLookingSettings(options), ['SMTP_PASSWORD', 'STRIPE_API_KEY']);
  });
});
