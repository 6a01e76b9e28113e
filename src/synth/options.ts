import type { Config } from '../config/schema.ts';
import { GENERATE_DEFAULTS as D } from '../config/defaults.ts';
import { UserError } from '../errors.ts';
import type { AppModel } from '../model/app.ts';
import type { Datastore } from '../model/facts.ts';

/**
 * Everything `generate` needs beyond the AppModel, with every default applied: config first,
 * then `GENERATE_DEFAULTS`. Synthesizers read only this and the model, never raw config.
 */
export interface ResolvedOptions {
  kubeVersion: string;
  /** Image repository without tag, e.g. `ghcr.io/acme/shop`. */
  image: string;
  baseImage: 'slim' | 'distroless';
  pythonVersion: string;
  uid: number;
  workload: 'io' | 'cpu';
  /** CPU request of a web pod in millicores. */
  cpuMillis: number;
  /** Worker processes per web pod (explicit; never derived from the node's CPU count). */
  workers: number;
  /** Memory request and limit of a web pod in MiB, from the sizing model. */
  memoryMiB: number;
  memoryLimitMiB: number;
  /** How `memoryMiB` was computed, for the generated comment and docs. */
  memoryReason: string;
  timeouts: { request: number; graceful: number; keepAlive: number; preStop: number };
  /** preStop + graceful + margin: the kubelet's one budget for both (runtime facts 2.1.5). */
  terminationGracePeriodSeconds: number;
  probes: {
    /** HTTP paths when the app serves them; null means a TCP probe on the port. */
    livenessPath: string | null;
    readinessPath: string | null;
    startupPath: string | null;
    startup: { periodSeconds: number; failureThreshold: number; timeoutSeconds: number };
    readiness: { periodSeconds: number; failureThreshold: number; timeoutSeconds: number };
    liveness: { periodSeconds: number; failureThreshold: number; timeoutSeconds: number };
  };
  ingress: { host: string | null; className: string | null; tlsSecret: string | null };
  ingressNamespace: string;
  /** Env var names the app expects from a Secret named `<name>-secrets`. */
  secretKeys: string[];
  /** Non-secret settings for the ConfigMap. */
  settings: Record<string, string>;
  datastores: Datastore[];
  celery: null | {
    concurrency: number;
    maxTaskSeconds: number;
    maxTasksPerChild: number;
    /** Worker grace period: the longest task plus margin, so warm shutdown can finish it. */
    terminationGracePeriodSeconds: number;
    /** Redis visibility timeout: longer than the longest task, or acks_late tasks run twice. */
    visibilityTimeoutSeconds: number;
    keda: null | { queueLength: number; maxReplicas: number };
  };
  cronjobs: Array<{
    name: string;
    schedule: string;
    command: string[];
    concurrencyPolicy: 'Forbid' | 'Replace' | 'Allow';
    activeDeadlineSeconds: number;
    startingDeadlineSeconds: number;
    backoffLimit: number;
    timeZone: string | null;
  }>;
  environments: EnvironmentOptions[];
}

export interface EnvironmentOptions {
  name: string;
  /** Fixed replica count, or null when an HPA owns it. */
  replicas: number | null;
  autoscaling: null | { minReplicas: number; maxReplicas: number; cpu: number; memory: number };
  host: string | null;
  imageTag: string | null;
  workers: number;
  cpuMillis: number;
  memoryMiB: number;
  memoryLimitMiB: number;
}

/** CPU quantity → millicores: `500m` → 500, `1` → 1000, `1.5` → 1500. */
export function toMillicores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

const BINARY: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
/** Memory quantity → MiB (rounded up): `512Mi` → 512, `1Gi` → 1024, `1G` → 954. */
export function toMiB(quantity: string): number {
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(quantity);
  if (m === null) return Number.NaN;
  const value = Number(m[1]);
  const unit = m[2] ?? '';
  if (unit in BINARY) return Math.ceil(value * BINARY[unit]!);
  if (unit in DECIMAL) return Math.ceil((value * DECIMAL[unit]!) / (1024 * 1024));
  return Math.ceil(value / (1024 * 1024));
}

/**
 * Workers from the CPU request: I/O-bound apps wait on the network, so `2 × CPU + 1`
 * (gunicorn's design guide); CPU-bound apps hold the GIL, so one per CPU. Never below 1.
 * ML apps load a model per process, so one worker and scale with replicas.
 */
