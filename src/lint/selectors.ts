// Label selectors: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
// HPA scaleTargetRef: https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/ and KEDA's: https://keda.sh/docs/latest/reference/scaledobject-spec/
import type { Manifest, SourceFile } from './load/manifest.ts';
import { asArray, asNumber, asRecord, asString, getIn, stringMap, type Json } from './object.ts';
import { closest } from './similar.ts';
import { declaredPorts, envNamesOf, envOf, runsToCompletion, toWorkload, WORKLOAD_KINDS, type ContainerRef, type Workload } from './workload.ts';

/**
 * Helpers for cross-object rules: which objects select, scale, name or configure which.
 *
 * - Namespaces: an object without a namespace matches any namespace. Helm and Kustomize often
 *   leave it to `kubectl apply -n`, and a missed finding is worse than a finding about objects
 *   that end up in the same namespace anyway.
 * - Renderings: several Kustomize overlays rendered in one run (`check overlays/dev overlays/prod`)
 *   hold copies of the same objects, with the same names and often no namespace; an object of
 *   one rendering never selects, scales or names an object of another. Plain files (and
 *   standard input) are applied together whatever file or folder they are in, and may be
 *   applied with any rendering.
 * - Cost: every lookup goes through an index built once per run (per `objects` array); a scan
 *   of every object for every object is quadratic, and dominates a 10,000-object run.
 */

export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** Whether two objects are applied together: the same rendered source, or not two different Kustomize renderings. */
export function sameRendering(a: Manifest, b: Manifest): boolean {
  return a.source === b.source || a.source.origin !== 'kustomize' || b.source.origin !== 'kustomize';
}

