import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { EnvironmentOptions } from '../options.ts';
import { labels, metadata } from './meta.ts';

/**
 * The HorizontalPodAutoscaler `<name>` (autoscaling/v2) for the web Deployment: it owns the
 * replica count, so no Deployment in that environment sets `replicas`. CPU is the driver;
 * memory is a backstop because CPython rarely returns memory (runtime facts 6.1.2), so memory
 * alone would scale up and never back down. Utilisation is measured against the requests.
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export function hpa(model: AppModel, autoscaling: NonNullable<EnvironmentOptions['autoscaling']>): KubeObject {
  const target = (name: 'cpu' | 'memory', averageUtilization: number): Record<string, unknown> => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization } },
  });
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(model.name, labels(model, 'web')),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: model.name },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [target('cpu', autoscaling.cpu), target('memory', autoscaling.memory)],
    },
  };
}
