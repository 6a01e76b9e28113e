// Utilization is usage over the requests of the pod's containers and sidecars ("missing request for cpu"): https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/#how-does-a-horizontalpodautoscaler-work ; KEDA's cpu/memory triggers: https://keda.sh/docs/latest/scalers/cpu/
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asArray, asNumber, asRecord, asString, getIn, type Json } from '../object.ts';
import { objectsNamed, objectsOfKind, sameNamespace, sameRendering } from '../selectors.ts';
import type { Path } from '../types.ts';
import { toWorkload, type Workload } from '../workload.ts';

/** One utilization target: the resource, the container it is limited to (ContainerResource), and where it is written. */
interface UtilizationTarget {
  resource: string;
  container: string | undefined;
  path: Path;
  /** How the target reads in a message: `cpu utilization`, `cpu utilization (80%, the default when no metric is given)`. */
  what: string;
}

const EXAMPLE: Record<string, string> = { cpu: '250m', memory: '256Mi' };

export default createRule({
  id: 'require-cpu-request-for-hpa',
  meta: {
    description: 'Require a CPU request (a memory request for memory targets) on every container of the pods an autoscaler scales by utilization.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'availability',
    peers: [],
    messages: {
      missingRequest:
        '{{scaler}} "{{name}}" scales {{kind}} "{{target}}" on {{what}}, but {{containers}} set{{s}} no {{resource}} request: utilization is usage divided by the request, so the autoscaler reports "failed to get {{resource}} utilization: missing request for {{resource}}" and never scales. Set resources.requests.{{resource}} on {{them}} (e.g. "{{example}}"), or {{alternative}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    const check = (scaler: Manifest, label: string, kind: string | undefined, name: string | undefined, targets: readonly UtilizationTarget[]): void => {
      if (kind === undefined || name === undefined || targets.length === 0) return;
      // A missing target is require-hpa-target-exists's finding.
      const workloads = objectsNamed(context.objects, kind, name, scaler).flatMap((o) => toWorkload(o) ?? []);
      for (const target of targets) {
        const missing = new Set<string>();
        for (const workload of workloads) for (const container of withoutRequest(workload, target, context.objects)) missing.add(container);
        if (missing.size === 0) continue;
        const names = [...missing].map((c) => `"${c}"`);
        const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
        context.report({
          path: target.path,
          messageId: 'missingRequest',
          data: {
            scaler: label,
            name: scaler.name,
            kind,
            target: name,
            what: target.what,
            resource: target.resource,
            containers: `${names.length === 1 ? 'container' : 'containers'} ${list}`,
            s: names.length === 1 ? 's' : '',
            them: names.length === 1 ? 'it' : 'each of them',
            example: EXAMPLE[target.resource] ?? '…',
            alternative: label === 'ScaledObject' ? 'use metricType: AverageValue instead' : 'target an AverageValue instead (autoscaling/v2)',
          },
        });
      }
    };
    return {
      HorizontalPodAutoscaler(hpa) {
        const ref = asRecord(getIn(hpa.object, ['spec', 'scaleTargetRef']));
        check(hpa, 'HorizontalPodAutoscaler', asString(ref?.['kind']), asString(ref?.['name']), hpaTargets(hpa));
      },
      object(object) {
        if (object.kind !== 'ScaledObject' || !object.apiVersion.startsWith('keda.sh/')) return;
        const ref = asRecord(getIn(object.object, ['spec', 'scaleTargetRef']));
        // KEDA's scaleTargetRef.kind defaults to Deployment.
        check(object, 'ScaledObject', asString(ref?.['kind']) ?? 'Deployment', asString(ref?.['name']), kedaTargets(object));
      },
    };
  },
});

