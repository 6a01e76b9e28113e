import type { AppModel } from '../../model/app.ts';
import type { ObjectMeta } from '../../model/kube.ts';
import type { ResolvedOptions } from '../options.ts';

/**
 * Names, labels and annotations every object of an app shares. Selectors use only name and
 * component: a Deployment's selector is immutable, so it must never contain anything that
 * changes between releases (the version label lives on the pod template only).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export type Component = 'web' | 'worker' | 'beat' | 'migrate' | `cronjob-${string}`;

export const LABEL = {
  name: 'app.kubernetes.io/name',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  /** Set on pod templates by the overlay/CI (never in a selector); the app reads it as APP_VERSION. */
  version: 'app.kubernetes.io/version',
} as const;

/** Lists, comma-separated, the keys the app expects in `<name>-secrets` (the Secret is referenced, never written). */
export const SECRET_KEYS_ANNOTATION = 'py2kube.io/secret-keys';

/** The Secret every workload reads with `envFrom`; created by the user or their secret operator. */
export function secretName(model: AppModel): string {
  return `${model.name}-secrets`;
}

/** The labels a component's selector matches: exactly these, and they are on its pod template. */
export function selectorLabels(model: AppModel, component: Component): Record<string, string> {
  return { [LABEL.name]: model.name, [LABEL.component]: component };
}

/** All labels of an object; without a component for the objects every component shares (ServiceAccount, ConfigMap). */
export function labels(model: AppModel, component?: Component): Record<string, string> {
  return {
    [LABEL.name]: model.name,
    ...(component !== undefined ? { [LABEL.component]: component } : {}),
    [LABEL.partOf]: model.name,
    [LABEL.managedBy]: 'py2kube',
  };
}

export function metadata(name: string, objectLabels: Record<string, string>, annotations?: Record<string, string>): ObjectMeta {
  return { name, labels: objectLabels, ...(annotations !== undefined && Object.keys(annotations).length > 0 ? { annotations } : {}) };
}

/** The annotation that documents the Secret's expected keys on every workload that reads it. */
export function secretKeysAnnotation(keys: readonly string[]): Record<string, string> {
  return keys.length === 0 ? {} : { [SECRET_KEYS_ANNOTATION]: [...keys].sort().join(',') };
}

/** Whether the app serves HTTP and so gets a web Deployment, Service, PDB, HPA and Ingress. */
export function hasWeb(model: AppModel): boolean {
  return model.framework !== null || model.appPath !== null;
}

/** `1.29` < `1.30`: compares `major.minor` versions as numbers (a patch part is ignored). */
export function kubeAtLeast(options: Pick<ResolvedOptions, 'kubeVersion'>, minimum: string): boolean {
  const parse = (v: string): [number, number] => {
    const m = /^v?(\d+)\.(\d+)/.exec(v.trim());
    return m === null ? [Number.NaN, Number.NaN] : [Number(m[1]), Number(m[2])];
  };
  const [major, minor] = parse(options.kubeVersion);
  const [wantMajor, wantMinor] = parse(minimum);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/** CPU millicores as a Kubernetes quantity: 500 → `500m`. */
export function cpuQuantity(millis: number): string {
  return `${millis}m`;
}

/** MiB as a Kubernetes quantity: 512 → `512Mi`. */
export function memoryQuantity(mib: number): string {
  return `${mib}Mi`;
}
