// Pod templates per workload kind: https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates
// Sidecars are init containers with restartPolicy Always: https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
import type { Manifest } from './load/manifest.ts';
import { asArray, asNumber, asRecord, asString, getIn, stringMap, type Json } from './object.ts';
import type { Path } from './types.ts';

export type ContainerRole = 'container' | 'init' | 'sidecar' | 'ephemeral';

export interface ContainerRef {
  /** `name`, or `#<index>` when the container has none. */
  name: string;
  container: Json;
  /** Path from the object's root: `['spec', 'template', 'spec', 'containers', 0]`. */
  path: Path;
  role: ContainerRole;
  /** Index inside its list (`containers`, `initContainers`, `ephemeralContainers`). */
  index: number;
  /** The pod-level securityContext, which the container inherits from. */
  podSecurityContext: Json | undefined;
  podSpecPath: Path;
}

export interface Workload {
  manifest: Manifest;
  kind: string;
  name: string;
  namespace: string | undefined;
  podSpec: Json;
  podSpecPath: Path;
  /** Labels and annotations of the pods (the template's, or the Pod's own). */
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  /** Path of the pod metadata: the template's, or `['metadata']` for a Pod. */
  podMetadataPath: Path;
  /** Every container with its role, in spec order: containers, then init and sidecars, then ephemeral. */
  containers: ContainerRef[];
  /** `spec.replicas` as written (Deployment, StatefulSet, ReplicaSet); undefined when absent. */
  replicas: number | undefined;
}

const TEMPLATE_PATHS: Record<string, Path> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

const workloads = new WeakMap<Manifest, Workload | null>();

/** The pod view of a workload object, or null when it is not a workload or has no pod spec. Computed once per object. */
export function toWorkload(manifest: Manifest): Workload | null {
  let workload = workloads.get(manifest);
  if (workload === undefined) {
    workload = computeWorkload(manifest);
    workloads.set(manifest, workload);
  }
  return workload;
}

function computeWorkload(manifest: Manifest): Workload | null {
  const templatePath = TEMPLATE_PATHS[manifest.kind];
  if (templatePath === undefined) return null;
  const podSpecPath: Path = [...templatePath, 'spec'];
  const podSpec = asRecord(getIn(manifest.object, podSpecPath));
  if (podSpec === undefined) return null;
  const podMetadataPath: Path = [...templatePath, 'metadata'];
  const podMetadata = asRecord(getIn(manifest.object, podMetadataPath));
  const podSecurityContext = asRecord(podSpec['securityContext']);
  const containers: ContainerRef[] = [];
  const add = (list: string, role: (c: Json) => ContainerRole): void => {
    for (const [index, item] of asArray(podSpec[list]).entries()) {
      const container = asRecord(item);
      if (container === undefined) continue;
      containers.push({
        name: asString(container['name']) ?? `#${index}`,
        container,
        path: [...podSpecPath, list, index],
        role: role(container),
        index,
        podSecurityContext,
        podSpecPath,
      });
    }
  };
  add('containers', () => 'container');
  add('initContainers', (c) => (c['restartPolicy'] === 'Always' ? 'sidecar' : 'init'));
  add('ephemeralContainers', () => 'ephemeral');
  return {
    manifest,
    kind: manifest.kind,
    name: manifest.name,
    namespace: manifest.namespace,
    podSpec,
    podSpecPath,
    podLabels: stringMap(podMetadata?.['labels']),
    podAnnotations: stringMap(podMetadata?.['annotations']),
    podMetadataPath,
    containers,
    replicas: asNumber(getIn(manifest.object, ['spec', 'replicas'])),
  };
}

/** Annotations that make an object a Helm or Argo CD hook, run at a point of a release or sync. */
export const HOOK_ANNOTATIONS = ['helm.sh/hook', 'argocd.argoproj.io/hook'] as const;

/** The Helm or Argo CD hook annotation an object carries (`helm.sh/hook`), or undefined. */
export function hookAnnotationOf(manifest: Manifest): (typeof HOOK_ANNOTATIONS)[number] | undefined {
  const annotations = asRecord(getIn(manifest.object, ['metadata', 'annotations']));
  if (annotations === undefined) return undefined;
  return HOOK_ANNOTATIONS.find((key) => typeof annotations[key] === 'string');
}

/**
 * Whether the workload's pods run to completion instead of serving: Jobs and CronJobs; Helm
 * and Argo CD hook Pods (`helm test` Pods, smoke tests), which both tools wait on until they
 * finish; and bare Pods whose restartPolicy is Never or OnFailure, which the kubelet never
 * restarts once their command exits successfully. Such pods are not Service backends, are not
 * drained on shutdown and are not part of the replicas a budget counts, even when they carry
 * the app's labels (the `helm create` test Pod carries the selector labels).
 * The one place rules ask this; hook Pods: https://helm.sh/docs/topics/chart_tests/ and
 * https://argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/
 */
