// Disruption budgets: https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions
// (percentages round up; unhealthyPodEvictionPolicy: https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy)
import { createRule } from '../create-rule.ts';
import { isAtLeast } from '../kube-version.ts';
import { getIn } from '../object.ts';
import { replicaRange, workloadsOfBudget } from '../selectors.ts';
import { runsToCompletion } from '../workload.ts';

/** `3`, `"3"` or `"50%"`; undefined for anything else. */
function parseAmount(value: unknown): { value: number; percent: boolean } | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return { value, percent: false };
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)(%?)$/.exec(value.trim());
  return match === null ? undefined : { value: Number(match[1]), percent: match[2] === '%' };
}

const COUNTED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'Pod']);

export default createRule({
  id: 'no-pdb-blocking-eviction',
  meta: {
    description: 'Disallow PodDisruptionBudgets that never allow an eviction, which blocks node drains and cluster upgrades.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'availability',
    peers: [
      { tool: 'kube-linter', id: 'pdb-max-unavailable' },
      { tool: 'kube-linter', id: 'pdb-min-available' },
      { tool: 'kube-linter', id: 'pdb-unhealthy-pod-eviction-policy' },
      { tool: 'polaris', id: 'pdbDisruptionsIsZero' },
      { tool: 'polaris', id: 'pdbMinAvailableGreaterThanHPAMinReplicas' },
    ],
    messages: {
      maxUnavailableZero:
        'PodDisruptionBudget "{{name}}" sets maxUnavailable: {{value}}, so no pod it selects may ever be evicted: kubectl drain, cluster upgrades and the cluster autoscaler wait forever on the nodes these pods run on. Set maxUnavailable: 1.',
      minAvailableHundred:
        'PodDisruptionBudget "{{name}}" sets minAvailable: {{value}}, so no pod it selects may ever be evicted: kubectl drain, cluster upgrades and the cluster autoscaler wait forever on the nodes these pods run on. Use maxUnavailable: 1 instead.',
      minAvailableAll:
        'PodDisruptionBudget "{{name}}" sets minAvailable: {{value}} while {{target}} runs {{replicas}} pod{{plural}}{{scaled}}, so no eviction is ever allowed and node drains and cluster upgrades hang. Use maxUnavailable: 1 instead (it keeps working when the replica count changes).',
      unhealthyPolicy:
        'PodDisruptionBudget "{{name}}" keeps the default unhealthyPodEvictionPolicy (IfHealthyBudget): when pods are crash-looping or not ready and the budget is used up, they cannot be evicted either, so a broken release also blocks every node drain. Set unhealthyPodEvictionPolicy: AlwaysAllow.',
    },
  },
  defaultOptions: {},
  create(context) {
    // The field is beta (on by default) from 1.27 and GA in 1.31.
    const hasPolicy = isAtLeast(context.kubeVersion, '1.27');
    return {
      PodDisruptionBudget(pdb) {
        const name = pdb.name;
        const maxUnavailable = parseAmount(getIn(pdb.object, ['spec', 'maxUnavailable']));
        const minAvailable = parseAmount(getIn(pdb.object, ['spec', 'minAvailable']));
        if (maxUnavailable !== undefined && maxUnavailable.value === 0) {
          context.report({ path: ['spec', 'maxUnavailable'], messageId: 'maxUnavailableZero', data: { name, value: String(getIn(pdb.object, ['spec', 'maxUnavailable'])) } });
        } else if (minAvailable !== undefined) {
          const written = String(getIn(pdb.object, ['spec', 'minAvailable']));
          // Pods that run to completion (a Job's, a helm test Pod with the app's labels) are gone most
          // of the time: the budget must allow evictions without them.
          const selected = workloadsOfBudget(pdb, context.objects).filter((w) => !runsToCompletion(w));
          if (minAvailable.percent && minAvailable.value >= 100) {
            context.report({ path: ['spec', 'minAvailable'], messageId: 'minAvailableHundred', data: { name, value: written } });
          } else if (selected.length > 0 && selected.every((w) => COUNTED.has(w.kind))) {
            // Other kinds (DaemonSets) have pod counts this rule cannot know.
            let replicas = 0;
            let scaled = false;
            for (const workload of selected) {
              const range = workload.kind === 'Pod' ? { min: 1, scaler: undefined } : replicaRange(workload, context.objects);
              replicas += range.min;
              if (range.scaler !== undefined) scaled = true;
            }
            const needed = minAvailable.percent ? Math.ceil((minAvailable.value * replicas) / 100) : minAvailable.value;
            if (replicas > 0 && needed >= replicas) {
              const target = selected.length === 1 ? `${selected[0]!.kind} "${selected[0]!.name}"` : `${selected.length} workloads`;
              context.report({
                path: ['spec', 'minAvailable'],
                messageId: 'minAvailableAll',
                data: { name, value: written, target, replicas, plural: replicas === 1 ? '' : 's', scaled: scaled ? ' at its autoscaler’s minimum' : '' },
              });
            }
          }
        }
        if (hasPolicy && getIn(pdb.object, ['spec', 'unhealthyPodEvictionPolicy']) !== 'AlwaysAllow' && pdb.apiVersion === 'policy/v1') {
          const path = ['spec', 'unhealthyPodEvictionPolicy'];
          context.report({ path, messageId: 'unhealthyPolicy', data: { name }, fix: (edit) => edit.set(path, 'AlwaysAllow') });
        }
      },
    };
  },
});
