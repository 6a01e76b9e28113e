// Pod Security Standards, restricted, "Seccomp": https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
// and https://kubernetes.io/docs/tutorials/security/seccomp/ (unset means Unconfined unless the kubelet defaults it)
import { createRule } from '../create-rule.ts';
import { asString, getIn } from '../object.ts';
import { isWindowsPod } from '../workload.ts';

const ALLOWED = ['RuntimeDefault', 'Localhost'];

export default createRule({
  id: 'require-seccomp-profile',
  meta: {
    description: 'Require a RuntimeDefault or Localhost seccomp profile on the pod or on every container.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-score', id: 'container-seccomp-profile' },
      { tool: 'checkov', id: 'CKV_K8S_31' },
      { tool: 'kubescape', id: 'C-0210' },
      { tool: 'trivy', id: 'KSV-0030' },
      { tool: 'trivy', id: 'KSV-0104' },
    ],
    messages: {
      missingProfile:
        'Container "{{container}}" has no seccomp profile: neither it nor the pod sets securityContext.seccompProfile.type, so the runtime runs it Unconfined (every syscall allowed) and the Pod Security Standards "restricted" profile rejects the pod. Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (it covers every container).',
      podProfileNotAllowed:
        '{{kind}} "{{name}}" sets the pod seccompProfile.type to "{{value}}", which every container without its own profile inherits. Use RuntimeDefault (or Localhost with localhostProfile); "restricted" only allows those two.',
      containerProfileNotAllowed:
        'Container "{{container}}" sets seccompProfile.type: "{{value}}". Use RuntimeDefault (or Localhost with localhostProfile), or remove it to inherit the pod’s profile; "restricted" only allows those two.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (isWindowsPod(workload)) return;
        const podPath = [...workload.podSpecPath, 'securityContext', 'seccompProfile', 'type'];
        const podValue = getIn(workload.podSpec, ['securityContext', 'seccompProfile', 'type']);
        if (podValue !== undefined && !ALLOWED.includes(podValue as string)) {
          context.report({ path: podPath, messageId: 'podProfileNotAllowed', data: { kind: workload.kind, name: workload.name, value: asString(podValue) ?? String(podValue) } });
        }
        for (const ref of workload.containers) {
          const path = [...ref.path, 'securityContext', 'seccompProfile', 'type'];
          const own = getIn(ref.container, ['securityContext', 'seccompProfile', 'type']);
          if (own !== undefined) {
            if (!ALLOWED.includes(own as string)) context.report({ path, messageId: 'containerProfileNotAllowed', data: { container: ref.name, value: asString(own) ?? String(own) } });
            continue;
          }
          // An inherited bad pod value is reported once, at the pod.
          if (podValue !== undefined) continue;
          context.report({
            path: [...ref.path, 'securityContext', 'seccompProfile'],
            messageId: 'missingProfile',
            data: { container: ref.name },
            // One pod-level field covers every container; repeated fixes write the same value.
            fix: (edit) => edit.set(podPath, 'RuntimeDefault'),
          });
        }
      },
    };
  },
});
