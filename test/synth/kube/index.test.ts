import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Config } from '../../../src/config/schema.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { kubeNotes, synthesizeBase, synthesizeMigration, synthesizeOverlay } from '../../../src/synth/kube/index.ts';
import { LABEL } from '../../../src/synth/kube/meta.ts';
import { podSpecOf, restrictedViolations } from '../../helpers/pss-restricted.ts';
import { FIXTURES } from '../../helpers/project.ts';
import { at, find, synthInput } from '../../helpers/synth.ts';

const SHOP = 'examples/shop-fastapi';
/** Every key that changes what is generated, on the richest example. */
const FULL: Config = {
  ingress: { host: 'shop.example.com', class: 'nginx', 'tls-secret': 'shop-tls' },
  env: {
    dev: { host: 'shop.dev.example.com', replicas: 1, workers: 1 },
    staging: { replicas: 2 },
    prod: { autoscaling: { 'min-replicas': 3, 'max-replicas': 12 }, resources: { cpu: '1' } },
  },
  cronjobs: [{ name: 'etl', schedule: '0 3 * * *', command: ['python', '-m', 'shop.etl'], 'time-zone': 'Etc/UTC' }],
  celery: { keda: { 'queue-length': 20 } },
  settings: { LOG_LEVEL: 'info' },
};

/** Every project the tests synthesize: the examples, every fixture that analyses, and the full config. */
const PROJECTS: Array<{ dir: string; config?: Config }> = [
  { dir: 'examples/shop-fastapi' }, { dir: 'examples/blog-django' }, { dir: 'examples/notes-flask' },
  ...fs.readdirSync(FIXTURES).filter((f) => f !== 'broken-pyproject').sort().map((f) => ({ dir: path.posix.join('fixtures/projects', f) })),
  { dir: SHOP, config: FULL },
  { dir: 'fixtures/projects/etl-script-no-framework', config: { cronjobs: [{ name: 'load', schedule: '@daily', command: ['python', '-m', 'etl.load'] }] } },
];

async function everything(dir: string, config?: Config): Promise<{ base: KubeObject[]; migration: KubeObject | null; overlays: ReturnType<typeof synthesizeOverlay>[] }> {
  const { model, options } = await synthInput(dir, config);
  return {
    base: synthesizeBase(model, options),
    migration: synthesizeMigration(model, options),
    overlays: options.environments.map((env) => synthesizeOverlay(model, options, env)),
  };
}

