// HPA scaleTargetRef, and dropping spec.replicas once an HPA owns it: https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling
import { createRule } from '../create-rule.ts';
import { asNumber, asRecord, asString, getIn } from '../object.ts';
import { anyOfKind, didYouMean, objectsNamed } from '../selectors.ts';

export default createRule({
  id: 'require-hpa-target-exists',
  meta: {
    description: 'Require every HorizontalPodAutoscaler to target a workload in the checked manifests, and that workload to leave replicas to the autoscaler.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'cross-object',
    peers: [
      { tool: 'kube-score', id: 'horizontalpodautoscaler-has-target' },
      { tool: 'kube-score', id: 'deployment-targeted-by-hpa-does-not-have-replicas-configured' },
      { tool: 'kube-linter', id: 'dangling-horizontalpodautoscaler' },
      { tool: 'kubescape', id: 'C-0300' },
    ],
    messages: {
      targetMissing:
        'HorizontalPodAutoscaler "{{hpa}}" scales {{kind}} "{{target}}", which is not among the checked manifests{{hint}}: the autoscaler reports FailedGetScale and scales nothing. Fix spec.scaleTargetRef, or add the {{kind}}.',
      targetNotInInput:
        'HorizontalPodAutoscaler "{{hpa}}" scales {{kind}} "{{target}}", but the checked input holds no {{kind}} at all, so whether it exists cannot be told. If it is in other files, check them together (e.g. `py2kube check deploy/`).',
      targetSetsReplicas:
        '{{kind}} "{{target}}" sets spec.replicas: {{replicas}} while HorizontalPodAutoscaler "{{hpa}}" scales it between {{min}} and {{max}}: every apply of this manifest resets the pod count to {{replicas}} until the autoscaler corrects it. Remove spec.replicas and let the HPA own it (with client-side kubectl apply, first remove it from the last-applied configuration with `kubectl apply edit-last-applied`, or the {{kind}} drops to 1 replica once).',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      HorizontalPodAutoscaler(hpa) {
        const ref = asRecord(getIn(hpa.object, ['spec', 'scaleTargetRef']));
        const kind = asString(ref?.['kind']);
        const name = asString(ref?.['name']);
        if (kind === undefined || name === undefined) return;
        const targets = objectsNamed(context.objects, kind, name, hpa);
        const data = { hpa: hpa.name, kind, target: name };
        if (targets.length === 0) {
          if (!anyOfKind(context.objects, kind, hpa)) {
            context.report({ path: ['spec', 'scaleTargetRef', 'name'], messageId: 'targetNotInInput', data });
          } else {
            context.report({ path: ['spec', 'scaleTargetRef', 'name'], messageId: 'targetMissing', data: { ...data, hint: didYouMean(context.objects, kind, name, hpa) } });
          }
          return;
        }
        const min = asNumber(getIn(hpa.object, ['spec', 'minReplicas'])) ?? 1;
        const max = asNumber(getIn(hpa.object, ['spec', 'maxReplicas'])) ?? '?';
        for (const target of targets) {
          const replicas = asNumber(getIn(target.object, ['spec', 'replicas']));
          if (replicas === undefined) continue;
          context.report({ object: target, path: ['spec', 'replicas'], messageId: 'targetSetsReplicas', data: { ...data, replicas, min, max } });
        }
      },
    };
  },
});
