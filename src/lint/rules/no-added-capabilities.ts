// Pod Security Standards, baseline and restricted, "Capabilities": https://kubernetes.io/docs/concepts/security/pod-security-standards/
import { createRule } from '../create-rule.ts';
import { asArray, getIn } from '../object.ts';
import { isWindowsPod } from '../workload.ts';

/** Capabilities `baseline` allows adding; `restricted` narrows this to NET_BIND_SERVICE. */
const BASELINE = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

export default createRule({
  id: 'no-added-capabilities',
  meta: {
    description: 'Disallow adding Linux capabilities other than NET_BIND_SERVICE.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'polaris', id: 'dangerousCapabilities' },
      { tool: 'checkov', id: 'CKV_K8S_25' },
      { tool: 'kubescape', id: 'C-0046' },
      { tool: 'trivy', id: 'KSV-0022' },
      { tool: 'trivy', id: 'KSV-0106' },
    ],
    messages: {
      dangerousCapability:
        'Container "{{container}}" adds the {{capability}} capability, which the Pod Security Standards reject even at "baseline": it gives the process powers over the node or the pod network. Remove it from securityContext.capabilities.add; a Python service never needs it.',
      restrictedCapability:
        'Container "{{container}}" adds the {{capability}} capability; the Pod Security Standards "restricted" profile allows only NET_BIND_SERVICE. Remove it from securityContext.capabilities.add (fix file ownership at build time, or with fsGroup, instead).',
      prefixedCapability:
        'Container "{{container}}" adds "{{capability}}": Kubernetes names capabilities without the CAP_ prefix, and the Pod Security Standards compare the exact string. Write "{{bare}}", or drop it when the server listens on a port above 1023.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (isWindowsPod(workload)) return;
        for (const ref of workload.containers) {
          for (const [index, item] of asArray(getIn(ref.container, ['securityContext', 'capabilities', 'add'])).entries()) {
            const capability = String(item);
            if (capability === 'NET_BIND_SERVICE') continue;
            const path = [...ref.path, 'securityContext', 'capabilities', 'add', index];
            const bare = capability.toUpperCase().replace(/^CAP_/, '');
            const data = { container: ref.name, capability, bare };
            if (bare === 'NET_BIND_SERVICE') context.report({ path, messageId: 'prefixedCapability', data });
            else context.report({ path, messageId: BASELINE.has(bare) ? 'restrictedCapability' : 'dangerousCapability', data });
          }
        }
      },
    };
  },
});
