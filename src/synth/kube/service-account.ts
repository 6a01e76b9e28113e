import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';
import { labels, metadata } from './meta.ts';

/**
 * The app's own ServiceAccount, so its pods do not share `default` with everything else in the
 * namespace. No token is mounted: the app does not call the Kubernetes API, and a mounted token
 * is a credential. Pods say so too, because the pod field wins over this one.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
 */
export function serviceAccount(model: AppModel, _options: ResolvedOptions): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(model.name, labels(model)),
    automountServiceAccountToken: false,
  };
}
