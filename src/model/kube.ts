/**
 * The small subset of Kubernetes object shapes py2kube writes and reads. Objects are plain
 * data (what `kubectl apply` takes); the bundled OpenAPI-derived JSON schema is what proves
 * them valid, so these types stay loose below the top level.
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}