/** Whether `b` may be applied together with `a` in `a`'s namespace: what every lookup below filters on. */
function together(a: Manifest, b: Manifest): boolean {
  return sameNamespace(a.namespace, b.namespace) && sameRendering(a, b);
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

/** Whether a selector is `{}` (or has only empty parts): in policy/v1 it selects every pod of the namespace. */
export function isEmptySelector(selector: unknown): boolean {
  const record = asRecord(selector);
  return record !== undefined && Object.keys(stringMap(record['matchLabels'])).length === 0 && asArray(record['matchExpressions']).length === 0;
}

/** `app=api, tier=web` */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// The per-run index: each part is built on first use.
// ---------------------------------------------------------------------------------------------

interface RunIndex {
  byKind: Map<string, Manifest[]> | null;
  /** `kind\0name` → objects, in input order. */
  byName: Map<string, Manifest[]> | null;
  workloads: Workload[] | null;
  /** `key=value` pod label → workloads. */
  workloadsByLabel: Map<string, Workload[]> | null;
  /** Pod label key → workloads that have it. */
  workloadsByLabelKey: Map<string, Workload[]> | null;
  /** Each workload's place in input order. */
  workloadPositions: Map<Workload, number> | null;
  /** A Service selects a pod only if the pod has every selector label, so any one of them is a sound key. */
  servicesByLabel: Map<string, Manifest[]> | null;
  /** `kind\0name` of the scale target → HPAs, then KEDA ScaledObjects. */
  scalersByTarget: Map<string, Manifest[]> | null;
  services: Map<Workload, Manifest[]>;
  targets: Map<ContainerRef, ServiceTarget[]>;
  budgets: Map<Manifest, Workload[]>;
  /** kind → rendering (a Kustomize source, or null for plain files) → distinct names, for hints. */
  names: Map<string, Map<SourceFile | null, string[]>>;
  /** kind (or WORKLOADS) → the renderings that hold such an object. */
  renderings: Map<string, Renderings>;
}

/** Which renderings hold an object: any plain file, and which Kustomize sources. */
interface Renderings {
  plain: boolean;
  kustomize: Set<SourceFile>;
}

const runs = new WeakMap<readonly Manifest[], RunIndex>();

function runIndex(objects: readonly Manifest[]): RunIndex {
  let index = runs.get(objects);
  if (index === undefined) {
    index = { byKind: null, byName: null, workloads: null, workloadsByLabel: null, workloadsByLabelKey: null, workloadPositions: null, servicesByLabel: null, scalersByTarget: null, services: new Map(), targets: new Map(), budgets: new Map(), names: new Map(), renderings: new Map() };
    runs.set(objects, index);
  }
  return index;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Every object of a kind, in input order, whatever its namespace and rendering. */
export function objectsOfKind(objects: readonly Manifest[], kind: string): Manifest[] {
  const index = runIndex(objects);
  if (index.byKind === null) {
    index.byKind = new Map();
    for (const object of objects) push(index.byKind, object.kind, object);
  }
  return index.byKind.get(kind) ?? [];
}

/** Objects of a kind with a name, applied together with `from` (its namespace, its rendering). */
export function objectsNamed(objects: readonly Manifest[], kind: string, name: string, from: Manifest): Manifest[] {
  const index = runIndex(objects);
  if (index.byName === null) {
    index.byName = new Map();
    for (const object of objects) push(index.byName, `${object.kind}\u0000${object.name}`, object);
  }
  return (index.byName.get(`${kind}\u0000${name}`) ?? []).filter((o) => together(from, o));
}

/** Key of the workload entry in `RunIndex.renderings` (no kind is spelled this way). */
const WORKLOADS = '\u0000workloads';

function renderingsOf(items: readonly Manifest[]): Renderings {
  const found: Renderings = { plain: false, kustomize: new Set() };
  for (const item of items) {
    if (item.source.origin === 'kustomize') found.kustomize.add(item.source);
    else found.plain = true;
  }
  return found;
}

/** Whether some rendering in `found` is applied together with `from` (see `sameRendering`). */
function appliedWith(found: Renderings, from: Manifest): boolean {
  if (found.plain) return true;
  return from.source.origin === 'kustomize' ? found.kustomize.has(from.source) : found.kustomize.size > 0;
}

/**
 * Whether the run holds an object of a kind applied together with `from`'s rendering, in any
 * namespace: what "the input holds no Services at all" is said from. One overlay without an
 * HPA target is not rescued by another overlay that has one.
 */
export function anyOfKind(objects: readonly Manifest[], kind: string, from: Manifest): boolean {
  const index = runIndex(objects);
  let found = index.renderings.get(kind);
  if (found === undefined) {
    found = renderingsOf(objectsOfKind(objects, kind));
    index.renderings.set(kind, found);
  }
  return appliedWith(found, from);
}

/** Whether the run holds a workload (a pod template) applied together with `from`'s rendering, in any namespace. */
export function anyWorkload(objects: readonly Manifest[], from: Manifest): boolean {
  const index = runIndex(objects);
  let found = index.renderings.get(WORKLOADS);
  if (found === undefined) {
    found = renderingsOf(workloadsOf(objects).map((w) => w.manifest));
    index.renderings.set(WORKLOADS, found);
  }
  return appliedWith(found, from);
}

/** Every workload of the run, in input order. */
export function workloadsOf(objects: readonly Manifest[]): Workload[] {
  const index = runIndex(objects);
  if (index.workloads === null) {
    index.workloads = [];
    for (const object of objects) {
      const workload = toWorkload(object);
      if (workload !== null) index.workloads.push(workload);
    }
  }
  return index.workloads;
}

function workloadsByLabel(objects: readonly Manifest[]): Map<string, Workload[]> {
  const index = runIndex(objects);
  if (index.workloadsByLabel === null) {
    index.workloadsByLabel = new Map();
    for (const workload of workloadsOf(objects)) {
      for (const [key, value] of Object.entries(workload.podLabels)) push(index.workloadsByLabel, `${key}=${value}`, workload);
    }
  }
  return index.workloadsByLabel;
}

function workloadsByLabelKey(objects: readonly Manifest[]): Map<string, Workload[]> {
  const index = runIndex(objects);
  if (index.workloadsByLabelKey === null) {
    index.workloadsByLabelKey = new Map();
    for (const workload of workloadsOf(objects)) for (const key of Object.keys(workload.podLabels)) push(index.workloadsByLabelKey, key, workload);
  }
  return index.workloadsByLabelKey;
}

function workloadPositions(objects: readonly Manifest[]): Map<Workload, number> {
  const index = runIndex(objects);
  index.workloadPositions ??= new Map(workloadsOf(objects).map((workload, i) => [workload, i]));
  return index.workloadPositions;
}

/**
 * The workloads a selector may match, in input order: a pod must carry every `matchLabels`
 * entry and satisfy every `In`/`Exists` expression, so any one of them narrows the candidates
 * soundly (the caller still checks the whole selector). All workloads when nothing narrows.
 */
function candidatesFor(record: Json, isLabelSelector: boolean, objects: readonly Manifest[]): readonly Workload[] {
  const first = Object.entries(stringMap(isLabelSelector ? record['matchLabels'] : record))[0];
  if (first !== undefined) return workloadsByLabel(objects).get(`${first[0]}=${first[1]}`) ?? [];
  if (!isLabelSelector) return workloadsOf(objects);
  for (const item of asArray(record['matchExpressions'])) {
    const expression = asRecord(item);
    const key = asString(expression?.['key']);
    if (key === undefined) continue;
    if (expression?.['operator'] === 'Exists') return workloadsByLabelKey(objects).get(key) ?? [];
    if (expression?.['operator'] === 'In') {
      const byLabel = workloadsByLabel(objects);
      const found = new Set<Workload>();
      for (const value of asArray(expression['values'])) for (const workload of byLabel.get(`${key}=${String(value)}`) ?? []) found.add(workload);
      const position = workloadPositions(objects);
      return [...found].sort((a, b) => position.get(a)! - position.get(b)!);
    }
  }
  return workloadsOf(objects);
}

/**
 * Workloads whose pods a selector (a Service's plain map, or a NetworkPolicy's LabelSelector)
 * matches, applied together with the selecting object.
 */
export function workloadsSelectedBy(selector: unknown, from: Manifest, objects: readonly Manifest[]): Workload[] {
  const record = asRecord(selector);
  if (record === undefined) return [];
  const isLabelSelector = 'matchLabels' in record || 'matchExpressions' in record;
  return candidatesFor(record, isLabelSelector, objects).filter((w) => together(from, w.manifest) && matchesSelector(record, w.podLabels));
}

const KIND_ORDER = new Map(WORKLOAD_KINDS.map((kind, i) => [kind, i]));

/**
 * The workloads whose pods a PodDisruptionBudget selects (policy/v1: a missing selector selects
 * none, an empty one every pod of the namespace), grouped by kind.
 */
export function workloadsOfBudget(pdb: Manifest, objects: readonly Manifest[]): Workload[] {
  const index = runIndex(objects);
  const cached = index.budgets.get(pdb);
  if (cached !== undefined) return cached;
  const selector = asRecord(getIn(pdb.object, ['spec', 'selector']));
  let out: Workload[] = [];
  if (selector !== undefined) {
    const everything = isEmptySelector(selector);
    const candidates = everything ? workloadsOf(objects) : candidatesFor(selector, true, objects);
    out = candidates.filter((w) => together(pdb, w.manifest) && (everything || matchesSelector(selector, w.podLabels)));
    out.sort((a, b) => KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!);
  }
  index.budgets.set(pdb, out);
  return out;
}

/**
 * Services whose selector selects the workload's pods, applied together with it. None for pods
 * that run to completion (`runsToCompletion`): a Job or a `helm test` Pod that happens to carry
 * the app's labels is not a backend of its Service.
 */
export function servicesSelecting(workload: Workload, objects: readonly Manifest[]): Manifest[] {
  const index = runIndex(objects);
  const cached = index.services.get(workload);
  if (cached !== undefined) return cached;
  if (runsToCompletion(workload)) {
    index.services.set(workload, []);
    return [];
  }
  if (index.servicesByLabel === null) {
    index.servicesByLabel = new Map();
    for (const service of objectsOfKind(objects, 'Service')) {
      const first = Object.entries(stringMap(getIn(service.object, ['spec', 'selector'])))[0];
      if (first !== undefined) push(index.servicesByLabel, `${first[0]}=${first[1]}`, service);
    }
  }
  const candidates = new Set<Manifest>();
  for (const [key, value] of Object.entries(workload.podLabels)) for (const service of index.servicesByLabel.get(`${key}=${value}`) ?? []) candidates.add(service);
  const services = [...candidates].filter((service) => together(workload.manifest, service) && matchesSelector(getIn(service.object, ['spec', 'selector']), workload.podLabels));
  index.services.set(workload, services);
  return services;
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
 * reaches the first main container (declaring ports is optional in Kubernetes). None for pods
 * that run to completion, as in `servicesSelecting`.
 */
export function serviceTargetsOf(ref: ContainerRef, workload: Workload, objects: readonly Manifest[]): ServiceTarget[] {
  if (ref.role !== 'container' && ref.role !== 'sidecar') return [];
  const index = runIndex(objects);
  let targets = index.targets.get(ref);
  if (targets === undefined) {
    targets = computeTargets(ref, workload, objects);
    index.targets.set(ref, targets);
  }
  return targets;
}

function computeTargets(ref: ContainerRef, workload: Workload, objects: readonly Manifest[]): ServiceTarget[] {
  const declared = (c: ContainerRef): Array<{ name?: string; port: number }> =>
    declaredPorts(c).map((d) => (d.name === undefined ? { port: d.number } : { name: d.name, port: d.number }));
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

function scalersByTarget(objects: readonly Manifest[]): Map<string, Manifest[]> {
  const index = runIndex(objects);
  if (index.scalersByTarget === null) {
    const byTarget = new Map<string, Manifest[]>();
    const add = (scaler: Manifest, kind: unknown, name: unknown): void => {
      if (typeof kind === 'string' && typeof name === 'string') push(byTarget, `${kind}\u0000${name}`, scaler);
    };
    for (const hpa of objectsOfKind(objects, 'HorizontalPodAutoscaler')) {
      add(hpa, getIn(hpa.object, ['spec', 'scaleTargetRef', 'kind']), getIn(hpa.object, ['spec', 'scaleTargetRef', 'name']));
    }
    // KEDA's scaleTargetRef.kind defaults to Deployment.
    for (const keda of objectsOfKind(objects, 'ScaledObject')) {
      if (!keda.apiVersion.startsWith('keda.sh/')) continue;
      add(keda, getIn(keda.object, ['spec', 'scaleTargetRef', 'kind']) ?? 'Deployment', getIn(keda.object, ['spec', 'scaleTargetRef', 'name']));
    }
    index.scalersByTarget = byTarget;
  }
  return index.scalersByTarget;
}

/** The HorizontalPodAutoscalers, then the KEDA ScaledObjects, whose `scaleTargetRef` names this object. */
export function scalersOf(target: Manifest, objects: readonly Manifest[]): Manifest[] {
  return (scalersByTarget(objects).get(`${target.kind}\u0000${target.name}`) ?? []).filter((scaler) => together(target, scaler));
}

/** HorizontalPodAutoscalers whose `scaleTargetRef` names this object. */
export function autoscalersOf(target: Manifest, objects: readonly Manifest[]): Manifest[] {
  return scalersOf(target, objects).filter((scaler) => scaler.kind === 'HorizontalPodAutoscaler');
}

/** How many pods a workload runs: the HPA's range when one scales it, else `spec.replicas` (default 1). */
export interface ReplicaRange {
  min: number;
  max: number;
  /** The HorizontalPodAutoscaler or KEDA ScaledObject that owns the count, if any. */
  scaler: Manifest | undefined;
}

export function replicaRange(workload: Workload, objects: readonly Manifest[]): ReplicaRange {
  const scalers = scalersOf(workload.manifest, objects);
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

/**
 * Whether the container's environment may set a variable beyond its literal `env` values: an
 * entry from a Secret, ConfigMap or field, or `envFrom` a ConfigMap that holds the key or is
 * not among the checked objects. A Secret that is not among them is taken to hold credentials,
 * not server settings.
 */
export function envMaySet(ref: ContainerRef, workload: Workload, objects: readonly Manifest[], name: string): boolean {
  if (envNamesOf(ref).has(name) && envOf(ref)[name] === undefined) return true;
  for (const item of asArray(ref.container['envFrom'])) {
    const source = asRecord(item);
    const prefix = asString(source?.['prefix']) ?? '';
    if (!name.startsWith(prefix)) continue;
    const key = name.slice(prefix.length);
    for (const [field, kind, dataFields] of [['configMapRef', 'ConfigMap', ['data', 'binaryData']], ['secretRef', 'Secret', ['data', 'stringData']]] as const) {
      const refName = asString(asRecord(source?.[field])?.['name']);
      if (refName === undefined) continue;
      const found = objectsNamed(objects, kind, refName, workload.manifest);
      if (found.length === 0) {
        if (kind === 'ConfigMap') return true;
        continue;
      }
      if (found.some((o) => dataFields.some((d) => asRecord(getIn(o.object, [d]))?.[key] !== undefined))) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Hints for findings about a missing or unmatched object; computed only when reporting.
// ---------------------------------------------------------------------------------------------

/** ` (did you mean "x"?)` from the names of that kind applied together with `from`, or an empty string. */
export function didYouMean(objects: readonly Manifest[], kind: string, name: string, from: Manifest): string {
  const near = closest(name, namesOfKind(objects, kind, from));
  return near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '';
}

/** The distinct names of a kind applied together with `from`; one list per kind and rendering, for every hint of the run. */
function namesOfKind(objects: readonly Manifest[], kind: string, from: Manifest): string[] {
  const index = runIndex(objects);
  // Objects of plain files see every object; those of a Kustomize rendering see their own and the plain files'.
  const key = from.source.origin === 'kustomize' ? from.source : null;
  let byRendering = index.names.get(kind);
  if (byRendering === undefined) {
    byRendering = new Map();
    index.names.set(kind, byRendering);
  }
  let names = byRendering.get(key);
  if (names === undefined) {
    const unique = new Set<string>();
    for (const object of objectsOfKind(objects, kind)) if (sameRendering(from, object)) unique.add(object.name);
    names = [...unique];
    byRendering.set(key, names);
  }
  return names;
}

/** "Did you mean": the workload (applied with `from`) sharing the most selector labels, and the label that differs. */
export function nearestHint(selector: Record<string, string>, from: Manifest, objects: readonly Manifest[]): string {
  const entries = Object.entries(selector);
  // Only workloads with a selector label in common can share one: the label index finds them.
  const byLabel = workloadsByLabel(objects);
  const shared = new Map<Workload, number>();
  for (const [key, value] of entries) {
    for (const workload of byLabel.get(`${key}=${value}`) ?? []) {
      if (workload.podLabels[key] === value && together(from, workload.manifest)) shared.set(workload, (shared.get(workload) ?? 0) + 1);
    }
  }
  // The first workload in input order among those sharing the most.
  const position = workloadPositions(objects);
  let best: { workload: Workload; shared: number } | undefined;
  for (const [workload, count] of shared) {
    if (best === undefined || count > best.shared || (count === best.shared && position.get(workload)! < position.get(best.workload)!)) best = { workload, shared: count };
  }
  if (best === undefined) {
    // No label in common: look for a value close to the selector's under the same key (a typo).
    const byKey = workloadsByLabelKey(objects);
    for (const [key, value] of entries) {
      const holders = (byKey.get(key) ?? []).filter((w) => together(from, w.manifest));
      const near = closest(value, [...new Set(holders.map((w) => w.podLabels[key]!))])[0];
      const holder = holders.find((w) => w.podLabels[key] === near);
      if (holder !== undefined) return `The pods of ${holder.kind} "${holder.name}" have ${key}=${near}; make the selector and the pod template labels agree.`;
    }
    return 'Make the selector match the labels of the pod template it should select.';
  }
  const { workload } = best;
  const differing = entries.find(([k, v]) => workload.podLabels[k] !== v);
  // Every label matches: the selector's matchExpressions are what leave these pods out.
  if (differing === undefined) return `The pods of ${workload.kind} "${workload.name}" have all the selector’s labels, but its matchExpressions leave them out; make the expressions and the pod template labels agree.`;
  const actual = workload.podLabels[differing[0]];
  const have = actual === undefined ? `have no ${differing[0]} label` : `have ${differing[0]}=${actual}`;
  return `The pods of ${workload.kind} "${workload.name}" come closest, but they ${have}; make the selector and the pod template labels agree.`;
}
