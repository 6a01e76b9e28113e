import { Document, isMap, isSeq, visit, type Node } from 'yaml';

/**
 * Deterministic YAML: the same value always gives the same bytes. Top-level keys follow
 * Kubernetes' conventional order (apiVersion, kind, metadata, spec, …); label-like maps, whose
 * order means nothing, are sorted; every other map keeps the order the synthesizer built it in,
 * which is deliberate (a container reads name, image, command, env, …). No anchors or aliases
 * (kubectl and reviewers both choke on them), and no line folding, so a long command stays on
 * one line and a diff shows exactly what changed.
 */

/** Conventional key order of a Kubernetes object, a Kustomization and a GitHub workflow; unknown keys follow in their own order. */
const TOP_LEVEL_ORDER = [
  'apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'type',
  // Kustomization
  'namespace', 'resources', 'components', 'patches', 'images', 'replicas', 'labels', 'replacements',
  // GitHub Actions
  'name', 'on', 'permissions', 'concurrency', 'env', 'defaults', 'jobs',
];
const METADATA_ORDER = ['name', 'namespace', 'labels', 'annotations'];
/** Maps whose entries are unordered by definition: sorted so output never depends on insertion order. */
const SORTED_MAPS = new Set(['labels', 'annotations', 'matchLabels', 'data', 'nodeSelector', 'stringData']);

function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const keys = Object.keys(value);
  const known = order.filter((k) => keys.includes(k));
  const rest = keys.filter((k) => !order.includes(k));
  return Object.fromEntries([...known, ...rest].map((k) => [k, value[k]]));
}

function normalise(value: unknown, key: string | null, depth: number): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v, null, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  let object = value as Record<string, unknown>;
  if (depth === 0) object = ordered(object, TOP_LEVEL_ORDER);
  else if (key === 'metadata') object = ordered(object, METADATA_ORDER);
  else if (key !== null && SORTED_MAPS.has(key)) object = Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined).map(([k, v]) => [k, normalise(v, k, depth + 1)]));
}

export const YAML_OPTIONS = {
  lineWidth: 0,
  minContentWidth: 0,
  aliasDuplicateObjects: false,
} as const;

/** A YAML Document for the value, keys ordered as above; callers may attach comments before stringifying. */
export function toYamlDocument(value: unknown): Document {
  return new Document(normalise(value, null, 0), YAML_OPTIONS);
}

/** `value` as one YAML document, ending in a newline. */
export function renderYaml(value: unknown): string {
  return stringifyDocument(toYamlDocument(value));
}

export function stringifyDocument(doc: Document): string {
  // Multi-line strings (a patch, a script) read best as literal blocks.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
    },
  });
  return doc.toString(YAML_OPTIONS);
}

/** The node at `path` in a document (maps by key, sequences by index), for attaching comments. */
export function nodeAt(doc: Document, path: ReadonlyArray<string | number>): Node | undefined {
  const node = doc.getIn(path, true) as unknown;
  return isMap(node) || isSeq(node) || (typeof node === 'object' && node !== null) ? (node as Node) : undefined;
}
