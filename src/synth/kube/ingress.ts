import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';
import { labels, metadata } from './meta.ts';
import { HTTP_PORT_NAME } from './pod.ts';

/**
 * The Ingress `<name>` routing every path of `host` to the Service's named port. Written only
 * when a host is configured: without one it would either match every host or be rejected.
 * The TLS Secret is referenced by name (cert-manager or the user creates it), never written.
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
export function ingress(model: AppModel, options: ResolvedOptions, host: string | null = options.ingress.host): KubeObject | null {
  if (host === null) return null;
  const className = options.ingress.className;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: metadata(model.name, labels(model, 'web')),
    spec: {
      ...(className !== null ? { ingressClassName: className } : {}),
      ...ingressRouting(model, options, host),
    },
  };
}

/** `rules` and `tls` for one host: also the overlay's patch when an environment has its own host (lists are replaced whole by a strategic merge). */
export function ingressRouting(model: AppModel, options: ResolvedOptions, host: string): Record<string, unknown> {
  const tlsSecret = options.ingress.tlsSecret;
  return {
    ...(tlsSecret !== null ? { tls: [{ hosts: [host], secretName: tlsSecret }] } : {}),
    rules: [{
      host,
      http: {
        paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: model.name, port: { name: HTTP_PORT_NAME } } } }],
      },
    }],
  };
}
