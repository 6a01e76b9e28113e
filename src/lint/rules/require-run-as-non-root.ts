// Pod Security Standards, restricted, "Running as Non-root": https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
import { createRule } from '../create-rule.ts';
import { effectiveSecurityContext, isWindowsPod } from '../workload.ts';

export default createRule({
  id: 'require-run-as-non-root',
  meta: {
    description: 'Require runAsNonRoot: true for every container, set on the container or inherited from the pod.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-score', id: 'container-security-context-user-group-id' },
      { tool: 'kube-linter', id: 'run-as-non-root' },
      { tool: 'polaris', id: 'runAsRootAllowed' },
      { tool: 'checkov', id: 'CKV_K8S_23' },
      { tool: 'kubescape', id: 'C-0013' },
      { tool: 'trivy', id: 'KSV-0012' },
    ],
    messages: {
      missingRunAsNonRoot:
        'Container "{{container}}" may run as root: neither it nor the pod sets securityContext.runAsNonRoot. Set runAsNonRoot: true (and build the image with a numeric USER such as 10001, so the kubelet can verify it).',
      runAsNonRootFalse: 'Container "{{container}}" has runAsNonRoot: false. Set it to true; the Pod Security Standards "restricted" profile rejects the pod otherwise.',
      runsAsRoot: 'Container "{{container}}" runs as root (runAsUser: 0). Use a non-zero UID such as 10001 and set runAsNonRoot: true.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (isWindowsPod(workload)) return;
        for (const ref of workload.containers) {
          const security = effectiveSecurityContext(ref);
          const data = { container: ref.name };
          if (security.values['runAsUser'] === 0) {
            context.report({ path: security.pathOf('runAsUser')!, messageId: 'runsAsRoot', data });
          } else if (security.values['runAsNonRoot'] === false) {
            const path = security.pathOf('runAsNonRoot')!;
            context.report({ path, messageId: 'runAsNonRootFalse', data, fix: (edit) => edit.set(path, true) });
          } else if (security.values['runAsNonRoot'] !== true) {
            const path = [...ref.path, 'securityContext', 'runAsNonRoot'];
            context.report({ path, messageId: 'missingRunAsNonRoot', data, fix: (edit) => edit.set(path, true) });
          }
        }
      },
    };
  },
});
