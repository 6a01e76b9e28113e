import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pdb } from '../../../src/synth/kube/pdb.ts';
import { webDeployment } from '../../../src/synth/kube/web-deployment.ts';
import { at, synthInput } from '../../helpers/synth.ts';

describe('PodDisruptionBudget', () => {
  it('selects exactly the web pods: its selector is the Deployment\'s and every label is on the pod template', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const web = webDeployment(model, options);
    const selector = at(pdb(model, options), 'spec', 'selector', 'matchLabels');
    assert.deepEqual(selector, at(web, 'spec', 'selector', 'matchLabels'));
    const podLabels = at(web, 'spec', 'template', 'metadata', 'labels');
    for (const [k, v] of Object.entries(selector)) assert.equal(podLabels[k], v, k);
  });

  it('allows one eviction at any replica count instead of a minAvailable that blocks drains at one replica', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const spec = at(pdb(model, options), 'spec');
    assert.equal(spec.maxUnavailable, 1);
    assert.equal('minAvailable' in spec, false);
    assert.equal(spec.unhealthyPodEvictionPolicy, 'AlwaysAllow');
  });
});
