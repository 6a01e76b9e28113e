import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';
import { labels, metadata, selectorLabels } from './meta.ts';
import { HTTP_PORT_NAME } from './pod.ts';

/**
 * The ClusterIP Service `<name>` in front of the web pods. It targets the container port by
 * name, so changing the app's port never needs a Service change, and its selector is exactly
 * the web pods' selector labels (workers and jobs carry the same app name but another component).
 */
export function service(model: AppModel, _options: ResolvedOptions): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(model.name, labels(model, 'web')),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(model, 'web'),
      ports: [{ name: HTTP_PORT_NAME, port: D.kube.servicePort, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
    },
  };
}
