import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENERATE_DEFAULTS as D } from '../../../src/config/defaults.ts';
import { isUserError } from '../../../src/errors.ts';
import { LABEL, SECRET_KEYS_ANNOTATION, selectorLabels } from '../../../src/synth/kube/meta.ts';
import { webDeployment } from '../../../src/synth/kube/web-deployment.ts';
import { podSpecOf, restrictedViolations } from '../../helpers/pss-restricted.ts';
import { at, synthInput } from '../../helpers/synth.ts';

const SHOP = 'examples/shop-fastapi';
const HEALTH = 'fixtures/projects/fastapi-metrics-health';
const ML = 'fixtures/projects/ml-inference-fastapi';

function container(deployment: ReturnType<typeof webDeployment>): any {
  return at(deployment, 'spec', 'template', 'spec', 'containers', 0);
}

describe('web Deployment', () => {
  it('selects its pods by name and component only, and the pod template carries exactly those values', async () => {
    const { model, options } = await synthInput(SHOP);
    const d = webDeployment(model, options);
    const selector = at(d, 'spec', 'selector', 'matchLabels');
    assert.deepEqual(selector, selectorLabels(model, 'web'));
    assert.deepEqual(Object.keys(selector).sort(), [LABEL.component, LABEL.name].sort());
    const template = at(d, 'spec', 'template', 'metadata', 'labels');
    for (const [k, v] of Object.entries(selector)) assert.equal(template[k], v, `template label ${k}`);
    assert.equal(template[LABEL.partOf], 'shop');
  });

  it('has no replicas field, so an overlay or an HPA owns the count', async () => {
    const { model, options } = await synthInput(SHOP);
    assert.equal('replicas' in at(webDeployment(model, options), 'spec'), false);
  });

  it('names its container port http and points every probe at that name', async () => {
    for (const dir of [SHOP, HEALTH]) {
      const { model, options } = await synthInput(dir);
      const c = container(webDeployment(model, options));
      assert.deepEqual(c.ports, [{ name: 'http', containerPort: model.port, protocol: 'TCP' }]);
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const port = c[probe].httpGet?.port ?? c[probe].tcpSocket?.port;
        assert.equal(port, 'http', `${dir} ${probe}`);
      }
    }
  });

  it('uses the app\'s health endpoints for HTTP probes: startup and liveness on liveness, readiness on readiness', async () => {
    const { model, options } = await synthInput(HEALTH);
    const c = container(webDeployment(model, options));
    assert.equal(c.startupProbe.httpGet.path, '/healthz');
    assert.equal(c.livenessProbe.httpGet.path, '/healthz');
    assert.equal(c.readinessProbe.httpGet.path, '/readyz');
  });

  it('falls back to TCP probes on the named port when the app serves no health endpoint', async () => {
    const { model, options } = await synthInput(SHOP);
    const c = container(webDeployment(model, options));
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      assert.deepEqual(c[probe].tcpSocket, { port: 'http' }, probe);
      assert.equal(c[probe].httpGet, undefined, probe);
    }
  });

  it('uses the liveness endpoint for readiness when the app has no separate readiness endpoint', async () => {
    const { model, options } = await synthInput('fixtures/projects/django-pip-tools-celery-beat');
    assert.equal(options.probes.readinessPath, null);
    const c = container(webDeployment(model, options));
    assert.equal(c.readinessProbe.httpGet.path, '/healthz/');
  });

  it('kills only after more failures than it takes to go unready', async () => {
    const { model, options } = await synthInput(HEALTH);
    const c = container(webDeployment(model, options));
    assert.ok(c.livenessProbe.failureThreshold > c.readinessProbe.failureThreshold);
    assert.ok(c.livenessProbe.failureThreshold * c.livenessProbe.periodSeconds > c.readinessProbe.failureThreshold * c.readinessProbe.periodSeconds);
  });

  it('gives an ML app a startup budget of at least 600 seconds', async () => {
    const { model, options } = await synthInput(ML);
    assert.equal(model.mlHeavy, true);
    const startup = container(webDeployment(model, options)).startupProbe;
    assert.ok(startup.failureThreshold * startup.periodSeconds >= 600, `budget ${startup.failureThreshold * startup.periodSeconds}s`);
    assert.equal(startup.httpGet.path, '/livez');
  });

  it('sleeps in preStop and keeps the grace period above preStop plus the graceful drain', async () => {
    const { model, options } = await synthInput(SHOP);
    const d = webDeployment(model, options);
    const grace = at(d, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds');
    assert.equal(grace, options.terminationGracePeriodSeconds);
    assert.ok(grace > options.timeouts.preStop + options.timeouts.graceful);
    assert.deepEqual(container(d).lifecycle, { preStop: { sleep: { seconds: options.timeouts.preStop } } });
  });

  it('falls back to exec sleep before Kubernetes 1.30 and refuses that on a distroless image', async () => {
    const { model, options } = await synthInput(SHOP);
    const old = { ...options, kubeVersion: '1.29' };
    assert.deepEqual(container(webDeployment(model, old)).lifecycle.preStop, { exec: { command: ['sleep', String(options.timeouts.preStop)] } });
    assert.deepEqual(container(webDeployment(model, { ...options, kubeVersion: '1.30' })).lifecycle.preStop, { sleep: { seconds: options.timeouts.preStop } });
    assert.throws(() => webDeployment(model, { ...old, baseImage: 'distroless' }), (e: unknown) => isUserError(e) && e.code === 'E_CONFIG_CONFLICT' && /distroless/.test(e.message) && /1\.30/.test(e.hint ?? ''));
  });

  it('requests CPU and memory and limits memory only, at the sized limit', async () => {
    const { model, options } = await synthInput(SHOP, { resources: { cpu: '1', memory: '700Mi', 'memory-limit': '1Gi' } });
    assert.deepEqual(container(webDeployment(model, options)).resources, {
      requests: { cpu: '1000m', memory: '700Mi' },
      limits: { memory: '1024Mi' },
    });
  });

  it('sets WEB_CONCURRENCY to the worker count and APP_VERSION from the pod\'s version label', async () => {
    const { model, options } = await synthInput(SHOP, { workers: 3 });
    const env = container(webDeployment(model, options)).env;
    assert.deepEqual(env, [
      { name: 'WEB_CONCURRENCY', value: '3' },
      { name: 'APP_VERSION', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/version']" } } },
    ]);
  });

  it('reads settings from the ConfigMap and the required Secret, and lists the Secret\'s keys in an annotation', async () => {
    const { model, options } = await synthInput(SHOP);
    const d = webDeployment(model, options);
    assert.deepEqual(container(d).envFrom, [
      { configMapRef: { name: 'shop' } },
      { secretRef: { name: 'shop-secrets', optional: false } },
    ]);
    assert.equal(d.metadata.annotations?.[SECRET_KEYS_ANNOTATION], 'CELERY_BROKER_URL,DATABASE_URL,REDIS_URL');
  });

  it('passes the Pod Security Standards restricted checks, with a read-only root and an emptyDir at /tmp', async () => {
    const { model, options } = await synthInput(SHOP);
    const d = webDeployment(model, options);
    const spec = podSpecOf(d)!;
    assert.deepEqual(restrictedViolations(spec), []);
    assert.equal(at(spec, 'automountServiceAccountToken'), false);
    assert.equal(container(d).securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(container(d).volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
    assert.deepEqual(at(spec, 'volumes'), [{ name: 'tmp', emptyDir: {} }]);
  });

  it('spreads pods over nodes and zones as a preference, matching its own pods', async () => {
    const { model, options } = await synthInput(SHOP);
    const spread = at(webDeployment(model, options), 'spec', 'template', 'spec', 'topologySpreadConstraints');
    assert.deepEqual(spread.map((c: any) => c.topologyKey), ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    for (const c of spread) {
      assert.equal(c.whenUnsatisfiable, 'ScheduleAnyway');
      assert.deepEqual(c.labelSelector.matchLabels, selectorLabels(model, 'web'));
    }
  });

  it('rolls out one new pod at a time without ever going below the current count', async () => {
    const { model, options } = await synthInput(SHOP);
    const spec = at(webDeployment(model, options), 'spec');
    assert.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    assert.equal(spec.minReadySeconds, D.minReadySeconds);
    assert.equal(spec.revisionHistoryLimit, D.revisionHistoryLimit);
    assert.ok(spec.progressDeadlineSeconds > spec.minReadySeconds);
  });

  it('annotates the pod template for Prometheus only when the app serves metrics', async () => {
    const withMetrics = await synthInput(HEALTH);
    assert.deepEqual(at(webDeployment(withMetrics.model, withMetrics.options), 'spec', 'template', 'metadata', 'annotations'), {
      'prometheus.io/scrape': 'true', 'prometheus.io/port': '8000', 'prometheus.io/path': '/metrics',
    });
    const without = await synthInput(SHOP);
    assert.equal(at(webDeployment(without.model, without.options), 'spec', 'template', 'metadata', 'annotations'), undefined);
  });

  it('uses the app name as the image placeholder that Kustomize rewrites per overlay', async () => {
    const { model, options } = await synthInput(SHOP);
    assert.equal(container(webDeployment(model, options)).image, 'shop');
  });
});
