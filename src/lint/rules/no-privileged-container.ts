// Pod Security Standards, baseline, "Privileged Containers" and "HostProcess": https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
import { createRule } from '../create-rule.ts';
import { getIn } from '../object.ts';

export default createRule({
  id: 'no-privileged-container',
  meta: {
    description: 'Disallow privileged containers and Windows HostProcess pods.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-score', id: 'container-security-context-privileged' },
      { tool: 'kube-linter', id: 'privileged-container' },
      { tool: 'polaris', id: 'runAsPrivileged' },
      { tool: 'polaris', id: 'hostProcess' },
      { tool: 'checkov', id: 'CKV_K8S_16' },
      { tool: 'kubescape', id: 'C-0057' },
      { tool: 'trivy', id: 'KSV-0017' },
      { tool: 'trivy', id: 'KSV-0103' },
    ],
    messages: {
      privileged:
        'Container "{{container}}" sets securityContext.privileged: true: it gets every capability and every device of the node, with seccomp and AppArmor off, so an escape is trivial. Remove privileged (or set it to false); the Pod Security Standards reject it even at "baseline".',
      podHostProcess:
        '{{kind}} "{{name}}" sets securityContext.windowsOptions.hostProcess: true: its containers run as processes on the Windows node itself, outside any isolation. Remove it; the Pod Security Standards reject it even at "baseline".',
      containerHostProcess:
        'Container "{{container}}" sets securityContext.windowsOptions.hostProcess: true, which runs it directly on the Windows node. Remove it; the Pod Security Standards reject it even at "baseline".',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        const podHostProcess = [...workload.podSpecPath, 'securityContext', 'windowsOptions', 'hostProcess'];
        if (getIn(workload.manifest.object, podHostProcess) === true) {
          context.report({ path: podHostProcess, messageId: 'podHostProcess', data: { kind: workload.kind, name: workload.name } });
        }
        for (const ref of workload.containers) {
          const data = { container: ref.name };
          if (getIn(ref.container, ['securityContext', 'privileged']) === true) {
            context.report({ path: [...ref.path, 'securityContext', 'privileged'], messageId: 'privileged', data });
          }
          if (getIn(ref.container, ['securityContext', 'windowsOptions', 'hostProcess']) === true) {
            context.report({ path: [...ref.path, 'securityContext', 'windowsOptions', 'hostProcess'], messageId: 'containerHostProcess', data });
          }
        }
      },
    };
  },
});
