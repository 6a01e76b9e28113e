import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { GENERATE_DEFAULTS as D } from '../config/defaults.ts';
import { UserError } from '../errors.ts';
import type { KubeObject } from '../model/kube.ts';
import type { Overlay } from '../synth/bundle.ts';
import { renderYaml, stringifyDocument } from './yaml.ts';

/**
 * The Kustomize layout of `generate` (paths relative to `<outDir>`):
 *
 *   base/kustomization.yaml              every long-running object, one file each
 *   base/<kind>-<name>.yaml
 *   base/migrate/kustomization.yaml      the migration Job alone: applied and awaited before the rollout
 *   overlays/<env>/kustomization.yaml    base + this environment's patches (replicas, resources, workers), HPA and image
 *   overlays/<env>/migrate/kustomization.yaml   base/migrate with this environment's image
 *
 * The release story: objects name their image by the app name (`shop`); each overlay's `images:`
 * rewrites it to `<image>:<tag>`. CI sets the tag to the commit (`kustomize edit set image` in both
 * overlay folders); until then it is the placeholder `set-by-ci` (or `env.<name>.image-tag`).
 * Everything version-dependent is derived from that one tag by Kustomize `replacements`, so CI
 * changes exactly one value: the `app.kubernetes.io/version` label on pod templates (which the
 * app reads as APP_VERSION) and the migration Job's name, `<name>-migrate-<tag>`, which makes it
 * a new Job per release (a Job's pod template is immutable, so re-applying one name would fail).
 */

export const KUSTOMIZATION_API = 'kustomize.config.k8s.io/v1beta1';

/** A file of the layout, relative to `<outDir>`. `merged` files keep what the user added (see mergeKustomization). */
export interface LayoutFile {
  path: string;
  body: string;
  mode: 'owned' | 'merged';
}

export interface KustomizeInput {
  /** The app name: the image placeholder every object uses, and the web Deployment's name. */
  name: string;
  /** Image repository without tag (`ghcr.io/acme/shop`). */
  image: string;
  base: KubeObject[];
  migration: KubeObject | null;
  overlays: Overlay[];
}

/** `Deployment` `shop-worker` → `deployment-shop-worker.yaml`: unique because kind + name is unique in a namespace. */
export function objectFileName(object: KubeObject, prefix = ''): string {
  return `${prefix}${object.kind.toLowerCase()}-${object.metadata.name}.yaml`;
}

function kustomization(fields: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: KUSTOMIZATION_API, kind: 'Kustomization', ...fields };
}

/** The overlay tag before CI sets one: the configured `image-tag`, else the placeholder. */
export function overlayTag(overlay: Overlay): string {
  return overlay.env.imageTag ?? D.release.tagPlaceholder;
}

/** The rendered name of an environment's migration Job for a tag: `<name>-migrate-<tag>`. */
export function migrationJobName(migration: KubeObject, tag: string): string {
  return `${migration.metadata.name}-${tag}`;
}

/**
 * Where the replacement reads the tag: the part after the last `:` of the image, whose index
 * depends on how many `:` the repository has (a registry port: `registry:5000/shop`), because
 * Kustomize's source `index` cannot count from the end.
 */
function tagSource(kind: string, name: string, container: string, image: string): Record<string, unknown> {
  return {
    kind,
    name,
    fieldPath: `spec.template.spec.containers.[name=${container}].image`,
    options: { delimiter: ':', index: image.split(':').length },
  };
}

function podTemplatePath(kind: string): string | null {
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet' || kind === 'Job') return 'spec.template';
  if (kind === 'CronJob') return 'spec.jobTemplate.spec.template';
  return null;
}

