// Pods fail to be created when their ServiceAccount does not exist: https://kubernetes.io/docs/concepts/security/service-accounts/#assign-to-pod
import { createRule } from '../create-rule.ts';
import { asString } from '../object.ts';
import { anyOfKind, didYouMean, objectsNamed } from '../selectors.ts';

export default createRule({
  id: 'require-service-account-exists',
  meta: {
    description: 'Require every ServiceAccount a pod names, other than default, to be defined in the checked manifests.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'cross-object',
    peers: [
      { tool: 'kube-linter', id: 'non-existent-service-account' },
      { tool: 'kubescape', id: 'C-0307' },
    ],
    messages: {
      missing:
        '{{kind}} "{{name}}" runs its pods as ServiceAccount "{{account}}", which is not among the checked manifests{{hint}}: the API server refuses to create the pods ("serviceaccount not found"). Fix {{field}}, or add the ServiceAccount.',
      notInInput:
        '{{kind}} "{{name}}" runs its pods as ServiceAccount "{{account}}", but the checked input holds no ServiceAccounts at all, so whether it exists cannot be told. If it is created elsewhere (another file, a chart, the cluster admin), check the files together (e.g. `py2kube check deploy/`) or suppress with that reason.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        const field = workload.podSpec['serviceAccountName'] !== undefined ? 'serviceAccountName' : 'serviceAccount';
        const account = asString(workload.podSpec[field]);
        if (account === undefined || account === '' || account === 'default') return;
        if (objectsNamed(context.objects, 'ServiceAccount', account, workload.manifest).length > 0) return;
        const path = [...workload.podSpecPath, field];
        const data = { kind: workload.kind, name: workload.name, account, field: path.join('.') };
        if (!anyOfKind(context.objects, 'ServiceAccount', workload.manifest)) {
          context.report({ path, messageId: 'notInInput', data });
          return;
        }
        context.report({ path, messageId: 'missing', data: { ...data, hint: didYouMean(context.objects, 'ServiceAccount', account, workload.manifest) } });
      },
    };
  },
});
