// Pod topology spread constraints: https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
// (the built-in default constraints are ScheduleAnyway with maxSkew 3 per node and 5 per zone: a preference, not a guarantee)
import { createRule } from '../create-rule.ts';
import { asArray, getIn, stringMap } from '../object.ts';
import { runsCeleryBeat } from '../python.ts';
import { replicaRange } from '../selectors.ts';
import type { ManifestEditor } from '../types.ts';

export default createRule({
  id: 'require-topology-spread',
  meta: {
    description: 'Require multi-replica Deployments and StatefulSets to spread their pods over nodes with topologySpreadConstraints or pod anti-affinity.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'availability',
    peers: [
      { tool: 'kube-score', id: 'deployment-has-host-podantiaffinity' },
      { tool: 'kube-score', id: 'statefulset-has-host-podantiaffinity' },
      { tool: 'kube-linter', id: 'no-anti-affinity' },
      { tool: 'polaris', id: 'topologySpreadConstraint' },
    ],
    messages: {
      missingSpread:
        '{{kind}} "{{name}}" runs {{replicas}} replicas but says nothing about where: the scheduler’s built-in spreading is only a soft preference (maxSkew 3 per node) that free-resource scoring can outweigh, so all replicas can land on one node and a single node failure or drain takes them all. Add spec.template.spec.topologySpreadConstraints with topologyKey: kubernetes.io/hostname, maxSkew: 1, whenUnsatisfiable: ScheduleAnyway and a labelSelector matching the pods (add topology.kubernetes.io/zone for zones).',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (workload.kind !== 'Deployment' && workload.kind !== 'StatefulSet') return;
        if (asArray(workload.podSpec['topologySpreadConstraints']).length > 0) return;
        const antiAffinity = getIn(workload.podSpec, ['affinity', 'podAntiAffinity']);
        if (asArray(getIn(antiAffinity, ['requiredDuringSchedulingIgnoredDuringExecution'])).length > 0 || asArray(getIn(antiAffinity, ['preferredDuringSchedulingIgnoredDuringExecution'])).length > 0) return;
        const range = replicaRange(workload, context.objects);
        if (range.max < 2 || runsCeleryBeat(workload)) return;
        const path = [...workload.podSpecPath, 'topologySpreadConstraints'];
        const matchLabels = stringMap(getIn(workload.manifest.object, ['spec', 'selector', 'matchLabels']));
        // ScheduleAnyway never leaves a pod pending, so the constraint is safe to add; it needs the workload's own labels.
        const fix =
          Object.keys(matchLabels).length > 0 && getIn(workload.manifest.object, ['spec', 'selector', 'matchExpressions']) === undefined
            ? (edit: ManifestEditor) => edit.set(path, [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels } }])
            : undefined;
        const replicas = range.min === range.max ? String(range.min) : `${range.min}–${range.max}`;
        context.report({ path, messageId: 'missingSpread', data: { kind: workload.kind, name: workload.name, replicas }, fix });
      },
    };
  },
});
