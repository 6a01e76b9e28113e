// podSelector picks the pods a NetworkPolicy applies to; {} selects all: https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
import { createRule } from '../create-rule.ts';
import { asArray, asRecord, getIn, stringMap } from '../object.ts';
import { anyWorkload, formatLabels, nearestHint, workloadsSelectedBy } from '../selectors.ts';

export default createRule({
  id: 'require-network-policy-selects',
  meta: {
    description: 'Require every NetworkPolicy podSelector to match the pods of some workload in the checked manifests.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'cross-object',
    peers: [
      { tool: 'kube-score', id: 'networkpolicy-targets-pod' },
      { tool: 'kube-linter', id: 'dangling-networkpolicy' },
      { tool: 'kubescape', id: 'C-0299' },
    ],
    messages: {
      selectsNothing:
        'NetworkPolicy "{{name}}" applies to pods matching {{selector}}, but no workload in the checked manifests has such pods, so the policy protects nothing and the pods it was meant for keep whatever traffic other policies allow. {{hint}}',
      noWorkloadsInInput:
        'NetworkPolicy "{{name}}" applies to pods matching {{selector}}, but the checked input holds no workloads at all, so whether it selects any pod cannot be told. If the workloads are in other files, check them together (e.g. `py2kube check deploy/`).',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      NetworkPolicy(policy) {
        const selector = asRecord(getIn(policy.object, ['spec', 'podSelector']));
        // A missing or empty podSelector selects every pod of the namespace.
        if (selector === undefined) return;
        const matchLabels = stringMap(selector['matchLabels']);
        const expressions = asArray(selector['matchExpressions']);
        if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return;
        if (workloadsSelectedBy(selector, policy, context.objects).length > 0) return;
        const shown = [formatLabels(matchLabels), ...expressions.map(describeExpression)].filter((s) => s !== '').join(', ');
        const data = { name: policy.name, selector: shown };
        if (!anyWorkload(context.objects, policy)) {
          context.report({ path: ['spec', 'podSelector'], messageId: 'noWorkloadsInInput', data });
          return;
        }
        const hint = Object.keys(matchLabels).length > 0 ? nearestHint(matchLabels, policy, context.objects) : 'Make spec.podSelector match the labels of the pod templates it should protect.';
        context.report({ path: ['spec', 'podSelector'], messageId: 'selectsNothing', data: { ...data, hint } });
      },
    };
  },
});

function describeExpression(item: unknown): string {
  const expression = asRecord(item);
  const key = String(expression?.['key'] ?? '?');
  const operator = String(expression?.['operator'] ?? '?');
  const values = asArray(expression?.['values']).map(String);
  return values.length > 0 ? `${key} ${operator} (${values.join(', ')})` : `${key} ${operator}`;
}