function containersOf(object: KubeObject): Array<{ name: string; image: string }> {
  const template = podTemplatePath(object.kind);
  if (template === null) return [];
  let node: unknown = object;
  for (const key of template.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  const spec = (node as { spec?: { containers?: Array<{ name: string; image: string }> } } | undefined)?.spec;
  return spec?.containers ?? [];
}

/** `app.kubernetes.io/version` on every workload and its pod template, created from the tag. */
function versionLabelTargets(objects: readonly KubeObject[]): Array<Record<string, unknown>> {
  const kinds = [...new Set(objects.map((o) => o.kind))].filter((k) => podTemplatePath(k) !== null);
  return kinds.map((kind) => ({
    select: { kind },
    fieldPaths: [`metadata.labels.[${VERSION_LABEL}]`, `${podTemplatePath(kind)}.metadata.labels.[${VERSION_LABEL}]`],
    options: { create: true },
  }));
}

const VERSION_LABEL = 'app.kubernetes.io/version';

/** The first workload whose container runs the app image: the replacement source of the tag. */
function tagCarrier(objects: readonly KubeObject[], name: string): { object: KubeObject; container: string } | null {
  for (const object of objects) {
    const container = containersOf(object).find((c) => c.image === name);
    if (container !== undefined) return { object, container: container.name };
  }
  return null;
}

function images(input: KustomizeInput, overlay: Overlay): Array<Record<string, unknown>> {
  return [{ name: input.name, newName: input.image, newTag: overlayTag(overlay) }];
}

function checkReleaseNames(input: KustomizeInput): void {
  if (input.migration === null) return;
  for (const overlay of input.overlays) {
    const tag = overlayTag(overlay);
    const where = overlay.env.imageTag === null ? `the CI tag (${D.release.ciTagLength} characters of the commit)` : `env.${overlay.env.name}.image-tag "${tag}"`;
    const longest = migrationJobName(input.migration, overlay.env.imageTag ?? 'x'.repeat(D.release.ciTagLength));
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(tag)) {
      throw new UserError(`[tool.py2kube] env.${overlay.env.name}.image-tag "${tag}" names the migration Job of each release ("${migrationJobName(input.migration, tag)}"), so it must be lowercase letters, digits and "-".`, {
        code: 'E_CONFIG_INVALID', hint: `Use a tag such as "${tag.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '')}".`,
      });
    }
    if (longest.length > D.release.maxJobNameLength) {
      throw new UserError(`The migration Job of a release is named "<name>-migrate-<tag>", which with ${where} is ${longest.length} characters; Kubernetes allows ${D.release.maxJobNameLength} (the Job name becomes a label value).`, {
        code: 'E_CONFIG_INVALID', hint: `Set a shorter name = "…" in [tool.py2kube] (at most ${input.migration.metadata.name.length - (longest.length - D.release.maxJobNameLength) - '-migrate'.length} characters).`,
      });
    }
  }
}

/** Every file of the Kustomize layout, in a stable order. */
export function renderKustomize(input: KustomizeInput): LayoutFile[] {
  checkReleaseNames(input);
  const files: LayoutFile[] = [];
  const base = input.base.map((object) => ({ object, file: objectFileName(object) }));
  files.push({ path: 'base/kustomization.yaml', mode: 'owned', body: renderYaml(kustomization({ resources: base.map((b) => b.file) })) });
  for (const { object, file } of base) files.push({ path: `base/${file}`, mode: 'owned', body: renderYaml(object) });

  if (input.migration !== null) {
    // The migration runs before the main overlay is applied, so on a first deploy to an empty
    // namespace the ServiceAccount and ConfigMap its pod references must come with it. Kustomize
    // refuses files outside a kustomization's folder, so they are written here too (identical
    // objects: applying both kustomizations is idempotent).
    const prerequisites = input.base
      .filter((object) => object.kind === 'ServiceAccount' || object.kind === 'ConfigMap')
      .map((object) => ({ object, file: objectFileName(object) }));
    const file = objectFileName(input.migration);
    files.push({ path: 'base/migrate/kustomization.yaml', mode: 'owned', body: renderYaml(kustomization({ resources: [...prerequisites.map((p) => p.file), file] })) });
    for (const prerequisite of prerequisites) files.push({ path: `base/migrate/${prerequisite.file}`, mode: 'owned', body: renderYaml(prerequisite.object) });
    files.push({ path: `base/migrate/${file}`, mode: 'owned', body: renderYaml(input.migration) });
  }

  for (const overlay of input.overlays) {
    const dir = `overlays/${overlay.env.name}`;
    const resources = overlay.resources.map((object) => ({ object, file: objectFileName(object) }));
    const patches = overlay.patches.map((object) => ({ object, file: objectFileName(object, 'patch-') }));
    const carrier = tagCarrier(input.base, input.name);
    files.push({
      path: `${dir}/kustomization.yaml`,
      mode: 'merged',
      body: renderYaml(kustomization({
        resources: ['../../base', ...resources.map((r) => r.file)],
        patches: patches.length > 0 ? patches.map((p) => ({ path: p.file })) : undefined,
        images: images(input, overlay),
        replacements: carrier === null ? undefined : [{
          source: tagSource(carrier.object.kind, carrier.object.metadata.name, carrier.container, input.image),
          targets: versionLabelTargets([...input.base, ...overlay.resources]),
        }],
      })),
    });
    for (const { object, file } of resources) files.push({ path: `${dir}/${file}`, mode: 'owned', body: renderYaml(object) });
    for (const { object, file } of patches) files.push({ path: `${dir}/${file}`, mode: 'owned', body: renderYaml(object) });

    if (input.migration !== null) {
      const job = input.migration;
      const container = containersOf(job).find((c) => c.image === input.name)?.name ?? containersOf(job)[0]?.name ?? 'migrate';
      files.push({
        path: `${dir}/migrate/kustomization.yaml`,
        mode: 'merged',
        body: renderYaml(kustomization({
          resources: ['../../../base/migrate'],
          images: images(input, overlay),
          replacements: [{
            source: tagSource('Job', job.metadata.name, container, input.image),
            targets: [
              // An index past the last `-` part appends: `shop-migrate` → `shop-migrate-<tag>`.
              { select: { kind: 'Job', name: job.metadata.name }, fieldPaths: ['metadata.name'], options: { delimiter: '-', index: job.metadata.name.split('-').length } },
              ...versionLabelTargets([job]),
            ],
          }],
        })),
      });
    }
  }
  return files;
}

