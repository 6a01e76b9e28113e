import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';
import { kubeAtLeast, labels, metadata, selectorLabels } from './meta.ts';

/**
 * The PodDisruptionBudget `<name>` for the web pods; its selector is exactly their selector
 * labels. `maxUnavailable: 1` rather than `minAvailable`: at one replica (dev, or an HPA at its
 * minimum) `minAvailable: 1` forbids every eviction, so `kubectl drain` and node upgrades hang
 * forever; `maxUnavailable: 1` always lets one pod go and, with more replicas, still keeps the
 * rest serving. `unhealthyPodEvictionPolicy: AlwaysAllow` lets a pod that is not Ready (crash
 * looping, say) be evicted even when the budget is used up: it serves nothing, so protecting it
 * only blocks the drain. Node-pressure eviction ignores PDBs anyway (runtime facts 2.1.9).
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export function pdb(model: AppModel, options: ResolvedOptions): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(model.name, labels(model, 'web')),
    spec: {
      maxUnavailable: D.kube.pdbMaxUnavailable,
      selector: { matchLabels: selectorLabels(model, 'web') },
      ...(kubeAtLeast(options, D.kube.unhealthyPodEvictionPolicyMinVersion) ? { unhealthyPodEvictionPolicy: 'AlwaysAllow' } : {}),
    },
  };
}