function podTemplateLabels(o: KubeObject): Record<string, string> {
  return o.kind === 'CronJob' ? at(o, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels') : at(o, 'spec', 'template', 'metadata', 'labels');
}

describe('synthesizeBase', () => {
  it('lists the objects in apply order: identity, settings, routing, workloads, scalers, budget, policies, schedules', async () => {
    const { base } = await everything(SHOP, FULL);
    assert.deepEqual(base.map((o) => `${o.kind}/${o.metadata.name}`), [
      'ServiceAccount/shop', 'ConfigMap/shop', 'Service/shop', 'Ingress/shop',
      'Deployment/shop', 'Deployment/shop-worker', 'Deployment/shop-beat',
      'TriggerAuthentication/shop-worker', 'ScaledObject/shop-worker',
      'PodDisruptionBudget/shop', 'NetworkPolicy/shop', 'NetworkPolicy/shop-web', 'CronJob/shop-etl',
    ]);
  });

  it('never writes a Secret, in the base, the migration or any overlay, for any project', async () => {
    for (const { dir, config } of PROJECTS) {
      const { base, migration, overlays } = await everything(dir, config);
      const all = [...base, ...(migration !== null ? [migration] : []), ...overlays.flatMap((o) => [...o.resources, ...o.patches])];
      assert.equal(all.some((o) => o.kind === 'Secret'), false, dir);
      assert.equal(JSON.stringify(all).includes('"kind":"Secret"'), false, dir);
    }
  });

  it('gives every workload a selector whose labels its pod template carries, for every project', async () => {
    for (const { dir, config } of PROJECTS) {
      const { base } = await everything(dir, config);
      for (const d of base.filter((o) => o.kind === 'Deployment')) {
        const selector = at(d, 'spec', 'selector', 'matchLabels');
        assert.deepEqual(Object.keys(selector).sort(), [LABEL.component, LABEL.name].sort(), `${dir} ${d.metadata.name}`);
        const labels = podTemplateLabels(d);
        for (const [k, v] of Object.entries(selector)) assert.equal(labels[k], v, `${dir} ${d.metadata.name} ${k}`);
        assert.equal(labels[LABEL.partOf], labels[LABEL.name], `${dir} ${d.metadata.name} part-of`);
      }
    }
  });

  it('makes the Service and PDB select exactly the web pods, for every project with a web server', async () => {
    for (const { dir, config } of PROJECTS) {
      const { base } = await everything(dir, config);
      const services = base.filter((o) => o.kind === 'Service');
      if (services.length === 0) continue;
      const { model } = await synthInput(dir, config);
      const webPods = podTemplateLabels(find(base, 'Deployment', model.name));
      const matchesOnlyWeb = (selector: Record<string, string>): void => {
        for (const [k, v] of Object.entries(selector)) assert.equal(webPods[k], v, `${dir} ${k}`);
        for (const other of base.filter((o) => (o.kind === 'Deployment' || o.kind === 'CronJob') && o.metadata.name !== model.name)) {
          const labels = podTemplateLabels(other);
          assert.equal(Object.entries(selector).every(([k, v]) => labels[k] === v), false, `${dir}: ${other.metadata.name} must not match`);
        }
      };
      matchesOnlyWeb(at(services[0], 'spec', 'selector'));
      matchesOnlyWeb(at(find(base, 'PodDisruptionBudget', model.name), 'spec', 'selector', 'matchLabels'));
    }
  });

  it('passes the Pod Security Standards restricted checks in every pod of every project', async () => {
    for (const { dir, config } of PROJECTS) {
      const { base, migration } = await everything(dir, config);
      for (const o of [...base, ...(migration !== null ? [migration] : [])]) {
        const spec = podSpecOf(o);
        if (spec === null) continue;
        assert.deepEqual(restrictedViolations(spec), [], `${dir} ${o.kind}/${o.metadata.name}`);
        assert.equal(spec.automountServiceAccountToken, false, `${dir} ${o.metadata.name}`);
        assert.ok((spec.containers as any[]).every((c) => c.volumeMounts.some((m: any) => m.mountPath === '/tmp')), `${dir} ${o.metadata.name} /tmp`);
      }
    }
  });

  it('is deterministic: the same input gives the same objects in the same order', async () => {
    const first = await everything(SHOP, FULL);
    const second = await everything(SHOP, FULL);
    assert.equal(JSON.stringify(second), JSON.stringify(first));
  });

  it('writes only a worker and a beat for a Celery app without a web framework, and says so', async () => {
    const { model, options } = await synthInput('fixtures/projects/celery-worker-only');
    const base = synthesizeBase(model, options);
    assert.deepEqual(base.map((o) => `${o.kind}/${o.metadata.name}`), [
      'ServiceAccount/celery-worker-only', 'ConfigMap/celery-worker-only',
      'Deployment/celery-worker-only-worker', 'Deployment/celery-worker-only-beat',
      'NetworkPolicy/celery-worker-only',
    ]);
    for (const env of options.environments) assert.deepEqual(synthesizeOverlay(model, options, env), { env, resources: [], patches: [] });
    const note = kubeNotes(model, options).find((n) => n.code === 'I_NO_WEB_OBJECTS');
    assert.ok(note !== undefined);
    assert.match(note.message, /no web Deployment, Service, Ingress, HPA or PodDisruptionBudget/);
    assert.match(note.message, /celery-worker-only-worker/);
    assert.match(note.message, /celery-worker-only-beat/);
  });

  it('writes nothing for a script project until a cronjob is configured, and says how to add one', async () => {
    const dir = 'fixtures/projects/etl-script-no-framework';
    const bare = await synthInput(dir);
    assert.deepEqual(synthesizeBase(bare.model, bare.options), []);
    const nothing = kubeNotes(bare.model, bare.options).find((n) => n.code === 'W_NOTHING_TO_RUN');
    assert.match(nothing?.message ?? '', /\[\[tool\.py2kube\.cronjobs\]\]/);

    const configured = await synthInput(dir, { cronjobs: [{ name: 'load', schedule: '@daily', command: ['python', '-m', 'etl.load'] }] });
    assert.deepEqual(synthesizeBase(configured.model, configured.options).map((o) => o.kind), ['ServiceAccount', 'ConfigMap', 'NetworkPolicy', 'CronJob']);
    assert.match(kubeNotes(configured.model, configured.options).find((n) => n.code === 'I_NO_WEB_OBJECTS')?.message ?? '', /CronJob "etl-script-no-framework-load"/);
  });

  it('recommends `py2kube init --runtime` when the app has no health endpoint and its probes are TCP', async () => {
    const { model, options } = await synthInput(SHOP);
    const note = kubeNotes(model, options).find((n) => n.code === 'W_TCP_PROBES');
    assert.match(note?.message ?? '', /py2kube init --runtime/);
    const healthy = await synthInput('fixtures/projects/fastapi-metrics-health');
    assert.equal(kubeNotes(healthy.model, healthy.options).some((n) => n.code === 'W_TCP_PROBES'), false);
  });

  it('warns a Django app with HTTP probes that the pod IP must pass ALLOWED_HOSTS', async () => {
    const django = await synthInput('fixtures/projects/django-pip-tools-celery-beat');
    assert.match(kubeNotes(django.model, django.options).find((n) => n.code === 'W_DJANGO_PROBE_HOST')?.message ?? '', /ALLOWED_HOSTS/);
    const fastapi = await synthInput('fixtures/projects/fastapi-metrics-health');
    assert.equal(kubeNotes(fastapi.model, fastapi.options).some((n) => n.code === 'W_DJANGO_PROBE_HOST'), false);
  });

  it('says which egress the NetworkPolicy allows, so blocked outbound calls are not a surprise', async () => {
    const { model, options } = await synthInput(SHOP);
    const note = kubeNotes(model, options).find((n) => n.code === 'I_NETWORK_EGRESS');
    assert.match(note?.message ?? '', /postgresql \(port 5432\), redis \(port 6379\)/);
  });

  it('names the Secret to create and every key it must hold in the notes', async () => {
    const { model, options } = await synthInput(SHOP, FULL);
    const note = kubeNotes(model, options).find((n) => n.code === 'I_SECRET_KEYS');
    assert.match(note?.message ?? '', /"shop-secrets"/);
    for (const key of ['CELERY_BROKER_URL', 'DATABASE_URL', 'REDIS_URL', 'KEDA_REDIS_ADDRESS', 'KEDA_REDIS_PASSWORD']) assert.ok(note?.message.includes(key), key);
  });
});

describe('synthesizeMigration', () => {
  it('returns the Job outside the base, so it can be applied and awaited first', async () => {
    const { base, migration } = await everything(SHOP);
    assert.equal(migration?.metadata.name, 'shop-migrate');
    assert.equal(base.some((o) => o.kind === 'Job'), false);
  });
});

describe('synthesizeOverlay', () => {
  it('adds an HPA on the web Deployment only where autoscaling is on, and then no replicas anywhere', async () => {
    for (const { dir, config } of PROJECTS) {
      const { model, options } = await synthInput(dir, config);
      const base = synthesizeBase(model, options);
      for (const env of options.environments) {
        const overlay = synthesizeOverlay(model, options, env);
        const hpas = overlay.resources.filter((o) => o.kind === 'HorizontalPodAutoscaler');
        if (env.autoscaling === null || !base.some((o) => o.kind === 'Service')) {
          assert.equal(hpas.length, 0, `${dir} ${env.name}`);
          continue;
        }
        assert.equal(hpas.length, 1, `${dir} ${env.name}`);
        assert.deepEqual(at(hpas[0], 'spec', 'scaleTargetRef'), { apiVersion: 'apps/v1', kind: 'Deployment', name: model.name });
        const web = find(base, 'Deployment', model.name);
        assert.equal('replicas' in at(web, 'spec'), false, `${dir} base`);
        for (const patch of overlay.patches.filter((p) => p.kind === 'Deployment')) assert.equal('replicas' in at(patch, 'spec'), false, `${dir} ${env.name} patch`);
      }
    }
  });

  it('patches the web container\'s WEB_CONCURRENCY and resources per environment, and replicas only without an HPA', async () => {
    const { model, options } = await synthInput(SHOP, FULL);
    const byName = Object.fromEntries(options.environments.map((env) => [env.name, synthesizeOverlay(model, options, env)]));
    const webPatch = (name: string): KubeObject => find(byName[name]!.patches, 'Deployment', 'shop');

    assert.equal(at(webPatch('dev'), 'spec', 'replicas'), 1);
    assert.deepEqual(at(webPatch('dev'), 'spec', 'template', 'spec', 'containers'), [{
      name: 'web',
      env: [{ name: 'WEB_CONCURRENCY', value: '1' }],
      resources: { requests: { cpu: '500m', memory: `${options.environments.find((e) => e.name === 'dev')!.memoryMiB}Mi` }, limits: { memory: `${options.environments.find((e) => e.name === 'dev')!.memoryLimitMiB}Mi` } },
    }]);
    assert.equal(at(webPatch('staging'), 'spec', 'replicas'), 2);

    const prod = options.environments.find((e) => e.name === 'prod')!;
    assert.equal('replicas' in at(webPatch('prod'), 'spec'), false);
    assert.deepEqual(at(webPatch('prod'), 'spec', 'template', 'spec', 'containers', 0, 'env'), [{ name: 'WEB_CONCURRENCY', value: String(prod.workers) }]);
    assert.equal(at(webPatch('prod'), 'spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu'), '1000m');
    const hpa = find(byName.prod!.resources, 'HorizontalPodAutoscaler', 'shop');
    assert.equal(at(hpa, 'spec', 'minReplicas'), 3);
    assert.equal(at(hpa, 'spec', 'maxReplicas'), 12);
  });

  it('patches the Ingress host where an environment has its own, and leaves it alone elsewhere', async () => {
    const { model, options } = await synthInput(SHOP, FULL);
    const dev = synthesizeOverlay(model, options, options.environments.find((e) => e.name === 'dev')!);
    const patch = find(dev.patches, 'Ingress', 'shop');
    assert.deepEqual(at(patch, 'spec', 'rules', 0, 'host'), 'shop.dev.example.com');
    assert.deepEqual(at(patch, 'spec', 'tls'), [{ hosts: ['shop.dev.example.com'], secretName: 'shop-tls' }]);
    const staging = synthesizeOverlay(model, options, options.environments.find((e) => e.name === 'staging')!);
    assert.equal(staging.patches.some((p) => p.kind === 'Ingress'), false);
  });

  it('adds a whole Ingress to an environment that has a host when the base has none', async () => {
    const { model, options } = await synthInput(SHOP, { env: { prod: { host: 'shop.example.com' }, dev: {} } });
    const prod = synthesizeOverlay(model, options, options.environments.find((e) => e.name === 'prod')!);
    assert.equal(at(find(prod.resources, 'Ingress', 'shop'), 'spec', 'rules', 0, 'host'), 'shop.example.com');
    const dev = synthesizeOverlay(model, options, options.environments.find((e) => e.name === 'dev')!);
    assert.equal([...dev.resources, ...dev.patches].some((o) => o.kind === 'Ingress'), false);
  });
});
