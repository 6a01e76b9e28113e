import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import type { AppModel, Diagnostic } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { Overlay } from '../bundle.ts';
import type { EnvironmentOptions, ResolvedOptions } from '../options.ts';
import { celeryBeat } from './celery-beat.ts';
import { celeryWorker } from './celery-worker.ts';
import { configMap, secretLookingSettings } from './config-map.ts';
import { cronJobs } from './cronjob.ts';
import { hpa } from './hpa.ts';
import { ingress, ingressRouting } from './ingress.ts';
import { kedaObjects, kedaSecretKeys } from './keda.ts';
import { hasWeb, secretName } from './meta.ts';
import { migrationJob } from './migration-job.ts';
import { networkPolicies } from './network-policy.ts';
import { pdb } from './pdb.ts';
import { service } from './service.ts';
import { serviceAccount } from './service-account.ts';
import { WEB_CONTAINER, webConcurrencyEnv, webDeployment, webResources } from './web-deployment.ts';

/**
 * The Kubernetes objects of `py2kube generate`: pure functions from the AppModel and the
 * resolved options to plain objects. Rendering them to YAML and Kustomize files is render/'s job.
 */

/** Options with KEDA's Secret keys added to the expected keys, so the annotation and the notes list everything `<name>-secrets` must hold. */
function withKedaKeys(model: AppModel, options: ResolvedOptions): ResolvedOptions {
  const extra = kedaSecretKeys(model, options).filter((k) => !options.secretKeys.includes(k));
  return extra.length === 0 ? options : { ...options, secretKeys: [...options.secretKeys, ...extra].sort() };
}

/** Whether anything runs at all: a server, a Celery worker, a CronJob or a migration. */
function hasWorkload(model: AppModel, options: ResolvedOptions): boolean {
  return hasWeb(model) || (model.celery !== null && options.celery !== null) || options.cronjobs.length > 0 || model.migrate !== null;
}

/**
 * The Kustomize base, in apply order: identity and settings first (ServiceAccount, ConfigMap),
 * then routing (Service, Ingress), the workloads (web, worker, beat) and what scales them (KEDA),
 * then the PDB, the NetworkPolicies and the CronJobs. No `replicas` on any Deployment but beat:
 * overlays set them or add the HPA that owns them. The migration Job is separate
 * (`synthesizeMigration`) because it is applied and awaited before everything else.
 */
export function synthesizeBase(model: AppModel, resolved: ResolvedOptions): KubeObject[] {
  const options = withKedaKeys(model, resolved);
  if (!hasWorkload(model, options)) return [];
  const web = hasWeb(model);
  const celery = model.celery !== null && options.celery !== null;
  const ingressObject = web ? ingress(model, options) : null;
  return [
    serviceAccount(model, options),
    configMap(model, options),
    ...(web ? [service(model, options)] : []),
    ...(ingressObject !== null ? [ingressObject] : []),
    ...(web ? [webDeployment(model, options)] : []),
    ...(celery ? [celeryWorker(model, options)] : []),
    ...(celery && model.celery?.beat === true ? [celeryBeat(model, options)] : []),
    ...(celery ? kedaObjects(model, options) : []),
    ...(web ? [pdb(model, options)] : []),
    ...networkPolicies(model, options),
    ...cronJobs(model, options),
  ];
}

/** The migration Job, applied and awaited before the rollout (see migration-job.ts); null when the app has no migrations. */
export function synthesizeMigration(model: AppModel, options: ResolvedOptions): KubeObject | null {
  return migrationJob(model, withKedaKeys(model, options));
}

/**
 * One environment's overlay: an HPA when the environment autoscales, strategic-merge patches of
 * the web container's WEB_CONCURRENCY and resources (and of `replicas` only when no HPA owns
 * them), and the Ingress host when it differs from the base's (or the whole Ingress when only
 * this environment has a host).
 */
export function synthesizeOverlay(model: AppModel, options: ResolvedOptions, env: EnvironmentOptions): Overlay {
  if (!hasWeb(model)) return { env, resources: [], patches: [] };
  const resources: KubeObject[] = [];
  const patches: KubeObject[] = [];
  if (env.autoscaling !== null) resources.push(hpa(model, env.autoscaling));
  const single = env.autoscaling === null && env.replicas !== null && env.replicas < 2;
  patches.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    // A one-replica environment is a deliberate choice (dev saves resources), so it says so in
    // the way `py2kube check` understands instead of failing its own availability rule.
    metadata: single
      ? { name: model.name, annotations: { 'py2kube.io/ignore': `no-single-replica -- the ${env.name} environment runs ${env.replicas} replica by design; set env.${env.name}.replicas = 2 or more for availability` } }
      : { name: model.name },
    spec: {
      ...(env.autoscaling === null && env.replicas !== null ? { replicas: env.replicas } : {}),
      template: {
        spec: {
          containers: [{
            name: WEB_CONTAINER,
            env: [webConcurrencyEnv(env.workers)],
            resources: webResources(env.cpuMillis, env.memoryMiB, env.memoryLimitMiB),
          }],
        },
      },
    },
  });
  if (env.host !== null && env.host !== options.ingress.host) {
    if (options.ingress.host === null) {
      const own = ingress(model, options, env.host);
      if (own !== null) resources.push(own);
    } else {
      patches.push({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: model.name }, spec: ingressRouting(model, options, env.host) });
    }
  }
  return { env, resources, patches };
}

/**
 * What the user should know about the Kubernetes objects: what was and was not generated and
 * why, the Secret to create, probes that could only be TCP, and what the NetworkPolicy blocks.
 */
