import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceAccount } from '../../../src/synth/kube/service-account.ts';
import { synthInput } from '../../helpers/synth.ts';

describe('ServiceAccount', () => {
  it('is named after the app and mounts no API token', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const sa = serviceAccount(model, options);
    assert.equal(sa.metadata.name, 'shop');
    assert.equal(sa.automountServiceAccountToken, false);
    assert.equal(sa.metadata.labels?.['app.kubernetes.io/managed-by'], 'py2kube');
  });
});
