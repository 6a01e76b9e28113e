// Deprecated API Migration Guide: https://kubernetes.io/docs/reference/using-api/deprecation-guide/
import { createRule } from '../create-rule.ts';
import { isAtLeast } from '../kube-version.ts';
import { getIn } from '../object.ts';
import { isEmptySelector } from '../selectors.ts';

interface Removal {
  apiVersion: string;
  kinds: readonly string[];
  /** First minor that no longer serves it. */
  removedIn: string;
  /** First minor whose API server warns that it is deprecated. */
  deprecatedIn: string;
  replacement: string;
  /** Whether changing only `apiVersion` keeps the object's meaning ("no notable changes" in the guide). */
  rename: boolean;
}

const STORAGE = ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'];
const RBAC = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];

/** From the migration guide's "Removed APIs by release" (v1.16 to v1.32). */
const REMOVALS: readonly Removal[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', deprecatedIn: '1.9', replacement: 'apps/v1', rename: false },
  { apiVersion: 'apps/v1beta1', kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'], removedIn: '1.16', deprecatedIn: '1.9', replacement: 'apps/v1', rename: false },
  { apiVersion: 'apps/v1beta2', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', deprecatedIn: '1.9', replacement: 'apps/v1', rename: false },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16', deprecatedIn: '1.9', replacement: 'networking.k8s.io/v1', rename: false },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', deprecatedIn: '1.11', replacement: 'Pod Security Admission (pod-security.kubernetes.io namespace labels)', rename: false },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', deprecatedIn: '1.14', replacement: 'networking.k8s.io/v1', rename: false },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress'], removedIn: '1.22', deprecatedIn: '1.19', replacement: 'networking.k8s.io/v1', rename: false },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['IngressClass'], removedIn: '1.22', deprecatedIn: '1.19', replacement: 'networking.k8s.io/v1', rename: true },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: '1.22', deprecatedIn: '1.16', replacement: 'admissionregistration.k8s.io/v1', rename: false },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], removedIn: '1.22', deprecatedIn: '1.16', replacement: 'apiextensions.k8s.io/v1', rename: false },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], removedIn: '1.22', deprecatedIn: '1.19', replacement: 'apiregistration.k8s.io/v1', rename: true },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], removedIn: '1.22', deprecatedIn: '1.19', replacement: 'certificates.k8s.io/v1', rename: false },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: '1.22', deprecatedIn: '1.19', replacement: 'coordination.k8s.io/v1', rename: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: RBAC, removedIn: '1.22', deprecatedIn: '1.17', replacement: 'rbac.authorization.k8s.io/v1', rename: true },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removedIn: '1.22', deprecatedIn: '1.14', replacement: 'scheduling.k8s.io/v1', rename: true },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: STORAGE, removedIn: '1.22', deprecatedIn: '1.19', replacement: 'storage.k8s.io/v1', rename: true },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', deprecatedIn: '1.21', replacement: 'batch/v1', rename: true },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25', deprecatedIn: '1.21', replacement: 'discovery.k8s.io/v1', rename: false },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25', deprecatedIn: '1.22', replacement: 'events.k8s.io/v1', rename: false },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25', deprecatedIn: '1.22', replacement: 'autoscaling/v2', rename: false },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25', deprecatedIn: '1.21', replacement: 'policy/v1', rename: true },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', deprecatedIn: '1.21', replacement: 'Pod Security Admission (pod-security.kubernetes.io namespace labels)', rename: false },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25', deprecatedIn: '1.22', replacement: 'node.k8s.io/v1', rename: true },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26', deprecatedIn: '1.23', replacement: 'autoscaling/v2', rename: true },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.26', deprecatedIn: '1.23', replacement: 'flowcontrol.apiserver.k8s.io/v1', rename: false },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27', deprecatedIn: '1.24', replacement: 'storage.k8s.io/v1', rename: true },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.29', deprecatedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1', rename: false },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], removedIn: '1.32', deprecatedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1', rename: false },
];

const BY_KEY = new Map(REMOVALS.flatMap((r) => r.kinds.map((kind) => [`${r.apiVersion} ${kind}`, r] as const)));

export default createRule({
  id: 'no-deprecated-api-version',
  meta: {
    description: 'Disallow apiVersions that the target Kubernetes version no longer serves or has deprecated for removal.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'hygiene',
    peers: [
      { tool: 'kube-score', id: 'stable-version' },
      { tool: 'kube-linter', id: 'no-extensions-v1beta' },
      { tool: 'trivy', id: 'KSV-0107' },
    ],
    messages: {
      removedApi:
        '{{kind}} "{{name}}" uses apiVersion {{apiVersion}}, which Kubernetes stopped serving in {{removedIn}}: applying it to a {{version}} cluster fails with "no matches for kind". Use {{replacement}}{{changes}}.',
      deprecatedApi:
        '{{kind}} "{{name}}" uses apiVersion {{apiVersion}}, which is deprecated and no longer served from Kubernetes {{removedIn}}: the next upgrade after {{version}} breaks it. Use {{replacement}}{{changes}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      object(manifest) {
        const removal = BY_KEY.get(`${manifest.apiVersion} ${manifest.kind}`);
        if (removal === undefined) return;
        const removed = isAtLeast(context.kubeVersion, removal.removedIn);
        if (!removed && !isAtLeast(context.kubeVersion, removal.deprecatedIn)) return;
        // policy/v1 reads an empty selector as "every pod", policy/v1beta1 as "no pod".
        const rename = removal.rename && !(manifest.kind === 'PodDisruptionBudget' && isEmptySelector(getIn(manifest.object, ['spec', 'selector'])));
        const changes = !removal.replacement.includes('/')
          ? ''
          : rename
            ? ' (the fields are the same: only apiVersion changes)'
            : '; some fields changed, see https://kubernetes.io/docs/reference/using-api/deprecation-guide/ or run kubectl-convert';
        context.report({
          path: ['apiVersion'],
          messageId: removed ? 'removedApi' : 'deprecatedApi',
          data: { kind: manifest.kind, name: manifest.name, apiVersion: manifest.apiVersion, removedIn: removal.removedIn, replacement: removal.replacement, version: context.kubeVersion, changes },
          fix: rename ? (edit) => edit.set(['apiVersion'], removal.replacement) : undefined,
        });
      },
    };
  },
});
