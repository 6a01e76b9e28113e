// PodDisruptionBudget selectors: https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget
// (policy/v1: a null selector selects no pods, an empty one every pod of the namespace; more than one PDB per pod breaks eviction)
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asArray, asRecord, getIn, stringMap } from '../object.ts';
import { matchesSelector, objectsOfKind, sameNamespace } from '../selectors.ts';
import { toWorkload, WORKLOAD_KINDS, type Workload } from '../workload.ts';
import { sameRendering } from './no-single-replica.ts';

/** Whether a selector is `{}` (or has only empty parts): in policy/v1 it selects every pod of the namespace. */
export function isEmptySelector(selector: unknown): boolean {
  const record = asRecord(selector);
  return record !== undefined && Object.keys(stringMap(record['matchLabels'])).length === 0 && asArray(record['matchExpressions']).length === 0;
}

interface WorkloadIndex {
  all: Workload[];
  /** Workloads by each `key=value` pod label. */
  byLabel: Map<string, Workload[]>;
  /** Answers already computed, per budget. */
  selected: Map<Manifest, Workload[]>;
}

const indexes = new WeakMap<readonly Manifest[], WorkloadIndex>();

function indexOf(objects: readonly Manifest[]): WorkloadIndex {
  let index = indexes.get(objects);
  if (index === undefined) {
    index = { all: [], byLabel: new Map(), selected: new Map() };
    for (const kind of WORKLOAD_KINDS) {
      for (const object of objectsOfKind(objects, kind)) {
        const workload = toWorkload(object);
        if (workload === null) continue;
        index.all.push(workload);
        for (const [key, value] of Object.entries(workload.podLabels)) {
          const list = index.byLabel.get(`${key}=${value}`);
          if (list === undefined) index.byLabel.set(`${key}=${value}`, [workload]);
          else list.push(workload);
        }
      }
    }
    indexes.set(objects, index);
  }
  return index;
}

/** The workloads (in the checked objects, applied together with it) whose pods a PodDisruptionBudget selects. */
export function workloadsSelectedBy(pdb: Manifest, objects: readonly Manifest[]): Workload[] {
  const index = indexOf(objects);
  const cached = index.selected.get(pdb);
  if (cached !== undefined) return cached;
  const selector = getIn(pdb.object, ['spec', 'selector']);
  let out: Workload[] = [];
  if (asRecord(selector) !== undefined) {
    const everything = isEmptySelector(selector);
    // A pod must carry every matchLabels entry, so any one of them narrows the candidates soundly.
    const first = Object.entries(stringMap(asRecord(selector)?.['matchLabels']))[0];
    const candidates = everything || first === undefined ? index.all : (index.byLabel.get(`${first[0]}=${first[1]}`) ?? []);
    out = candidates.filter((w) => sameNamespace(pdb.namespace, w.namespace) && sameRendering(pdb, w.manifest) && (everything || matchesSelector(selector, w.podLabels)));
  }
  index.selected.set(pdb, out);
  return out;
}

function describe(selector: unknown): string {
  const labels = Object.entries(stringMap(asRecord(selector)?.['matchLabels'])).map(([k, v]) => `${k}=${v}`);
  const expressions = asArray(asRecord(selector)?.['matchExpressions']).length;
  return [...labels, ...(expressions > 0 ? [`${expressions} matchExpressions`] : [])].join(', ');
}

export default createRule({
  id: 'require-pdb-selects-pods',
  meta: {
    description: 'Require every PodDisruptionBudget to select the pods of a workload, and each pod to have at most one budget.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'availability',
    peers: [],
    messages: {
      noSelector:
        'PodDisruptionBudget "{{name}}" has no spec.selector, which in policy/v1 selects no pods: it protects nothing. Set spec.selector.matchLabels to the pod template labels of the workload it is for.',
      selectsNothing:
        'PodDisruptionBudget "{{name}}" selects {{selector}}, but no workload among the checked objects has pods with those labels: it protects nothing, and drains evict those pods freely. Make spec.selector match the workload’s spec.template.metadata.labels (a typo or a renamed label is the usual cause).',
      overlapping:
        'PodDisruptionBudget "{{name}}" selects the pods of {{kind}} "{{workload}}", which PodDisruptionBudget "{{other}}" already selects: the eviction API refuses pods covered by more than one budget, so node drains hang on them. Keep one budget per workload and narrow the selectors so they do not overlap.',
    },
  },
  defaultOptions: {},
  create(context) {
    // The first budget (in input order) that selects each workload, to report overlaps on the later ones.
    const firstBudget = new Map<Manifest, Manifest>();
    let indexed = false;
    const index = (): void => {
      if (indexed) return;
      indexed = true;
      for (const pdb of objectsOfKind(context.objects, 'PodDisruptionBudget')) {
        for (const workload of workloadsSelectedBy(pdb, context.objects)) if (!firstBudget.has(workload.manifest)) firstBudget.set(workload.manifest, pdb);
      }
    };
    return {
      PodDisruptionBudget(pdb) {
        const selector = getIn(pdb.object, ['spec', 'selector']);
        if (asRecord(selector) === undefined) {
          context.report({ path: ['spec', 'selector'], messageId: 'noSelector', data: { name: pdb.name } });
          return;
        }
        const selected = workloadsSelectedBy(pdb, context.objects);
        if (selected.length === 0) {
          context.report({ path: ['spec', 'selector'], messageId: 'selectsNothing', data: { name: pdb.name, selector: describe(selector) } });
          return;
        }
        index();
        for (const workload of selected) {
          const first = firstBudget.get(workload.manifest);
          if (first === undefined || first === pdb) continue;
          context.report({ path: ['spec', 'selector'], messageId: 'overlapping', data: { name: pdb.name, kind: workload.kind, workload: workload.name, other: first.name } });
          break;
        }
      },
    };
  },
});
