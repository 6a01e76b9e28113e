// Replicas and disruptions: https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
// HPA minReplicas: https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asNumber, getIn } from '../object.ts';
import { programOf } from '../python.ts';
import { objectsOfKind, sameNamespace, servicesSelecting } from '../selectors.ts';
import type { Workload } from '../workload.ts';

/**
 * Whether two objects are applied together. Several Kustomize overlays rendered in one run
 * (dev, staging, prod) hold copies of the same objects with the same names and no namespace;
 * an object of one rendering never scales, selects or protects the pods of another.
 */
export function sameRendering(a: Manifest, b: Manifest): boolean {
  return a.source === b.source || (a.source.origin !== 'kustomize' && b.source.origin !== 'kustomize');
}

/** How many pods a workload runs: the HPA's range when one scales it, else `spec.replicas` (default 1). */
export interface ReplicaRange {
  min: number;
  max: number;
  /** The HorizontalPodAutoscaler or KEDA ScaledObject that owns the count, if any. */
  scaler: Manifest | undefined;
}

/** Autoscalers (HPAs and KEDA ScaledObjects) by the `kind/name` they scale, built once per run. */
const scalerIndex = new WeakMap<readonly Manifest[], Map<string, Manifest[]>>();

function scalersByTarget(objects: readonly Manifest[]): Map<string, Manifest[]> {
  let index = scalerIndex.get(objects);
  if (index === undefined) {
    index = new Map();
    const add = (key: string, scaler: Manifest): void => {
      const list = index!.get(key);
      if (list === undefined) index!.set(key, [scaler]);
      else list.push(scaler);
    };
    for (const hpa of objectsOfKind(objects, 'HorizontalPodAutoscaler')) {
      add(`${String(getIn(hpa.object, ['spec', 'scaleTargetRef', 'kind']))}/${String(getIn(hpa.object, ['spec', 'scaleTargetRef', 'name']))}`, hpa);
    }
    // KEDA's scaleTargetRef.kind defaults to Deployment.
    for (const keda of objectsOfKind(objects, 'ScaledObject')) {
      if (!keda.apiVersion.startsWith('keda.sh/')) continue;
      add(`${String(getIn(keda.object, ['spec', 'scaleTargetRef', 'kind']) ?? 'Deployment')}/${String(getIn(keda.object, ['spec', 'scaleTargetRef', 'name']))}`, keda);
    }
    scalerIndex.set(objects, index);
  }
  return index;
}

export function replicaRange(workload: Workload, objects: readonly Manifest[]): ReplicaRange {
  const scalers = (scalersByTarget(objects).get(`${workload.kind}/${workload.name}`) ?? []).filter(
    (s) => sameNamespace(s.namespace, workload.namespace) && sameRendering(s, workload.manifest),
  );
  const hpa = scalers.find((s) => s.kind === 'HorizontalPodAutoscaler');
  if (hpa !== undefined) {
    const min = asNumber(getIn(hpa.object, ['spec', 'minReplicas'])) ?? 1;
    return { min, max: Math.max(min, asNumber(getIn(hpa.object, ['spec', 'maxReplicas'])) ?? min), scaler: hpa };
  }
  const keda = scalers.find((s) => s.kind === 'ScaledObject');
  if (keda !== undefined) {
    const min = asNumber(getIn(keda.object, ['spec', 'minReplicaCount'])) ?? 0;
    return { min, max: Math.max(min, asNumber(getIn(keda.object, ['spec', 'maxReplicaCount'])) ?? 100), scaler: keda };
  }
  const replicas = workload.replicas ?? 1;
  return { min: replicas, max: replicas, scaler: undefined };
}

/** Celery beat must be a singleton (no-celery-beat-replicas), so availability rules leave it alone. */
export function runsCeleryBeat(workload: Workload): boolean {
  return workload.containers.some((ref) => {
    const command = programOf(ref)?.command;
    return command?.program === 'celery-beat' || command?.embeddedBeat === true;
  });
}

const schema = z.strictObject({
  /** The fewest replicas a Deployment (or an HPA's minReplicas) may have. */
  minReplicas: z.number().int().min(2).max(10),
  /** Judge only Deployments a Service sends traffic to (workers behind a queue tolerate a short gap). */
  onlyServed: z.boolean(),
});

export default createRule({
  id: 'no-single-replica',
  meta: {
    description: 'Disallow Deployments behind a Service that run a single replica, or that an autoscaler may scale down to one.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'availability',
    peers: [
      { tool: 'kube-score', id: 'deployment-replicas' },
      { tool: 'kube-linter', id: 'minimum-three-replicas' },
      { tool: 'polaris', id: 'deploymentMissingReplicas' },
    ],
    messages: {
      tooFewReplicas:
        'Deployment "{{name}}" runs {{replicas}} replica{{plural}}{{served}}: every node drain, cluster upgrade, eviction or crash takes the app down until a new pod is scheduled and ready. Set spec.replicas: {{minimum}} or more (or let a HorizontalPodAutoscaler with minReplicas: {{minimum}} own the count).',
      hpaMinReplicas:
        'HorizontalPodAutoscaler "{{scaler}}" may scale Deployment "{{name}}" down to {{replicas}} replica{{plural}}: at quiet times a single node drain or crash takes the app down. Set spec.minReplicas: {{minimum}} or more.',
    },
  },
  defaultOptions: { minReplicas: 2, onlyServed: true },
  schema,
  create(context) {
    const { minReplicas, onlyServed } = context.options;
    return {
      workload(workload) {
        if (workload.kind !== 'Deployment') return;
        const services = servicesSelecting(workload, context.objects).filter((service) => sameRendering(service, workload.manifest));
        if (onlyServed && services.length === 0) return;
        const range = replicaRange(workload, context.objects);
        if (range.min >= minReplicas || runsCeleryBeat(workload)) return;
        const served = services.length > 0 ? ` behind Service "${services[0]!.name}"` : '';
        const base = { name: workload.name, minimum: minReplicas, served };
        if (range.scaler === undefined) {
          if (range.min >= minReplicas) return;
          context.report({ path: ['spec', 'replicas'], messageId: 'tooFewReplicas', data: { ...base, replicas: range.min, plural: range.min === 1 ? '' : 's' } });
        } else if (range.scaler.kind === 'HorizontalPodAutoscaler' && range.min < minReplicas) {
          // KEDA's minReplicaCount: 0 is a deliberate scale-to-zero, not an oversight.
          context.report({ object: range.scaler, path: ['spec', 'minReplicas'], messageId: 'hpaMinReplicas', data: { ...base, scaler: range.scaler.name, replicas: range.min, plural: range.min === 1 ? '' : 's' } });
        }
      },
    };
  },
});
