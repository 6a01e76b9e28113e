// A Service sends traffic to the pods its selector matches: https://kubernetes.io/docs/concepts/services-networking/service/#services-in-kubernetes
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asRecord, getIn, stringMap } from '../object.ts';
import { matchesSelector, objectsOfKind, sameNamespace } from '../selectors.ts';
import { closest } from '../similar.ts';
import { toWorkload, type Workload } from '../workload.ts';

export default createRule({
  id: 'require-service-selector-match',
  meta: {
    description: 'Require every Service selector to match the pods of some workload in the checked manifests.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'cross-object',
    peers: [
      { tool: 'kube-score', id: 'service-targets-pod' },
      { tool: 'kube-linter', id: 'dangling-service' },
      { tool: 'kubescape', id: 'C-0293' },
    ],
    messages: {
      noMatch:
        'Service "{{name}}" selects pods labelled {{selector}}, but no workload in the checked manifests has pods with those labels, so the Service has no endpoints and every request to it fails. {{hint}}',
      noWorkloadsInInput:
        'Service "{{name}}" selects pods labelled {{selector}}, but the checked input holds no workloads at all, so whether any pod matches cannot be told. If the workloads are in other files, check them together (e.g. `py2kube check deploy/`); otherwise fix spec.selector.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      Service(service) {
        if (getIn(service.object, ['spec', 'type']) === 'ExternalName') return;
        const selector = stringMap(getIn(service.object, ['spec', 'selector']));
        // A Service without a selector gets its endpoints written by hand or by a controller.
        if (Object.keys(selector).length === 0) return;
        if (workloadsSelectedBy(selector, service, context.objects).length > 0) return;
        const data = { name: service.name, selector: formatLabels(selector) };
        const all = workloadsOf(context.objects);
        if (all.length === 0) {
          context.report({ path: ['spec', 'selector'], messageId: 'noWorkloadsInInput', data });
          return;
        }
        context.report({ path: ['spec', 'selector'], messageId: 'noMatch', data: { ...data, hint: nearestHint(selector, service, all) } });
      },
    };
  },
});

// Shared by the cross-object rules that follow a selector to the pods it matches.

const workloadCache = new WeakMap<readonly Manifest[], Workload[]>();
const labelIndex = new WeakMap<readonly Manifest[], Map<string, Workload[]>>();

/** Every workload of the run, computed once per run. */
export function workloadsOf(objects: readonly Manifest[]): Workload[] {
  let list = workloadCache.get(objects);
  if (list === undefined) {
    list = [];
    for (const object of objects) {
      const workload = toWorkload(object);
      if (workload !== null) list.push(workload);
    }
    workloadCache.set(objects, list);
  }
  return list;
}

/**
 * Workloads whose pods a selector (a Service's plain map, or a LabelSelector) matches, in
 * the selecting object's namespace. When the selecting object comes from a rendered
 * Kustomize folder, matches from that same rendering win: several overlays rendered in one
 * run hold copies of the same workloads, and only the ones applied together belong together.
 */
export function workloadsSelectedBy(selector: unknown, from: Manifest, objects: readonly Manifest[]): Workload[] {
  const record = asRecord(selector);
  if (record === undefined) return [];
  const isLabelSelector = 'matchLabels' in record || 'matchExpressions' in record;
  const first = Object.entries(stringMap(isLabelSelector ? record['matchLabels'] : record))[0];
  const candidates = first === undefined ? workloadsOf(objects) : (indexOf(objects).get(`${first[0]}=${first[1]}`) ?? []);
  const matched = candidates.filter((w) => sameNamespace(from.namespace, w.namespace) && matchesSelector(record, w.podLabels));
  return preferSameRendering(from, matched, (w) => w.manifest);
}

/** The candidates from the same Kustomize rendering as `from` when there are some; all of them otherwise. */
export function preferSameRendering<T>(from: Manifest, candidates: T[], manifestOf: (candidate: T) => Manifest): T[] {
  if (from.source.origin !== 'kustomize') return candidates;
  const same = candidates.filter((c) => manifestOf(c).source === from.source);
  return same.length > 0 ? same : candidates;
}

function indexOf(objects: readonly Manifest[]): Map<string, Workload[]> {
  let index = labelIndex.get(objects);
  if (index === undefined) {
    index = new Map();
    for (const workload of workloadsOf(objects)) {
      for (const [key, value] of Object.entries(workload.podLabels)) {
        const entry = `${key}=${value}`;
        const list = index.get(entry);
        if (list === undefined) index.set(entry, [workload]);
        else list.push(workload);
      }
    }
    labelIndex.set(objects, index);
  }
  return index;
}

const nameIndex = new WeakMap<readonly Manifest[], Map<string, Manifest[]>>();

/** Objects of a kind with a name, in the namespace of `from` (an object without one matches any). */
export function objectsNamed(objects: readonly Manifest[], kind: string, name: string, from: Manifest): Manifest[] {
  let index = nameIndex.get(objects);
  if (index === undefined) {
    index = new Map();
    for (const object of objects) {
      const key = `${object.kind}/${object.name}`;
      const list = index.get(key);
      if (list === undefined) index.set(key, [object]);
      else list.push(object);
    }
    nameIndex.set(objects, index);
  }
  return (index.get(`${kind}/${name}`) ?? []).filter((o) => sameNamespace(from.namespace, o.namespace));
}

/** `(did you mean "x"?)` from the names of that kind in the run, or an empty string. */
export function didYouMean(objects: readonly Manifest[], kind: string, name: string): string {
  const near = closest(name, [...new Set(objectsOfKind(objects, kind).map((o) => o.name))]);
  return near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '';
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** "Did you mean": the workload sharing the most selector labels, and the label that differs. */
export function nearestHint(selector: Record<string, string>, from: Manifest, workloads: readonly Workload[]): string {
  let best: { workload: Workload; shared: number } | undefined;
  for (const workload of workloads) {
    if (!sameNamespace(from.namespace, workload.namespace)) continue;
    const shared = Object.entries(selector).filter(([k, v]) => workload.podLabels[k] === v).length;
    if (shared > 0 && (best === undefined || shared > best.shared)) best = { workload, shared };
  }
  if (best === undefined) {
    // No label in common: look for a value close to the selector's under the same key (a typo).
    for (const [key, value] of Object.entries(selector)) {
      const holders = workloads.filter((w) => sameNamespace(from.namespace, w.namespace) && w.podLabels[key] !== undefined);
      const near = closest(value, [...new Set(holders.map((w) => w.podLabels[key]!))])[0];
      const holder = holders.find((w) => w.podLabels[key] === near);
      if (holder !== undefined) return `The pods of ${holder.kind} "${holder.name}" have ${key}=${near}; make the selector and the pod template labels agree.`;
    }
    return 'Make the selector match the labels of the pod template it should select.';
  }
  const { workload } = best;
  const differing = Object.entries(selector).find(([k, v]) => workload.podLabels[k] !== v)!;
  const actual = workload.podLabels[differing[0]];
  const have = actual === undefined ? `have no ${differing[0]} label` : `have ${differing[0]}=${actual}`;
  return `The pods of ${workload.kind} "${workload.name}" come closest, but they ${have}; make the selector and the pod template labels agree.`;
}