export function runsToCompletion(workload: Workload): boolean {
  if (workload.kind === 'Job' || workload.kind === 'CronJob') return true;
  if (workload.kind !== 'Pod') return false;
  if (hookAnnotationOf(workload.manifest) !== undefined) return true;
  const policy = workload.podSpec['restartPolicy'];
  return policy === 'Never' || policy === 'OnFailure';
}

/** Pod-level securityContext fields that containers inherit unless they set their own. */
const INHERITED = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seLinuxOptions', 'seccompProfile', 'windowsOptions', 'appArmorProfile'] as const;

export interface EffectiveSecurityContext {
  /** The container's securityContext over the inherited pod-level fields. */
  values: Json;
  /** Where the winning value of a field is written, or null when neither level sets it. */
  pathOf(field: string): Path | null;
}

export function effectiveSecurityContext(ref: ContainerRef): EffectiveSecurityContext {
  const own = asRecord(ref.container['securityContext']) ?? {};
  const pod = ref.podSecurityContext ?? {};
  const values: Json = {};
  for (const field of INHERITED) if (pod[field] !== undefined) values[field] = pod[field];
  Object.assign(values, own);
  return {
    values,
    pathOf(field) {
      if (own[field] !== undefined) return [...ref.path, 'securityContext', field];
      if ((INHERITED as readonly string[]).includes(field) && pod[field] !== undefined) return [...ref.podSpecPath, 'securityContext', field];
      return null;
    },
  };
}

/** Whether the pod runs Windows, where Linux security fields do not apply. */
export function isWindowsPod(workload: Workload): boolean {
  return getIn(workload.podSpec, ['os', 'name']) === 'windows';
}

/*
 * What a container runs and its environment are read by many rules for every container: each
 * is computed once per container per run, and shared, so callers must not mutate the results.
 */
const commands = new WeakMap<ContainerRef, readonly string[] | null>();
const envs = new WeakMap<ContainerRef, Readonly<Record<string, string>>>();
const envNames = new WeakMap<ContainerRef, ReadonlySet<string>>();

/** The argv a container runs when the manifest says so: `command` then `args`; null when the image decides. */
export function commandOf(ref: ContainerRef): readonly string[] | null {
  let argv = commands.get(ref);
  if (argv === undefined) {
    const command = asArray(ref.container['command']).filter((w): w is string => typeof w === 'string');
    const args = asArray(ref.container['args']).filter((w): w is string => typeof w === 'string');
    argv = command.length === 0 && args.length === 0 ? null : [...command, ...args];
    commands.set(ref, argv);
  }
  return argv;
}

/** Literal `env` values of a container (values from Secrets and ConfigMaps are unknown). */
export function envOf(ref: ContainerRef): Readonly<Record<string, string>> {
  let env = envs.get(ref);
  if (env === undefined) {
    const values: Record<string, string> = {};
    for (const item of asArray(ref.container['env'])) {
      const entry = asRecord(item);
      const name = asString(entry?.['name']);
      const value = entry?.['value'];
      if (name !== undefined && (typeof value === 'string' || typeof value === 'number')) values[name] = String(value);
    }
    env = values;
    envs.set(ref, env);
  }
  return env;
}

/** Names of env variables the container sets in any way (literal, from a Secret, from a field). */
export function envNamesOf(ref: ContainerRef): ReadonlySet<string> {
  let names = envNames.get(ref);
  if (names === undefined) {
    const found = new Set<string>();
    for (const item of asArray(ref.container['env'])) {
      const name = asString(asRecord(item)?.['name']);
      if (name !== undefined) found.add(name);
    }
    names = found;
    envNames.set(ref, names);
  }
  return names;
}

export interface EnvEntry {
  /** Path of the entry's `value` (or of the entry when it reads `valueFrom`). */
  path: Path;
  /** The literal value; undefined when it comes from a Secret, ConfigMap or field. */
  value: string | undefined;
}

/** The entry that wins for an env variable (the last one with that name). */
export function envEntry(ref: ContainerRef, name: string): EnvEntry | null {
  let found: EnvEntry | null = null;
  for (const [index, item] of asArray(ref.container['env']).entries()) {
    const entry = asRecord(item);
    if (asString(entry?.['name']) !== name) continue;
    const value = entry?.['value'];
    found = typeof value === 'string' || typeof value === 'number'
      ? { path: [...ref.path, 'env', index, 'value'], value: String(value) }
      : { path: [...ref.path, 'env', index], value: undefined };
  }
  return found;
}

/** The probe fields of a container. */
export const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export interface DeclaredPort {
  /** Index in the container's `ports`. */
  index: number;
  name: string | undefined;
  number: number;
}

/** The container's `ports` that give a numeric containerPort, in order. */
export function declaredPorts(ref: ContainerRef): DeclaredPort[] {
  return asArray(ref.container['ports']).flatMap((item, index) => {
    const port = asRecord(item);
    const number = asNumber(port?.['containerPort']);
    return number === undefined ? [] : [{ index, name: asString(port?.['name']), number }];
  });
}
