// A Service sends traffic to the pods its selector matches: https://kubernetes.io/docs/concepts/services-networking/service/#services-in-kubernetes
import { createRule } from '../create-rule.ts';
import { getIn, stringMap } from '../object.ts';
import { anyWorkload, formatLabels, nearestHint, workloadsSelectedBy } from '../selectors.ts';

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
        if (!anyWorkload(context.objects, service)) {
          context.report({ path: ['spec', 'selector'], messageId: 'noWorkloadsInInput', data });
          return;
        }
        context.report({ path: ['spec', 'selector'], messageId: 'noMatch', data: { ...data, hint: nearestHint(selector, service, context.objects) } });
      },
    };
  },
});