export function workersFor(cpuMillis: number, workload: 'io' | 'cpu', mlHeavy: boolean): number {
  const cores = cpuMillis / 1000;
  if (mlHeavy) return 1;
  if (workload === 'cpu') return Math.max(1, Math.floor(cores));
  return Math.max(1, Math.round(2 * cores + 1));
}

/** Memory = (workers × per-worker + master) × headroom, rounded up to the step. */
export function memoryFor(workers: number, mlHeavy: boolean): { mib: number; reason: string } {
  const perWorker = mlHeavy ? D.perWorkerMlMiB : D.perWorkerMiB;
  const raw = (workers * perWorker + D.masterMiB) * D.memoryHeadroom;
  const mib = Math.ceil(raw / D.memoryStepMiB) * D.memoryStepMiB;
  return { mib, reason: `(${workers} worker${workers === 1 ? '' : 's'} × ${perWorker}Mi + ${D.masterMiB}Mi master) × ${D.memoryHeadroom} headroom, rounded up to ${D.memoryStepMiB}Mi` };
}

/** The env var names the app needs from a Secret, by datastore. */
const SECRET_KEYS: Record<Datastore, string[]> = {
  postgresql: ['DATABASE_URL'],
  mysql: ['DATABASE_URL'],
  redis: ['REDIS_URL'],
  rabbitmq: ['CELERY_BROKER_URL'],
  mongodb: ['MONGODB_URL'],
};

