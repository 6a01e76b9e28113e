import type { z } from 'zod';
import type { AppModel } from '../model/app.ts';
import type { DockerfileSource } from './load/dockerfile.ts';
import type { Manifest } from './load/manifest.ts';
import type { ContainerRef, Workload } from './workload.ts';

/**
 * The shapes a lint rule is written against. A rule is one file in `src/lint/rules/`:
 * metadata, typed options and a `create(context)` that returns visitors. Rules report paths
 * into the object; the engine turns them into file:line:column, applies suppressions and
 * severities, and applies fixes. Rules never print, throw on bad input, or mutate objects.
 */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** One step into an object: a map key or a sequence index. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export type RuleGroup =
  | 'probes'
  | 'resources'
  | 'security'
  | 'availability'
  | 'shutdown'
  | 'python'
  | 'celery'
  | 'jobs'
  | 'cross-object'
  | 'hygiene'
  | 'dockerfile'
  | 'engine';

/** A check of another tool that covers the same ground, so users can map their old config. */
export interface PeerCheck {
  tool: 'kube-score' | 'kube-linter' | 'polaris' | 'checkov' | 'kubescape' | 'trivy' | 'hadolint' | 'kubeconform';
  id: string;
}

export interface RuleMeta<MessageId extends string = string> {
  /** One sentence, imperative; also the first line of docs/rules/<id>.md. */
  description: string;
  /** Default severity; the `recommended` and `strict` presets are computed from it. */
  severity: Severity;
  /** Whether reports carry a fix that `--fix` can apply. */
  fixable: boolean;
  /** `false`: `--strict` refuses suppressions of this rule. */
  suppressible: boolean;
  group: RuleGroup;
  /** Equivalent checks in other tools; empty when no peer has one. */
  peers: readonly PeerCheck[];
  /** messageId → template with `{{placeholders}}` filled from the report's `data`. */
  messages: Record<MessageId, string>;
}

/** A structured edit of the reported object; paths are relative to the object's root. */
export type FixEdit =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'remove'; path: Path };

/** What a rule's `fix` callback receives: records edits, never touches text. */
export interface ManifestEditor {
  /** Sets a value, creating missing parent maps. */
  set(path: Path, value: unknown): void;
  /** Removes a key or sequence item. */
  remove(path: Path): void;
  /** Appends an item to the sequence at `path`, creating the sequence when missing. */
  insert(path: Path, value: unknown): void;
}

export interface Report<MessageId extends string> {
  /** Path into the object (or `['instructions', i]` for a Dockerfile instruction). */
  path: Path;
  messageId: MessageId;
  data?: Record<string, string | number>;
  fix?: (edit: ManifestEditor) => void;
  /** The object the finding is about, when it is not the one being visited (cross-object rules). */
  object?: Manifest;
  /** Container name, so `<rule>@<container>` suppressions and config ignores can target it. */
  container?: string;
}

export interface RuleContext<Options, MessageId extends string> {
  readonly id: string;
  /** User options merged over `defaultOptions` and validated. */
  readonly options: Options;
  /** Every Kubernetes object of the run, for cross-object rules. */
  readonly objects: readonly Manifest[];
  /** Target Kubernetes minor, `"1.34"`. */
  readonly kubeVersion: string;
  /** The Python project (`--project DIR`), when given. */
  readonly project: AppModel | undefined;
  report(report: Report<MessageId>): void;
}

/** Kinds a rule can visit by name; `object` sees every object, CRDs included. */
export type KubeKind =
  | 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob'
  | 'Service' | 'Ingress' | 'IngressClass' | 'NetworkPolicy' | 'EndpointSlice'
  | 'HorizontalPodAutoscaler' | 'PodDisruptionBudget' | 'PriorityClass'
  | 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'Namespace' | 'PersistentVolumeClaim'
  | 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding'
  | 'LimitRange' | 'ResourceQuota' | 'CustomResourceDefinition';

export type Visitor = { [K in KubeKind]?: (manifest: Manifest) => void } & {
  /** Every Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob and Pod, with its pod spec and containers. */
  workload?: (workload: Workload) => void;
  dockerfile?: (dockerfile: DockerfileSource) => void;
  /** Every Kubernetes object, whatever its kind. */
  object?: (manifest: Manifest) => void;
};

export interface Rule<Options = Record<string, never>, MessageId extends string = string> {
  id: string;
  meta: RuleMeta<MessageId> & { docs: string };
  defaultOptions: Options;
  /** Validates user options from config; absent when the rule has none. */
  schema?: z.ZodType<Options>;
  create(context: RuleContext<Options, MessageId>): Visitor;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds rules of every option type
export type AnyRule = Rule<any, string>;

export type Origin = 'file' | 'stdin' | 'helm' | 'kustomize';

export interface FindingObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Finding {
  rule: string;
  messageId: string;
  severity: Severity;
  message: string;
  /** Absent for Dockerfile findings and whole-file problems. */
  object?: FindingObject;
  container?: string;
  /** Display path of the file (relative to the working directory, or the Helm template). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `spec.template.spec.containers[0].resources`; `instructions[3]` in a Dockerfile; `` for a whole file. */
  path: string;
  /** Whether `--fix` can apply this finding's fix to its file. */
  fixable: boolean;
  origin: Origin;
}

export interface SuppressedFinding extends Finding {
  suppression: { kind: 'annotation' | 'comment' | 'config'; reason: string };
}

export type { ContainerRef, Workload };
