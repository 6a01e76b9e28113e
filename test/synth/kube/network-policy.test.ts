import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { synthesizeBase } from '../../../src/synth/kube/index.ts';
import { LABEL } from '../../../src/synth/kube/meta.ts';
import { appNetworkPolicy, networkPolicies, webNetworkPolicy } from '../../../src/synth/kube/network-policy.ts';
import { podSpecOf } from '../../helpers/pss-restricted.ts';
import { at, synthInput } from '../../helpers/synth.ts';

const DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

describe('NetworkPolicy', () => {
  it('admits web traffic only from the ingress controller\'s namespace and the app\'s own pods, on port http', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { 'ingress-namespace': 'traefik' });
    const np = webNetworkPolicy(model, options);
    assert.deepEqual(at(np, 'spec', 'podSelector'), { matchLabels: { [LABEL.name]: 'shop', [LABEL.component]: 'web' } });
    assert.deepEqual(at(np, 'spec', 'ingress'), [{
      from: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } },
        { podSelector: { matchLabels: { [LABEL.partOf]: 'shop' } } },
      ],
      ports: [{ protocol: 'TCP', port: 'http' }],
    }]);
  });

  it('lets every pod of the app reach DNS and the declared datastores\' ports on any address, and admits nothing else', async () => {
    const shop = await synthInput('examples/shop-fastapi');
    const np = appNetworkPolicy(shop.model, shop.options);
    assert.deepEqual(at(np, 'spec', 'podSelector'), { matchLabels: { [LABEL.partOf]: 'shop' } });
    assert.deepEqual(at(np, 'spec', 'policyTypes'), ['Ingress', 'Egress']);
    assert.deepEqual(at(np, 'spec', 'ingress'), []);
    assert.deepEqual(at(np, 'spec', 'egress'), [DNS, { ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 6379 }] }]);

    const blog = await synthInput('examples/blog-django');
    assert.deepEqual(at(appNetworkPolicy(blog.model, blog.options), 'spec', 'egress', 1), { ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 5672 }] });
  });

  it('opens only DNS when the app declares no datastore', async () => {
    const { model, options } = await synthInput('fixtures/projects/ml-inference-fastapi');
    assert.deepEqual(at(appNetworkPolicy(model, options), 'spec', 'egress'), [DNS]);
  });

  it('covers workers, beat and CronJob pods too: each carries the part-of label the app-wide policy selects', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { cronjobs: [{ name: 'etl', schedule: '0 3 * * *', command: ['python', '-m', 'shop.etl'] }] });
    const base = synthesizeBase(model, options);
    const selector = at(appNetworkPolicy(model, options), 'spec', 'podSelector', 'matchLabels');
    const workloads = base.filter((o) => podSpecOf(o) !== null);
    assert.deepEqual(workloads.map((o) => o.metadata.name).sort(), ['shop', 'shop-beat', 'shop-etl', 'shop-worker']);
    for (const w of workloads) {
      const labels = w.kind === 'CronJob' ? at(w, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels') : at(w, 'spec', 'template', 'metadata', 'labels');
      for (const [k, v] of Object.entries(selector)) assert.equal(labels[k], v, `${w.metadata.name} ${k}`);
    }
  });

  it('writes no web policy for an app without a web server', async () => {
    const { model, options } = await synthInput('fixtures/projects/celery-worker-only');
    assert.deepEqual(networkPolicies(model, options).map((o) => o.metadata.name), ['celery-worker-only']);
  });
});
