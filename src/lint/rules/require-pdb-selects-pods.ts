// PodDisruptionBudget selectors: https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget
// (policy/v1: a null selector selects no pods, an empty one every pod of the namespace; more than one PDB per pod breaks eviction)
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asArray, asRecord, getIn, stringMap } from '../object.ts';
import { objectsOfKind, workloadsOfBudget } from '../selectors.ts';

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
        for (const workload of workloadsOfBudget(pdb, context.objects)) if (!firstBudget.has(workload.manifest)) firstBudget.set(workload.manifest, pdb);
      }
    };
    return {
      PodDisruptionBudget(pdb) {
        const selector = getIn(pdb.object, ['spec', 'selector']);
        if (asRecord(selector) === undefined) {
          context.report({ path: ['spec', 'selector'], messageId: 'noSelector', data: { name: pdb.name } });
          return;
        }
        const selected = workloadsOfBudget(pdb, context.objects);
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