export function resolveOptions(model: AppModel, config: Config): ResolvedOptions {
  const workload = config.workload ?? 'io';
  const cpuMillis = toMillicores(config.resources?.cpu ?? D.cpu);
  const workers = config.workers ?? workersFor(cpuMillis, workload, model.mlHeavy);
  const memory = memoryFor(workers, model.mlHeavy);
  const memoryMiB = config.resources?.memory !== undefined ? toMiB(config.resources.memory) : memory.mib;
  const memoryLimitMiB = config.resources?.['memory-limit'] !== undefined ? toMiB(config.resources['memory-limit']) : memoryMiB;
  if (memoryLimitMiB < memoryMiB) {
    throw new UserError(`[tool.py2kube] resources.memory-limit (${config.resources?.['memory-limit']}) is below resources.memory (${config.resources?.memory ?? `${memoryMiB}Mi`}); Kubernetes rejects a limit below the request.`, {
      code: 'E_CONFIG_CONFLICT', hint: 'Raise resources.memory-limit or lower resources.memory.',
    });
  }
  const timeouts = {
    request: config.timeouts?.request ?? D.timeouts.request,
    graceful: config.timeouts?.graceful ?? D.timeouts.graceful,
    keepAlive: config.timeouts?.['keep-alive'] ?? D.timeouts.keepAlive,
    preStop: config.timeouts?.['pre-stop'] ?? D.timeouts.preStop,
  };
  const datastores = model.datastores.filter((d) => !d.optional).map((d) => d.name);
  const secretKeys = config.secrets ?? [...new Set([
    ...datastores.flatMap((d) => SECRET_KEYS[d]),
    ...(model.celery !== null && !datastores.includes('rabbitmq') && datastores.includes('redis') ? ['CELERY_BROKER_URL'] : []),
    ...(model.framework === 'django' ? ['SECRET_KEY'] : []),
  ])].sort();

  const celery = model.celery === null ? null : (() => {
    const c = config.celery === false ? undefined : config.celery;
    const maxTaskSeconds = c?.['max-task-seconds'] ?? D.celery.maxTaskSeconds;
    return {
      concurrency: c?.concurrency ?? workersFor(toMillicores(D.workerCpu), workload, model.mlHeavy),
      maxTaskSeconds,
      maxTasksPerChild: c?.['max-tasks-per-child'] ?? D.celery.maxTasksPerChild,
      terminationGracePeriodSeconds: maxTaskSeconds + D.timeouts.margin,
      visibilityTimeoutSeconds: Math.max(3600, maxTaskSeconds * 2),
      keda: c?.keda === undefined ? null : { queueLength: c.keda['queue-length'], maxReplicas: c.keda['max-replicas'] ?? 10 },
    };
  })();

  const envNames = config.env !== undefined && Object.keys(config.env).length > 0 ? Object.keys(config.env).sort() : [...D.environments];
  const environments = envNames.map((name): EnvironmentOptions => {
    const env = config.env?.[name] ?? {};
    const autoscalingConfig = env.autoscaling ?? config.autoscaling;
    const defaultReplicas = env.replicas ?? config.replicas ?? D.envReplicas[name] ?? D.replicas;
    const autoscaled = autoscalingConfig === false ? false : autoscalingConfig !== undefined || D.autoscaledEnvs.includes(name);
    const envCpu = env.resources?.cpu !== undefined ? toMillicores(env.resources.cpu) : cpuMillis;
    const envWorkers = env.workers ?? (env.resources?.cpu !== undefined && config.workers === undefined ? workersFor(envCpu, workload, model.mlHeavy) : workers);
    const envMemory = env.resources?.memory !== undefined ? toMiB(env.resources.memory) : envWorkers === workers ? memoryMiB : memoryFor(envWorkers, model.mlHeavy).mib;
    const autoscaling = !autoscaled ? null : {
      minReplicas: (autoscalingConfig || undefined)?.['min-replicas'] ?? defaultReplicas,
      maxReplicas: (autoscalingConfig || undefined)?.['max-replicas'] ?? Math.max(D.autoscaling.maxReplicas, defaultReplicas),
      cpu: (autoscalingConfig || undefined)?.cpu ?? D.autoscaling.cpu,
      memory: (autoscalingConfig || undefined)?.memory ?? D.autoscaling.memory,
    };
    if (autoscaling !== null && autoscaling.minReplicas > autoscaling.maxReplicas) {
      throw new UserError(`[tool.py2kube] autoscaling for "${name}": min-replicas (${autoscaling.minReplicas}) is above max-replicas (${autoscaling.maxReplicas}).`, {
        code: 'E_CONFIG_CONFLICT', hint: 'Make min-replicas ≤ max-replicas.',
      });
    }
    return {
      name,
      replicas: autoscaling === null ? defaultReplicas : null,
      autoscaling,
      host: env.host ?? config.ingress?.host ?? null,
      imageTag: env['image-tag'] ?? null,
      workers: envWorkers,
      cpuMillis: envCpu,
      memoryMiB: envMemory,
      memoryLimitMiB: env.resources?.['memory-limit'] !== undefined ? toMiB(env.resources['memory-limit']) : Math.max(envMemory, envMemory === memoryMiB ? memoryLimitMiB : envMemory),
    };
  });

  const probeSet = model.mlHeavy ? D.probes.startupMl : D.probes.startup;
  return {
    kubeVersion: D.kubeVersion,
    image: config.image ?? `ghcr.io/your-org/${model.name}`,
    baseImage: config['base-image'] ?? 'slim',
    pythonVersion: model.pythonVersion ?? '3.13',
    uid: D.uid,
    workload,
    cpuMillis,
    workers,
    memoryMiB,
    memoryLimitMiB,
    memoryReason: config.resources?.memory !== undefined ? 'set in config' : memory.reason,
    timeouts,
    terminationGracePeriodSeconds: timeouts.preStop + timeouts.graceful + D.timeouts.margin,
    probes: {
      livenessPath: model.health.liveness,
      readinessPath: model.health.readiness,
      startupPath: config.health?.startup ?? model.health.liveness,
      startup: { ...probeSet },
      readiness: { ...D.probes.readiness },
      liveness: { ...D.probes.liveness },
    },
    ingress: { host: config.ingress?.host ?? null, className: config.ingress?.class ?? null, tlsSecret: config.ingress?.['tls-secret'] ?? null },
    ingressNamespace: config['ingress-namespace'] ?? D.ingressNamespace,
    secretKeys,
    settings: Object.fromEntries(Object.entries(config.settings ?? {}).map(([k, v]): [string, string] => [k, String(v)]).sort(([a], [b]) => a.localeCompare(b))),
    datastores,
    celery,
    cronjobs: (config.cronjobs ?? []).map((job) => ({
      name: job.name,
      schedule: job.schedule,
      command: job.command,
      concurrencyPolicy: job['concurrency-policy'] ?? 'Forbid',
      activeDeadlineSeconds: job['active-deadline-seconds'] ?? D.jobs.cronActiveDeadlineSeconds,
      startingDeadlineSeconds: job['starting-deadline-seconds'] ?? D.jobs.startingDeadlineSeconds,
      backoffLimit: job['backoff-limit'] ?? D.jobs.backoffLimit,
      timeZone: job['time-zone'] ?? null,
    })),
    environments,
  };
}