/** Keys of a Kustomization whose list entries are matched one by one: py2kube's entries are replaced, the user's kept. */
const ENTRY_KEYS: Record<string, (item: unknown) => string | null> = {
  resources: (item) => (typeof item === 'string' ? item : null),
  patches: (item) => (typeof item === 'object' && item !== null && typeof (item as { path?: unknown }).path === 'string' ? (item as { path: string }).path : null),
  images: (item) => (typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : null),
  replicas: (item) => (typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : null),
};

/** Keys py2kube always writes itself: never taken from the file on disk. */
const OWN_KEYS = new Set(['apiVersion', 'kind', 'replacements']);

/**
 * Merges a regenerated overlay kustomization with the one on disk, keeping everything the user
 * added: `resources`/`patches`/`images`/`replicas` entries that are not py2kube's (`isOurs` says
 * which are, including files py2kube wrote earlier and no longer writes, and the app's own image
 * and replica count), and any other key (`namespace`, `components`, generators, …), with their
 * comments. py2kube's keys and entries always come from `fresh`, so a stale value never
 * survives. Returns `fresh` itself when the user added nothing, so the output stays
 * byte-identical to a first run.
 */
export function mergeKustomization(fresh: string, existing: string, isOurs: (key: string, entry: string) => boolean): string {
  const old = parseDocument(existing);
  if (old.errors.length > 0 || !isMap(old.contents)) return fresh;
  const doc = parseDocument(fresh);
  const contents = doc.contents as YAMLMap;
  let changed = false;
  for (const pair of (old.contents as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (OWN_KEYS.has(key)) continue;
    const ours = contents.get(key, true) as Node | undefined;
    const entryOf = ENTRY_KEYS[key];
    if (entryOf !== undefined && isSeq(pair.value)) {
      const mine = new Set(isSeq(ours) ? ours.items.map((item) => entryOf(toJs(item))) : []);
      const kept = pair.value.items.filter((item) => {
        const entry = entryOf(toJs(item));
        return entry === null || (!mine.has(entry) && !isOurs(key, entry));
      }).map(cloneNode);
      if (kept.length === 0) continue;
      if (isSeq(ours)) ours.items.push(...kept);
      else contents.set(key, doc.createNode(kept.map(toJs)));
      changed = true;
    } else if (ours === undefined) {
      contents.items.push(pair.clone() as (typeof contents.items)[number]);
      changed = true;
    }
  }
  return changed ? stringifyDocument(doc) : fresh;
}

function toJs(node: unknown): unknown {
  return typeof node === 'object' && node !== null && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : node;
}

function cloneNode<T>(node: T): T {
  return typeof node === 'object' && node !== null && 'clone' in node ? (node as { clone(): T }).clone() : node;
}
