// Pod Security Standards, restricted, "Privilege Escalation": https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
import { createRule } from '../create-rule.ts';
import { asArray, getIn } from '../object.ts';
import { isWindowsPod } from '../workload.ts';

export default createRule({
  id: 'no-privilege-escalation',
  meta: {
    description: 'Require allowPrivilegeEscalation: false on every container.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-linter', id: 'privilege-escalation-container' },
      { tool: 'polaris', id: 'privilegeEscalationAllowed' },
      { tool: 'checkov', id: 'CKV_K8S_20' },
      { tool: 'kubescape', id: 'C-0016' },
      { tool: 'trivy', id: 'KSV-0001' },
    ],
    messages: {
      missingAllowPrivilegeEscalation:
        'Container "{{container}}" does not set securityContext.allowPrivilegeEscalation, which defaults to true: a setuid binary in the image can gain more privileges than the process started with. Set allowPrivilegeEscalation: false.',
      allowsPrivilegeEscalation: 'Container "{{container}}" sets allowPrivilegeEscalation: true. Set it to false; nothing a Python service does needs setuid binaries.',
      alwaysEscalates: 'Container "{{container}}" is privileged or adds CAP_SYS_ADMIN, which always allows privilege escalation. Remove privileged/SYS_ADMIN, then set allowPrivilegeEscalation: false.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (isWindowsPod(workload)) return;
        for (const ref of workload.containers) {
          const path = [...ref.path, 'securityContext', 'allowPrivilegeEscalation'];
          const value = getIn(ref.container, ['securityContext', 'allowPrivilegeEscalation']);
          const data = { container: ref.name };
          const privileged = getIn(ref.container, ['securityContext', 'privileged']) === true;
          const sysAdmin = asArray(getIn(ref.container, ['securityContext', 'capabilities', 'add'])).some((c) => c === 'SYS_ADMIN' || c === 'CAP_SYS_ADMIN');
          if (value === false) continue;
          if (privileged || sysAdmin) {
            // The API server rejects allowPrivilegeEscalation: false next to these, so no fix is offered.
            context.report({ path: [...ref.path, 'securityContext', privileged ? 'privileged' : 'capabilities'], messageId: 'alwaysEscalates', data });
          } else {
            context.report({ path, messageId: value === true ? 'allowsPrivilegeEscalation' : 'missingAllowPrivilegeEscalation', data, fix: (edit) => edit.set(path, false) });
          }
        }
      },
    };
  },
});
