import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingress } from '../../../src/synth/kube/ingress.ts';
import { at, synthInput } from '../../helpers/synth.ts';

describe('Ingress', () => {
  it('is not written when no host is configured', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    assert.equal(ingress(model, options), null);
  });

  it('routes every path of the configured host to the Service\'s named port, with class and TLS from config', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { ingress: { host: 'shop.example.com', class: 'nginx', 'tls-secret': 'shop-tls' } });
    const i = ingress(model, options)!;
    assert.equal(i.apiVersion, 'networking.k8s.io/v1');
    assert.equal(at(i, 'spec', 'ingressClassName'), 'nginx');
    assert.deepEqual(at(i, 'spec', 'tls'), [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    assert.deepEqual(at(i, 'spec', 'rules'), [{
      host: 'shop.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { name: 'http' } } } }] },
    }]);
  });

  it('leaves out the class and TLS when config names neither', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { ingress: { host: 'shop.example.com' } });
    const spec = at(ingress(model, options), 'spec');
    assert.equal('ingressClassName' in spec, false);
    assert.equal('tls' in spec, false);
  });
});
