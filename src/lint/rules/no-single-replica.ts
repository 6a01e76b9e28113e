// Replicas and disruptions: https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
// HPA minReplicas: https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { runsCeleryBeat } from '../python.ts';
import { replicaRange, servicesSelecting } from '../selectors.ts';

const schema = z.strictObject({
  /** The fewest replicas a Deployment (or an HPA's minReplicas) may have. */
  minReplicas: z.number().int().min(2).max(10),
  /** Judge only Deployments a Service sends traffic to (workers behind a queue tolerate a short gap). */
  onlyServed: z.boolean(),
});

export default createRule({
  id: 'no-single-replica',
  meta: {
    description: 'Disallow Deployments behind a Service that run a single replica, or that an autoscaler may scale down to one.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'availability',
    peers: [
      { tool: 'kube-score', id: 'deployment-replicas' },
      { tool: 'kube-linter', id: 'minimum-three-replicas' },
      { tool: 'polaris', id: 'deploymentMissingReplicas' },
    ],
    messages: {
      tooFewReplicas:
        'Deployment "{{name}}" runs {{replicas}} replica{{plural}}{{served}}: every node drain, cluster upgrade, eviction or crash takes the app down until a new pod is scheduled and ready. Set spec.replicas: {{minimum}} or more (or let a HorizontalPodAutoscaler with minReplicas: {{minimum}} own the count).',
      hpaMinReplicas:
        'HorizontalPodAutoscaler "{{scaler}}" may scale Deployment "{{name}}" down to {{replicas}} replica{{plural}}: at quiet times a single node drain or crash takes the app down. Set spec.minReplicas: {{minimum}} or more.',
    },
  },
  defaultOptions: { minReplicas: 2, onlyServed: true },
  schema,
  create(context) {
    const { minReplicas, onlyServed } = context.options;
    return {
      workload(workload) {
        if (workload.kind !== 'Deployment') return;
        const services = servicesSelecting(workload, context.objects);
        if (onlyServed && services.length === 0) return;
        const range = replicaRange(workload, context.objects);
        if (range.min >= minReplicas || runsCeleryBeat(workload)) return;
        const served = services.length > 0 ? ` behind Service "${services[0]!.name}"` : '';
        const base = { name: workload.name, minimum: minReplicas, served };
        if (range.scaler === undefined) {
          if (range.min >= minReplicas) return;
          context.report({ path: ['spec', 'replicas'], messageId: 'tooFewReplicas', data: { ...base, replicas: range.min, plural: range.min === 1 ? '' : 's' } });
        } else if (range.scaler.kind === 'HorizontalPodAutoscaler' && range.min < minReplicas) {
          // KEDA's minReplicaCount: 0 is a deliberate scale-to-zero, not an oversight.
          context.report({ object: range.scaler, path: ['spec', 'minReplicas'], messageId: 'hpaMinReplicas', data: { ...base, scaler: range.scaler.name, replicas: range.min, plural: range.min === 1 ? '' : 's' } });
        }
      },
    };
  },
});
