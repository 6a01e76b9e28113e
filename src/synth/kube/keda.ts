import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import { UserError } from '../../errors.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';
import { labels, metadata, secretName } from './meta.ts';

/**
 * Secret keys KEDA's Redis scaler reads. It takes `host:port` and a password, not a URL, so
 * REDIS_URL cannot be reused; the password key may hold an empty string for a Redis without auth.
 * @see https://keda.sh/docs/latest/scalers/redis-lists/
 */
export const KEDA_REDIS_KEYS = { address: 'KEDA_REDIS_ADDRESS', password: 'KEDA_REDIS_PASSWORD' } as const;
/** KEDA's RabbitMQ scaler takes the broker URL (`amqp://user:pass@host:5672/vhost`) as `host`, which is exactly the Celery broker URL. @see https://keda.sh/docs/latest/scalers/rabbitmq-queue/ */
export const KEDA_RABBITMQ_KEY = 'CELERY_BROKER_URL';

export type KedaBroker = 'redis' | 'rabbitmq';

/** The broker KEDA reads queue lengths from: RabbitMQ when declared (it is then the broker), else Redis. */
export function kedaBroker(model: AppModel, options: ResolvedOptions): KedaBroker {
  if (options.datastores.includes('rabbitmq')) return 'rabbitmq';
  if (options.datastores.includes('redis')) return 'redis';
  throw new UserError(`[tool.py2kube] celery.keda is set, but the Celery app "${model.celery?.app ?? '?'}" uses no broker py2kube knows (no Redis or RabbitMQ datastore was found), so there is no queue to scale on.`, {
    code: 'E_CONFIG_CONFLICT',
    hint: 'Declare the broker with datastores = ["redis"] or ["rabbitmq"], or remove celery.keda.',
  });
}

/** Secret keys KEDA needs beyond the app's own; they belong in `<name>-secrets` too. */
export function kedaSecretKeys(model: AppModel, options: ResolvedOptions): string[] {
  if ((options.celery?.keda ?? null) === null || model.celery === null) return [];
  return kedaBroker(model, options) === 'redis' ? [KEDA_REDIS_KEYS.address, KEDA_REDIS_KEYS.password] : [KEDA_RABBITMQ_KEY];
}

/** Celery's queues as the broker names them: the configured ones, else Celery's default queue. */
function queues(model: AppModel): string[] {
  return model.celery !== null && model.celery.queues.length > 0 ? [...model.celery.queues].sort() : [D.kube.celeryDefaultQueue];
}

/**
 * KEDA objects for the Celery worker when `celery.keda` is configured: a TriggerAuthentication
 * `<name>-worker` that points KEDA at keys of the app's Secret (referenced, never written), and
 * a ScaledObject `<name>-worker` with one queue-length trigger per queue. KEDA creates and owns
 * an HPA for the worker, which is why the worker Deployment has no `replicas`. The target is a
 * backlog per worker pod: `queue-length` messages waiting means one more pod.
 * @see https://keda.sh/docs/latest/reference/scaledobject-spec/
 */
export function kedaObjects(model: AppModel, options: ResolvedOptions): KubeObject[] {
  const keda = options.celery?.keda ?? null;
  if (keda === null || model.celery === null) return [];
  const broker = kedaBroker(model, options);
  const name = `${model.name}-worker`;
  const secretRef = (parameter: string, key: string): Record<string, string> => ({ parameter, name: secretName(model), key });
  const triggerAuthentication: KubeObject = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: metadata(name, labels(model, 'worker')),
    spec: {
      secretTargetRef: broker === 'redis'
        ? [secretRef('address', KEDA_REDIS_KEYS.address), secretRef('password', KEDA_REDIS_KEYS.password)]
        : [secretRef('host', KEDA_RABBITMQ_KEY)],
    },
  };
  const trigger = (queue: string): Record<string, unknown> => broker === 'redis'
    ? { type: 'redis', metadata: { listName: queue, listLength: String(keda.queueLength) }, authenticationRef: { name } }
    : { type: 'rabbitmq', metadata: { protocol: 'amqp', mode: 'QueueLength', queueName: queue, value: String(keda.queueLength) }, authenticationRef: { name } };
  const scaledObject: KubeObject = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: metadata(name, labels(model, 'worker')),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      pollingInterval: D.kube.kedaPollingSeconds,
      minReplicaCount: D.kube.kedaMinReplicas,
      maxReplicaCount: keda.maxReplicas,
      triggers: queues(model).map(trigger),
    },
  };
  return [triggerAuthentication, scaledObject];
}