export function kubeNotes(model: AppModel, resolved: ResolvedOptions): Diagnostic[] {
  const options = withKedaKeys(model, resolved);
  const notes: Diagnostic[] = [];
  const web = hasWeb(model);
  const celery = model.celery !== null && options.celery !== null;

  if (!web) {
    const made = [
      ...(celery ? [`a Celery worker Deployment "${model.name}-worker"`] : []),
      ...(celery && model.celery?.beat === true ? [`a Celery beat Deployment "${model.name}-beat"`] : []),
      ...options.cronjobs.map((j) => `a CronJob "${model.name}-${j.name}"`),
      ...(model.migrate !== null ? [`a migration Job "${model.name}-migrate"`] : []),
    ];
    notes.push(made.length > 0
      ? { level: 'info', code: 'I_NO_WEB_OBJECTS', message: `No web framework was found, so no web Deployment, Service, Ingress, HPA or PodDisruptionBudget were generated; generated ${made.join(', ')}.`, configKey: 'framework' }
      : { level: 'warning', code: 'W_NOTHING_TO_RUN', message: 'No web framework, no Celery app and no cronjobs were found, so no Kubernetes objects were generated. A script runs as a CronJob: add [[tool.py2kube.cronjobs]] with a name, a schedule and its command.', configKey: 'cronjobs' });
  }

  if (web) {
    const p = options.probes;
    if (p.livenessPath === null && p.readinessPath === null) {
      notes.push({ level: 'warning', code: 'W_TCP_PROBES', message: 'The app serves no health endpoint, so the startup, readiness and liveness probes only check that the port accepts TCP connections: a pod whose workers are stuck still counts as ready. Run `py2kube init --runtime` to add a health module, or set health.liveness and health.readiness to endpoints the app serves.', configKey: 'health' });
    } else if (p.readinessPath === null) {
      notes.push({ level: 'info', code: 'I_READINESS_FROM_LIVENESS', message: `The app has no separate readiness endpoint, so the readiness probe uses the liveness endpoint ${p.livenessPath}; set health.readiness to one that fails while the app cannot serve (for example during shutdown).`, configKey: 'health.readiness' });
    }
    if (options.ingress.host === null && options.environments.every((e) => e.host === null)) {
      notes.push({ level: 'info', code: 'I_NO_INGRESS', message: `No ingress host is configured, so no Ingress was generated; the app is reachable in the cluster as http://${model.name}/.`, configKey: 'ingress.host' });
    }
    if (model.framework === 'django' && (p.livenessPath !== null || p.readinessPath !== null)) {
      notes.push({ level: 'warning', code: 'W_DJANGO_PROBE_HOST', message: 'The kubelet sends HTTP probes with the pod IP as the Host header, and Django answers 400 to a host missing from ALLOWED_HOSTS, so the probes fail unless the health view answers before Django validates the host (a middleware listed before CommonMiddleware) or ALLOWED_HOSTS accepts the pod IP.' });
    }
    if (model.metricsPath !== null) {
      notes.push({ level: 'warning', code: 'W_METRICS_NETWORK_POLICY', message: `The web pods carry Prometheus scrape annotations for ${model.metricsPath}, but their NetworkPolicy admits only the ingress controller's namespace (${options.ingressNamespace}) and the app's own pods; add a NetworkPolicy in the overlay that admits your Prometheus namespace on port "http".` });
    }
  }

  if (hasWorkload(model, options)) {
    if (options.secretKeys.length > 0) {
      notes.push({ level: 'info', code: 'I_SECRET_KEYS', message: `Create the Secret "${secretName(model)}" before deploying, with the keys ${options.secretKeys.join(', ')}; py2kube references it and never writes it, and pods will not start without it.`, configKey: 'secrets' });
    } else {
      notes.push({ level: 'info', code: 'I_SECRET_KEYS', message: `Pods read the Secret "${secretName(model)}" (required, so create it even if empty); no keys were detected, list the ones the app needs in secrets.`, configKey: 'secrets' });
    }
    const dataPorts = options.datastores.length > 0 ? ` and ${options.datastores.map((d) => `${d} (port ${D.kube.datastorePorts[d]})`).join(', ')} at any address` : '';
    notes.push({ level: 'info', code: 'I_NETWORK_EGRESS', message: `The NetworkPolicy lets the app's pods reach only cluster DNS${dataPorts}; calls to other services (HTTPS APIs, model downloads, SMTP) are blocked until you add an egress NetworkPolicy in the overlay.`, configKey: 'datastores' });
    if (model.migrate !== null) {
      notes.push({ level: 'info', code: 'I_MIGRATION_BEFORE_ROLLOUT', message: `The migration Job "${model.name}-migrate" (${model.migrate.command.join(' ')}) is applied and must complete before the Deployments roll out.` });
    }
  }

  for (const key of secretLookingSettings(options)) {
    notes.push({ level: 'warning', code: 'W_SECRET_IN_SETTINGS', message: `settings.${key} looks like a credential, and settings are written to a ConfigMap that anyone who can read the namespace can read; move it to secrets and the Secret "${secretName(model)}".`, configKey: `settings.${key}` });
  }
  for (const system of model.workerSystems.filter((s) => s !== 'celery')) {
    notes.push({ level: 'info', code: 'I_WORKER_SYSTEM_NOT_GENERATED', message: `${system} was found, but py2kube generates workers only for Celery; run the ${system} worker with a Deployment of your own in the overlay.` });
  }
  return notes;
}
