// Requests drive scheduling and QoS: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asRecord } from '../object.ts';

const schema = z.strictObject({
  /** Also require requests on init containers (sidecars are always checked: they run beside the app). */
  initContainers: z.boolean(),
});

export default createRule({
  id: 'require-resource-requests',
  meta: {
    description: 'Require CPU and memory requests on every container that runs beside the app.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'resources',
    peers: [
      { tool: 'kube-score', id: 'container-resources' },
      { tool: 'kube-linter', id: 'unset-cpu-requirements' },
      { tool: 'kube-linter', id: 'unset-memory-requirements' },
      { tool: 'polaris', id: 'cpuRequestsMissing' },
      { tool: 'polaris', id: 'memoryRequestsMissing' },
      { tool: 'checkov', id: 'CKV_K8S_10' },
      { tool: 'checkov', id: 'CKV_K8S_12' },
      { tool: 'kubescape', id: 'C-0268' },
      { tool: 'kubescape', id: 'C-0269' },
      { tool: 'trivy', id: 'KSV-0015' },
      { tool: 'trivy', id: 'KSV-0016' },
    ],
    messages: {
      missingRequests: 'Container "{{container}}" has no resource requests, so the scheduler packs it blindly and it is the first to be evicted. Set resources.requests.cpu and resources.requests.memory (e.g. "250m" and "256Mi").',
      missingRequest: 'Container "{{container}}" has no {{resource}} request. Set resources.requests.{{resource}} (e.g. "{{example}}").',
    },
  },
  defaultOptions: { initContainers: true },
  schema,
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role === 'ephemeral' || (ref.role === 'init' && !context.options.initContainers)) continue;
          const resources = asRecord(ref.container['resources']);
          const requests = asRecord(resources?.['requests']);
          const limits = asRecord(resources?.['limits']);
          // A limit without a request makes Kubernetes use the limit as the request.
          const missing = (['cpu', 'memory'] as const).filter((r) => requests?.[r] === undefined && limits?.[r] === undefined);
          if (missing.length === 2) {
            context.report({ path: [...ref.path, 'resources', 'requests'], messageId: 'missingRequests', data: { container: ref.name } });
          } else if (missing.length === 1) {
            const resource = missing[0]!;
            context.report({
              path: [...ref.path, 'resources', 'requests', resource],
              messageId: 'missingRequest',
              data: { container: ref.name, resource, example: resource === 'cpu' ? '250m' : '256Mi' },
            });
          }
        }
      },
    };
  },
});
