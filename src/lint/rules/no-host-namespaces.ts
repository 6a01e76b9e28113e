// Pod Security Standards, baseline, "Host Namespaces" and "Host Ports": https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
import { createRule } from '../create-rule.ts';
import { asArray, asRecord } from '../object.ts';

const NAMESPACES = {
  hostNetwork: 'shares the node’s network stack: it can bind any node port, sniff node traffic and reach services listening on the node’s localhost, and NetworkPolicies no longer apply to it',
  hostPID: 'sees every process on the node: it can read their environment (secrets included) and signal them',
  hostIPC: 'shares the node’s IPC namespace: it can read and write other processes’ shared memory',
} as const;

export default createRule({
  id: 'no-host-namespaces',
  meta: {
    description: 'Disallow sharing the node’s network, PID or IPC namespace, and host ports.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-linter', id: 'host-network' },
      { tool: 'kube-linter', id: 'host-pid' },
      { tool: 'kube-linter', id: 'host-ipc' },
      { tool: 'polaris', id: 'hostNetworkSet' },
      { tool: 'polaris', id: 'hostPIDSet' },
      { tool: 'polaris', id: 'hostIPCSet' },
      { tool: 'polaris', id: 'hostPortSet' },
      { tool: 'checkov', id: 'CKV_K8S_17' },
      { tool: 'checkov', id: 'CKV_K8S_18' },
      { tool: 'checkov', id: 'CKV_K8S_19' },
      { tool: 'checkov', id: 'CKV_K8S_26' },
      { tool: 'kubescape', id: 'C-0038' },
      { tool: 'kubescape', id: 'C-0041' },
      { tool: 'kubescape', id: 'C-0044' },
      { tool: 'trivy', id: 'KSV-0008' },
      { tool: 'trivy', id: 'KSV-0009' },
      { tool: 'trivy', id: 'KSV-0010' },
      { tool: 'trivy', id: 'KSV-0024' },
    ],
    messages: {
      hostNamespace: '{{kind}} "{{name}}" sets {{field}}: true, so the pod {{effect}}. Remove {{field}}; the Pod Security Standards reject it even at "baseline".',
      hostPort:
        'Container "{{container}}" sets hostPort: {{port}}: the port is opened on the node itself, at most one such pod fits per node, and rollouts with surge stall. Remove hostPort and reach the pod through a Service (the Pod Security Standards reject host ports at "baseline").',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const [field, effect] of Object.entries(NAMESPACES)) {
          if (workload.podSpec[field] !== true) continue;
          context.report({ path: [...workload.podSpecPath, field], messageId: 'hostNamespace', data: { kind: workload.kind, name: workload.name, field, effect } });
        }
        for (const ref of workload.containers) {
          for (const [index, item] of asArray(ref.container['ports']).entries()) {
            const port = asRecord(item)?.['hostPort'];
            if (port === undefined || port === null || port === 0) continue;
            context.report({ path: [...ref.path, 'ports', index, 'hostPort'], messageId: 'hostPort', data: { container: ref.name, port: String(port) } });
          }
        }
      },
    };
  },
});
