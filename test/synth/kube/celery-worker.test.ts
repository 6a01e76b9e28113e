import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { celeryLivenessCommand } from '../../../src/synth/celery-runtime.ts';
import { celeryWorkerCommand } from '../../../src/synth/commands.ts';
import { celeryWorker } from '../../../src/synth/kube/celery-worker.ts';
import { synthesizeBase } from '../../../src/synth/kube/index.ts';
import { podSpecOf, restrictedViolations } from '../../helpers/pss-restricted.ts';
import { at, synthInput } from '../../helpers/synth.ts';

function container(worker: ReturnType<typeof celeryWorker>): any {
  return at(worker, 'spec', 'template', 'spec', 'containers', 0);
}

describe('Celery worker Deployment', () => {
  it('runs the generated worker command with the concurrency set explicitly', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { celery: { concurrency: 3 } });
    const worker = celeryWorker(model, options);
    assert.equal(worker.metadata.name, 'shop-worker');
    const command = container(worker).command;
    assert.deepEqual(command, celeryWorkerCommand(model, options));
    assert.equal(command[command.indexOf('--concurrency') + 1], '3');
    assert.equal(container(worker).workingDir, '/app/src');
  });

  it('has no Service: nothing in the base selects the worker pods', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const base = synthesizeBase(model, options);
    const podLabels = at(celeryWorker(model, options), 'spec', 'template', 'metadata', 'labels');
    for (const s of base.filter((o) => o.kind === 'Service')) {
      const selector = at(s, 'spec', 'selector');
      assert.equal(Object.entries(selector).every(([k, v]) => podLabels[k] === v), false, s.metadata.name);
    }
  });

  it('selects its pods with labels its template carries, and leaves replicas to KEDA or an overlay', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const worker = celeryWorker(model, options);
    const selector = at(worker, 'spec', 'selector', 'matchLabels');
    assert.deepEqual(selector, { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/component': 'worker' });
    const template = at(worker, 'spec', 'template', 'metadata', 'labels');
    for (const [k, v] of Object.entries(selector)) assert.equal(template[k], v, k);
    assert.equal('replicas' in at(worker, 'spec'), false);
  });

  it('gives running tasks the longest task time plus margin to finish after SIGTERM', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { celery: { 'max-task-seconds': 900 } });
    const grace = at(celeryWorker(model, options), 'spec', 'template', 'spec', 'terminationGracePeriodSeconds');
    assert.equal(grace, options.celery!.terminationGracePeriodSeconds);
    assert.ok(grace > 900);
  });

  it('checks this pod\'s own heartbeat for liveness, gives startup the same check, and has no readiness probe', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const c = container(celeryWorker(model, options));
    assert.deepEqual(c.livenessProbe.exec.command, celeryLivenessCommand());
    assert.deepEqual(c.startupProbe.exec.command, celeryLivenessCommand());
    assert.equal(c.livenessProbe.periodSeconds, options.probes.liveness.periodSeconds);
    assert.equal(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds, options.probes.startup.failureThreshold * options.probes.startup.periodSeconds);
    assert.equal(c.readinessProbe, undefined);
    assert.equal(JSON.stringify(c).includes('inspect'), false);
  });

  it('requests the worker CPU and limits memory only, sized for its processes', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const resources = container(celeryWorker(model, options)).resources;
    assert.equal(resources.requests.cpu, '500m');
    assert.equal(resources.limits.cpu, undefined);
    assert.equal(resources.limits.memory, resources.requests.memory);
  });

  it('passes the Pod Security Standards restricted checks, with an emptyDir at /tmp for the heartbeat', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const worker = celeryWorker(model, options);
    assert.deepEqual(restrictedViolations(podSpecOf(worker)!), []);
    assert.deepEqual(container(worker).volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
  });
});
