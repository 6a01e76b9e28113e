// Readiness gates Service traffic: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
import { createRule } from '../create-rule.ts';
import { serviceTargetsOf } from '../selectors.ts';
import { runsToCompletion } from '../workload.ts';

export default createRule({
  id: 'require-readiness-probe',
  meta: {
    description: 'Require a readiness probe on every container a Service sends traffic to.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'probes',
    peers: [
      { tool: 'kube-score', id: 'pod-probes' },
      { tool: 'kube-linter', id: 'no-readiness-probe' },
      { tool: 'polaris', id: 'readinessProbeMissing' },
      { tool: 'checkov', id: 'CKV_K8S_9' },
      { tool: 'kubescape', id: 'C-0018' },
    ],
    messages: {
      missingReadinessProbe:
        'Container "{{container}}" receives traffic from Service "{{service}}" but has no readinessProbe, so it gets requests before it can answer them. Add a readinessProbe on a cheap endpoint, e.g. httpGet path /readyz port {{port}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        // Jobs and one-shot Pods (helm test) run to completion; a Service in front of them is not a serving path.
        if (runsToCompletion(workload)) return;
        for (const ref of workload.containers) {
          if (ref.container['readinessProbe'] !== undefined) continue;
          const target = serviceTargetsOf(ref, workload, context.objects)[0];
          if (target === undefined) continue;
          context.report({
            path: [...ref.path, 'readinessProbe'],
            messageId: 'missingReadinessProbe',
            data: { container: ref.name, service: target.service.name, port: target.containerPort ?? 'the serving port' },
          });
        }
      },
    };
  },
});
