// Memory is not compressible: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#memory-units
import { createRule } from '../create-rule.ts';
import { getIn } from '../object.ts';

export default createRule({
  id: 'require-memory-limit',
  meta: {
    description: 'Require a memory limit on every container that runs beside the app.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'resources',
    peers: [
      { tool: 'kube-score', id: 'container-resources' },
      { tool: 'kube-linter', id: 'unset-memory-requirements' },
      { tool: 'polaris', id: 'memoryLimitsMissing' },
      { tool: 'checkov', id: 'CKV_K8S_13' },
      { tool: 'kubescape', id: 'C-0271' },
      { tool: 'trivy', id: 'KSV-0018' },
    ],
    messages: {
      missingMemoryLimit:
        'Container "{{container}}" has no memory limit: a leak or a burst of large requests grows it until the node runs out and evicts its neighbours. Set resources.limits.memory (for Python servers: workers × per-worker memory plus headroom, e.g. "{{example}}").',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role === 'ephemeral') continue;
          if (getIn(ref.container, ['resources', 'limits', 'memory']) !== undefined) continue;
          const request = getIn(ref.container, ['resources', 'requests', 'memory']);
          context.report({
            path: [...ref.path, 'resources', 'limits', 'memory'],
            messageId: 'missingMemoryLimit',
            data: { container: ref.name, example: typeof request === 'string' ? request : '512Mi' },
          });
        }
      },
    };
  },
});
