// Label selectors: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
import type { Manifest } from './load/manifest.ts';
import { asArray, asRecord, asString, getIn, stringMap } from './object.ts';
import type { ContainerRef, Workload } from './workload.ts';

/**
 * Helpers for cross-object rules. An object without a namespace matches any namespace: Helm
 * and Kustomize often leave it to `kubectl apply -n`, and a missed finding is worse than a
 * finding about objects that end up in the same namespace anyway.
 */

export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** Whether a `matchLabels`/`matchExpressions` selector (or a plain map, as Services use) selects these labels. */
export function matchesSelector(selector: unknown, labels: Record<string, string>): boolean {
  const record = asRecord(selector);
  if (record === undefined) return false;
  const isLabelSelector = 'matchLabels' in record || 'matchExpressions' in record;
  const matchLabels = stringMap(isLabelSelector ? record['matchLabels'] : record);
  const expressions = isLabelSelector ? asArray(record['matchExpressions']) : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  for (const item of expressions) {
    const expression = asRecord(item);
    const key = asString(expression?.['key']);
    if (key === undefined) return false;
    const values = asArray(expression?.['values']).map(String);
    const has = key in labels;
    switch (expression?.['operator']) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Per-run indexes, so cross-object rules stay linear in the number of objects. */
const kindIndex = new WeakMap<readonly Manifest[], Map<string, Manifest[]>>();
const serviceIndex = new WeakMap<readonly Manifest[], Map<string, Manifest[]>>();
const targetCache = new WeakMap<ContainerRef, ServiceTarget[]>();

export function objectsOfKind(objects: readonly Manifest[], kind: string): Manifest[] {
  let index = kindIndex.get(objects);
  if (index === undefined) {
    index = new Map();
    for (const object of objects) {
      const list = index.get(object.kind);
      if (list === undefined) index.set(object.kind, [object]);
      else list.push(object);
    }
    kindIndex.set(objects, index);
  }
  return index.get(kind) ?? [];
}

const nameIndex = new WeakMap<readonly Manifest[], Map<string, Manifest[]>>();

/**
 * Objects of a kind with a name, in any namespace (filter with `sameNamespace`). Indexed once
 * per run: a lookup per Ingress backend or HPA target that scans every object of the kind is
 * quadratic, and dominates a 10,000-object run.
 */
export function objectsNamed(objects: readonly Manifest[], kind: string, name: string): Manifest[] {
  let index = nameIndex.get(objects);
  if (index === undefined) {
    index = new Map();
    for (const object of objects) {
      const key = `${object.kind}\u0000${object.name}`;
      const list = index.get(key);
      if (list === undefined) index.set(key, [object]);
      else list.push(object);
    }
    nameIndex.set(objects, index);
  }
  return index.get(`${kind}\u0000${name}`) ?? [];
}

/** Services whose selector selects the workload's pods. */
export function servicesSelecting(workload: Workload, objects: readonly Manifest[]): Manifest[] {
  let index = serviceIndex.get(objects);
  if (index === undefined) {
    // A Service selects a pod only if the pod has every selector label, so any one of them is a sound key.
    index = new Map();
    for (const service of objectsOfKind(objects, 'Service')) {
      const first = Object.entries(stringMap(getIn(service.object, ['spec', 'selector'])))[0];
      if (first === undefined) continue;
      const key = `${first[0]}=${first[1]}`;
      const list = index.get(key);
      if (list === undefined) index.set(key, [service]);
      else list.push(service);
    }
    serviceIndex.set(objects, index);
  }
  const candidates = new Set<Manifest>();
  for (const [key, value] of Object.entries(workload.podLabels)) for (const service of index.get(`${key}=${value}`) ?? []) candidates.add(service);
  return [...candidates].filter(
    (service) => sameNamespace(service.namespace, workload.namespace) && matchesSelector(getIn(service.object, ['spec', 'selector']), workload.podLabels),
  );
}

export interface ServiceTarget {
  service: Manifest;
  /** The Service port entry's index in `spec.ports`. */
  portIndex: number;
  /** The container port number the traffic reaches, when known. */
  containerPort: number | undefined;
}

/**
 * The Service ports that reach this container: a `targetPort` naming one of its ports or
 * matching one of its port numbers. A numeric `targetPort` that no container declares
 * reaches the first main container (declaring ports is optional in Kubernetes).
 */
export function serviceTargetsOf(ref: ContainerRef, workload: Workload, objects: readonly Manifest[]): ServiceTarget[] {
  if (ref.role !== 'container' && ref.role !== 'sidecar') return [];
  const cached = targetCache.get(ref);
  if (cached !== undefined) return cached;
  const targets = computeTargets(ref, workload, objects);
  targetCache.set(ref, targets);
  return targets;
}

function computeTargets(ref: ContainerRef, workload: Workload, objects: readonly Manifest[]): ServiceTarget[] {
  const declared = (c: ContainerRef): Array<{ name?: string; port: number }> =>
    asArray(c.container['ports']).flatMap((p) => {
      const port = asRecord(p);
      const number = port?.['containerPort'];
      if (typeof number !== 'number') return [];
      const name = asString(port?.['name']);
      return [name === undefined ? { port: number } : { name, port: number }];
    });
  const mine = declared(ref);
  const anyDeclares = (port: number): boolean => workload.containers.some((c) => declared(c).some((d) => d.port === port));
  const firstMain = workload.containers.find((c) => c.role === 'container');
  const targets: ServiceTarget[] = [];
  for (const service of servicesSelecting(workload, objects)) {
    for (const [portIndex, item] of asArray(getIn(service.object, ['spec', 'ports'])).entries()) {
      const entry = asRecord(item);
      const target = entry?.['targetPort'] ?? entry?.['port'];
      if (typeof target === 'string' && !/^\d+$/.test(target)) {
        const hit = mine.find((d) => d.name === target);
        if (hit !== undefined) targets.push({ service, portIndex, containerPort: hit.port });
      } else if (target !== undefined) {
        const number = Number(target);
        if (mine.some((d) => d.port === number) || (!anyDeclares(number) && firstMain === ref)) targets.push({ service, portIndex, containerPort: number });
      }
    }
  }
  return targets;
}

/** HorizontalPodAutoscalers whose `scaleTargetRef` names this object. */
export function autoscalersOf(target: Manifest, objects: readonly Manifest[]): Manifest[] {
  return objectsOfKind(objects, 'HorizontalPodAutoscaler').filter((hpa) => {
    const ref = asRecord(getIn(hpa.object, ['spec', 'scaleTargetRef']));
    return ref?.['kind'] === target.kind && ref['name'] === target.name && sameNamespace(hpa.namespace, target.namespace);
  });
}
