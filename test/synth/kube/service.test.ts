import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { service } from '../../../src/synth/kube/service.ts';
import { webDeployment } from '../../../src/synth/kube/web-deployment.ts';
import { at, synthInput } from '../../helpers/synth.ts';

describe('Service', () => {
  it('is a ClusterIP whose selector matches the web pods\' labels', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const s = service(model, options);
    assert.equal(at(s, 'spec', 'type'), 'ClusterIP');
    const podLabels = at(webDeployment(model, options), 'spec', 'template', 'metadata', 'labels');
    const selector = at(s, 'spec', 'selector');
    assert.deepEqual(selector, at(webDeployment(model, options), 'spec', 'selector', 'matchLabels'));
    for (const [k, v] of Object.entries(selector)) assert.equal(podLabels[k], v, k);
  });

  it('forwards its named port http to the container port of the same name', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const [port] = at(service(model, options), 'spec', 'ports');
    assert.deepEqual(port, { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' });
    const containerPorts = at(webDeployment(model, options), 'spec', 'template', 'spec', 'containers', 0, 'ports');
    assert.ok(containerPorts.some((p: any) => p.name === port.targetPort));
  });
});
