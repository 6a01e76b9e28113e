import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hpa } from '../../../src/synth/kube/hpa.ts';
import { webDeployment } from '../../../src/synth/kube/web-deployment.ts';
import { at, synthInput } from '../../helpers/synth.ts';

describe('HorizontalPodAutoscaler', () => {
  it('targets the web Deployment with the environment\'s bounds and CPU and memory utilisation', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { autoscaling: { 'min-replicas': 3, 'max-replicas': 9, cpu: 60, memory: 85 } });
    const prod = options.environments.find((e) => e.name === 'prod')!;
    const h = hpa(model, prod.autoscaling!);
    assert.equal(h.apiVersion, 'autoscaling/v2');
    const web = webDeployment(model, options);
    assert.deepEqual(at(h, 'spec', 'scaleTargetRef'), { apiVersion: web.apiVersion, kind: web.kind, name: web.metadata.name });
    assert.equal(at(h, 'spec', 'minReplicas'), 3);
    assert.equal(at(h, 'spec', 'maxReplicas'), 9);
    assert.deepEqual(at(h, 'spec', 'metrics'), [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 85 } } },
    ]);
  });
});
