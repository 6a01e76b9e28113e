import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';
import { LABEL, hasWeb, labels, metadata, selectorLabels } from './meta.ts';
import { HTTP_PORT_NAME } from './pod.ts';

/** Selects every pod of this app: web, worker, beat, migration and CronJob pods all carry the part-of label. */
function appPods(model: AppModel): Record<string, unknown> {
  return { matchLabels: { [LABEL.partOf]: model.name } };
}

function namespaceNamed(name: string): Record<string, unknown> {
  // `kubernetes.io/metadata.name` is set by the API server on every namespace (1.22+), so no one has to label them.
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } };
}

/**
 * Egress every pod of the app needs: cluster DNS over UDP and TCP (TCP for large answers), and
 * the declared datastores on their standard ports. The datastore rules name no destination, so
 * they allow any address on those ports: managed databases and brokers (RDS, Cloud SQL,
 * ElastiCache, Amazon MQ) live outside the cluster at addresses no pod or namespace selector
 * can match, and their IPs change on failover, so an ipBlock would break silently.
 */
export function egressRules(options: ResolvedOptions): Array<Record<string, unknown>> {
  const dns = {
    to: [namespaceNamed(D.kube.dnsNamespace)],
    ports: [{ protocol: 'UDP', port: D.kube.dnsPort }, { protocol: 'TCP', port: D.kube.dnsPort }],
  };
  const ports = [...new Set(options.datastores.map((d) => D.kube.datastorePorts[d]).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
  return ports.length === 0 ? [dns] : [dns, { ports: ports.map((port) => ({ protocol: 'TCP', port })) }];
}

/**
 * The app-wide NetworkPolicy `<name>`: every pod of the app (workers, beat and jobs included)
 * gets egress only to DNS and its datastores, and no ingress at all. Policies add up, so the web
 * pods' own policy below opens their port; workers, beat and jobs serve nothing and stay closed.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export function appNetworkPolicy(model: AppModel, options: ResolvedOptions): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(model.name, labels(model)),
    spec: {
      podSelector: appPods(model),
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: egressRules(options),
    },
  };
}

/**
 * The web pods' NetworkPolicy `<name>-web`: their named port is reachable only from the ingress
 * controller's namespace and from the app's own pods (a worker calling back, a job warming a
 * cache). kubelet probes come from the node and are not subject to it on mainstream CNIs.
 */
export function webNetworkPolicy(model: AppModel, options: ResolvedOptions): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(`${model.name}-web`, labels(model, 'web')),
    spec: {
      podSelector: { matchLabels: selectorLabels(model, 'web') },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [namespaceNamed(options.ingressNamespace), { podSelector: appPods(model) }],
        ports: [{ protocol: 'TCP', port: HTTP_PORT_NAME }],
      }],
    },
  };
}

/** The app's NetworkPolicies: the app-wide one always, the web one when the app serves HTTP. */
export function networkPolicies(model: AppModel, options: ResolvedOptions): KubeObject[] {
  return hasWeb(model) ? [appNetworkPolicy(model, options), webNetworkPolicy(model, options)] : [appNetworkPolicy(model, options)];
}