/** The utilization targets of an HPA, in autoscaling/v1, v2beta1, v2beta2 or v2. */
function hpaTargets(hpa: Manifest): UtilizationTarget[] {
  if (hpa.apiVersion === 'autoscaling/v1') {
    // Without targetCPUUtilizationPercentage the default policy applies: 80% average CPU utilization.
    const percent = asNumber(getIn(hpa.object, ['spec', 'targetCPUUtilizationPercentage']));
    return [{ resource: 'cpu', container: undefined, path: ['spec', 'targetCPUUtilizationPercentage'], what: percent === undefined ? 'cpu utilization (80%, the default when targetCPUUtilizationPercentage is not set)' : 'cpu utilization' }];
  }
  const metrics = asArray(getIn(hpa.object, ['spec', 'metrics']));
  // autoscaling/v2: "If not set, the default metric will be set to 80% average CPU utilization."
  if (metrics.length === 0) return [{ resource: 'cpu', container: undefined, path: ['spec', 'metrics'], what: 'cpu utilization (80%, the default when no metrics are given)' }];
  const out: UtilizationTarget[] = [];
  for (const [index, item] of metrics.entries()) {
    const metric = asRecord(item);
    const type = metric?.['type'];
    const source = type === 'Resource' ? asRecord(metric?.['resource']) : type === 'ContainerResource' ? asRecord(metric?.['containerResource']) : undefined;
    if (source === undefined) continue;
    const resource = asString(source['name']);
    // v2/v2beta2 write target.type; v2beta1 wrote targetAverageUtilization.
    const utilization = getIn(source, ['target', 'type']) === 'Utilization' || source['targetAverageUtilization'] !== undefined;
    if (resource === undefined || !utilization) continue;
    const container = type === 'ContainerResource' ? asString(source['container']) : undefined;
    if (type === 'ContainerResource' && container === undefined) continue;
    out.push({ resource, container, path: ['spec', 'metrics', index], what: container === undefined ? `${resource} utilization` : `the ${resource} utilization of container "${container}"` });
  }
  return out;
}

/** KEDA cpu and memory triggers with a Utilization metric type (`metricType`, or the older `metadata.type`). */
function kedaTargets(scaledObject: Manifest): UtilizationTarget[] {
  const out: UtilizationTarget[] = [];
  for (const [index, item] of asArray(getIn(scaledObject.object, ['spec', 'triggers'])).entries()) {
    const trigger = asRecord(item);
    const resource = asString(trigger?.['type']);
    if (resource !== 'cpu' && resource !== 'memory') continue;
    const metadata = asRecord(trigger?.['metadata']);
    if ((trigger?.['metricType'] ?? metadata?.['type']) !== 'Utilization') continue;
    const container = asString(metadata?.['containerName']) || undefined;
    out.push({ resource, container, path: ['spec', 'triggers', index], what: container === undefined ? `${resource} utilization` : `the ${resource} utilization of container "${container}"` });
  }
  return out;
}

/**
 * The containers whose request the autoscaler divides by and that have none: main containers
 * and sidecars (restartable init containers), not init containers that have exited. A limit
 * without a request becomes the request; a LimitRange default fills it in at admission; pod-level
 * resources (KEP-2837) replace the containers' sum when they are set.
 */
function withoutRequest(workload: Workload, target: UtilizationTarget, objects: readonly Manifest[]): string[] {
  if (asRecord(workload.podSpec['resources']) !== undefined) return [];
  const missing = workload.containers.filter((ref) => {
    if (ref.role !== 'container' && ref.role !== 'sidecar') return false;
    if (target.container !== undefined && ref.name !== target.container) return false;
    const resources = asRecord(ref.container['resources']);
    return asRecord(resources?.['requests'])?.[target.resource] === undefined && asRecord(resources?.['limits'])?.[target.resource] === undefined;
  });
  if (missing.length === 0 || limitRangeDefaults(workload.manifest, target.resource, objects)) return [];
  return missing.map((ref) => ref.name);
}

/** Whether a LimitRange applied with the workload gives containers a default request (or limit) for the resource. */
function limitRangeDefaults(manifest: Manifest, resource: string, objects: readonly Manifest[]): boolean {
  return objectsOfKind(objects, 'LimitRange').some(
    (range) =>
      sameNamespace(manifest.namespace, range.namespace) &&
      sameRendering(manifest, range) &&
      asArray(getIn(range.object, ['spec', 'limits'])).some((item) => {
        const limit = asRecord(item) as Json | undefined;
        return limit?.['type'] === 'Container' && (asRecord(limit['defaultRequest'])?.[resource] !== undefined || asRecord(limit['default'])?.[resource] !== undefined);
      }),
  );
}
