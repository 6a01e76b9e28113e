// Opt out of API credential automounting: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
import { createRule } from '../create-rule.ts';
import { asString, getIn } from '../object.ts';
import { objectsNamed } from '../selectors.ts';

export default createRule({
  id: 'no-service-account-token-automount',
  meta: {
    description: 'Disallow mounting a Kubernetes API token into pods that do not opt in, on the pod or its ServiceAccount.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'polaris', id: 'automountServiceAccountToken' },
      { tool: 'checkov', id: 'CKV_K8S_38' },
      { tool: 'kubescape', id: 'C-0034' },
      { tool: 'kubescape', id: 'C-0190' },
      { tool: 'trivy', id: 'KSV-0036' },
    ],
    messages: {
      tokenMounted:
        '{{kind}} "{{name}}" gets a Kubernetes API token mounted at /var/run/secrets/kubernetes.io/serviceaccount: neither the pod nor ServiceAccount "{{serviceAccount}}"{{where}} sets automountServiceAccountToken: false, and anyone who gets code execution in the app can call the API with it. Set automountServiceAccountToken: false in the pod spec (a web app, worker or migration never calls the Kubernetes API).',
      tokenRequested:
        '{{kind}} "{{name}}" sets automountServiceAccountToken: true, so every container gets an API token for ServiceAccount "{{serviceAccount}}". If the app does not call the Kubernetes API, set it to false; if it does, suppress this finding with the reason and bind the ServiceAccount to a Role with only the verbs it needs.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        const path = [...workload.podSpecPath, 'automountServiceAccountToken'];
        const value = workload.podSpec['automountServiceAccountToken'];
        if (value === false) return;
        const serviceAccount = asString(workload.podSpec['serviceAccountName']) ?? asString(workload.podSpec['serviceAccount']) ?? 'default';
        const data = { kind: workload.kind, name: workload.name, serviceAccount };
        if (value === true) {
          context.report({ path, messageId: 'tokenRequested', data });
          return;
        }
        // The pod field is unset: the ServiceAccount's own setting decides.
        const account = objectsNamed(context.objects, 'ServiceAccount', serviceAccount, workload.manifest)[0];
        if (account !== undefined && getIn(account.object, ['automountServiceAccountToken']) === false) return;
        context.report({
          path,
          messageId: 'tokenMounted',
          data: { ...data, where: account === undefined ? ' (not among the checked objects)' : '' },
          fix: (edit) => edit.set(path, false),
        });
      },
    };
  },
});
