// The kustomization fields followed here: https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYamlValue, parseAllDocuments } from 'yaml';
import { asArray, asRecord, asString, getIn, stringMap } from '../object.ts';
import type { Path, PathSegment } from '../types.ts';
import { documentLocator, toPosition, type Locator, type Manifest, type MappedPosition, type SourceFile, type SourceMap } from './manifest.ts';
import { createSource, MAX_DEPTH, parseYaml } from './yaml.ts';

/**
 * Maps the objects `kustomize build` renders back to the files a person edits. Kustomize
 * writes no positions, so each rendered object is matched by kind and name (prefixes and
 * suffixes of the kustomizations on the way taken off) to the documents of the resource and
 * patch files the kustomization reaches, and a field is reported in the document that holds
 * most of its path. Sequence items are matched by their merge key (`name`, `mountPath`, …),
 * because strategic-merge patches reorder them. Anything not followed here (remote bases,
 * generators with hash suffixes, inline patches, Helm charts) keeps the rendered position.
 */

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Whether a finding's file is a kustomization: where objects no source file holds are reported,
 * with lines in the rendered output. Resources and patches are never kustomization files.
 */
export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(file.slice(file.lastIndexOf('/') + 1));
}

/** Keys strategic merge matches list items by, in the order they are tried. */
const MERGE_KEYS = ['name', 'mountPath', 'containerPort', 'devicePath', 'topologyKey', 'ip'];

export interface KustomizeSourceOptions {
  /** Display path of an absolute path, as findings show it. */
  display: (abs: string) => string;
  maxInputBytes: number;
}

export interface KustomizeSources {
  /** For the Kustomize folder `dir`: the source map of each object it renders, when a file holds it. */
  sourceMapsFor(dir: string): (manifest: Manifest) => SourceMap | undefined;
}

/** A kustomization on the way from the rendered root down to a file. */
interface Layer {
  prefix: string;
  suffix: string;
}

interface Selector {
  kind?: string;
  /** Kustomize reads a target name as an anchored regular expression. */
  name?: RegExp;
  labelSelector?: string;
  annotationSelector?: string;
}

type Written = { type: 'document'; manifest: Manifest } | { type: 'operations'; operations: readonly Operation[] };

interface Operation {
  /** Index of the operation in its document's list. */
  index: number;
  path: Path;
  value: unknown;
}

interface Candidate {
  kind: string | undefined;
  /** The name the file gives the object; a patch with a `target` is matched by the selector instead. */
  name: string | undefined;
  namespace: string | undefined;
  target: Selector | undefined;
  role: 'resource' | 'patch';
  /** Position in application order: resources before the patches of their kustomization. */
  order: number;
  /** From the rendered root down to the kustomization naming the file. */
  chain: readonly Layer[];
  /** A `replacements` entry rewrites the name: the rendered name then only starts with it. */
  renamed: boolean;
  source: SourceFile;
  locator: Locator;
  written: Written;
}

interface ReadFile {
  source: SourceFile;
  manifests: Manifest[];
  /** The documents that are lists of JSON 6902 operations. */
  operations: Array<{ locator: Locator; operations: Operation[] }>;
}

interface Resolved {
  candidate: Candidate;
  /** How many segments of the finding's path the candidate holds. */
  depth: number;
  /** Where the candidate holds them, in its locator's terms. */
  located: Path;
  value: unknown;
}

/** Reads every file once per run, however many Kustomize folders include it. */
export function createKustomizeSources(options: KustomizeSourceOptions): KustomizeSources {
  const files = new Map<string, ReadFile | null>();
  const kustomizations = new Map<string, Record<string, unknown> | null>();

  const readText = (abs: string): string | null => {
    try {
      const stat = fs.statSync(abs);
      return stat.isFile() && stat.size <= options.maxInputBytes ? fs.readFileSync(abs, 'utf8') : null;
    } catch {
      return null;
    }
  };
  const readFile = (abs: string): ReadFile | null => {
    if (files.has(abs)) return files.get(abs)!;
    const text = readText(abs);
    let read: ReadFile | null = null;
    if (text !== null) {
      const source = createSource(options.display(abs), text, 'kustomize', abs);
      // parseYaml fills the source's line counter, which the operation lists below share.
      const parsed = parseYaml(source);
      read = { source, manifests: parsed.manifests, operations: parsed.manifests.length === 0 ? readOperations(text) : [] };
    }
    files.set(abs, read);
    return read;
  };
  const readKustomization = (dir: string): Record<string, unknown> | null => {
    if (kustomizations.has(dir)) return kustomizations.get(dir)!;
    let record: Record<string, unknown> | null = null;
    for (const name of KUSTOMIZATION_FILES) {
      const text = readText(path.join(dir, name));
      if (text === null) continue;
      try {
        record = asRecord(parseYamlValue(text)) ?? null;
      } catch {
        record = null;
      }
      break;
    }
    kustomizations.set(dir, record);
    return record;
  };

  return {
    sourceMapsFor(root) {
      const candidates = collect(root, readKustomization, readFile);
      if (candidates.length === 0) return () => undefined;
      const byKind = new Map<string | undefined, Candidate[]>();
      for (const c of candidates) {
        const list = byKind.get(c.kind);
        if (list === undefined) byKind.set(c.kind, [c]);
        else list.push(c);
      }
      return (manifest) => {
        const matched = matchCandidates(manifest, [...(byKind.get(manifest.kind) ?? []), ...(byKind.get(undefined) ?? [])]);
        return matched.length === 0 ? undefined : toSourceMap(manifest, matched);
      };
    },
  };
}

/** Every resource and patch document the kustomization in `root` reaches, in application order. */
function collect(root: string, readKustomization: (dir: string) => Record<string, unknown> | null, readFile: (abs: string) => ReadFile | null): Candidate[] {
  const out: Candidate[] = [];
  const renames: Selector[] = [];
  const visit = (dir: string, chain: readonly Layer[], visiting: ReadonlySet<string>): void => {
    const kustomization = readKustomization(dir);
    if (kustomization === null || visiting.has(dir)) return;
    const inside = new Set([...visiting, dir]);
    const layers = [...chain, { prefix: asString(kustomization['namePrefix']) ?? '', suffix: asString(kustomization['nameSuffix']) ?? '' }];
    const add = (file: string, role: Candidate['role'], target: Selector | undefined): void => {
      const read = readFile(path.resolve(dir, file));
      if (read === null) return;
      for (const manifest of read.manifests) {
        out.push({
          kind: target?.kind ?? manifest.kind,
          name: target === undefined ? manifest.name : undefined,
          namespace: manifest.namespace,
          target,
          role,
          order: out.length,
          chain: layers,
          renamed: false,
          source: read.source,
          locator: manifest.locator,
          written: { type: 'document', manifest },
        });
      }
      // Operation lists only make sense with a target to apply them to.
      if (role !== 'patch' || target === undefined) return;
      for (const list of read.operations) {
        out.push({ kind: target.kind, name: undefined, namespace: undefined, target, role, order: out.length, chain: layers, renamed: false, source: read.source, locator: list.locator, written: { type: 'operations', operations: list.operations } });
      }
    };
    for (const key of ['resources', 'bases', 'components']) {
      for (const entry of asArray(kustomization[key])) {
        const ref = asString(entry);
        if (ref === undefined || isRemote(ref)) continue;
        const abs = path.resolve(dir, ref);
        if (isDirectory(abs)) visit(abs, layers, inside);
        else add(ref, 'resource', undefined);
      }
    }
    for (const entry of asArray(kustomization['patchesStrategicMerge'])) {
      const ref = asString(entry);
      // An entry may be the patch itself, written inline.
      if (ref !== undefined && !ref.includes('\n')) add(ref, 'patch', undefined);
    }
    for (const key of ['patches', 'patchesJson6902']) {
      for (const entry of asArray(kustomization[key])) {
        const record = asRecord(entry);
        const ref = asString(record?.['path']);
        if (ref !== undefined) add(ref, 'patch', toSelector(record?.['target']));
      }
    }
    for (const replacement of replacementsOf(kustomization, dir, readFile)) {
      for (const target of asArray(asRecord(replacement)?.['targets'])) {
        const record = asRecord(target);
        if (!asArray(record?.['fieldPaths']).includes('metadata.name')) continue;
        const select = toSelector(record?.['select']);
        if (select !== undefined) renames.push(select);
      }
    }
  };
  visit(root, [], new Set());
  for (const c of out) {
    if (c.role === 'resource' && c.name !== undefined) c.renamed = renames.some((s) => (s.kind === undefined || s.kind === c.kind) && (s.name === undefined || s.name.test(c.name!)));
  }
  return out;
}

/** Inline replacements, and those read from `path:` files. */
function replacementsOf(kustomization: Record<string, unknown>, dir: string, readFile: (abs: string) => ReadFile | null): unknown[] {
  const out: unknown[] = [];
  for (const entry of asArray(kustomization['replacements'])) {
    const ref = asString(asRecord(entry)?.['path']);
    if (ref === undefined) {
      out.push(entry);
      continue;
    }
    const read = readFile(path.resolve(dir, ref));
    if (read === null) continue;
    try {
      const documents = parseAllDocuments(read.source.text, { version: '1.1' });
      for (const document of Array.isArray(documents) ? documents : []) {
        const value: unknown = document.toJS({ maxAliasCount: 100 });
        out.push(...(Array.isArray(value) ? value : [value]));
      }
    } catch {
      // A replacements file kustomize accepted but this reader does not: its renames are missed.
    }
  }
  return out;
}

/**
 * The rendered object's candidates: kind and name match, namespaces that agree preferred. A
 * patch may name the object by any name it had on the way up, the resource file's included.
 */
function matchCandidates(manifest: Manifest, candidates: readonly Candidate[]): Candidate[] {
  const resources: Candidate[] = [];
  const renamed: Candidate[] = [];
  const earlier = new Set<string>();
  for (const c of candidates) {
    if (c.role !== 'resource' || c.kind !== manifest.kind || c.name === undefined) continue;
    const names = strippedNames(manifest.name, c.chain);
    if (names.includes(c.name)) {
      resources.push(c);
      for (const name of names) earlier.add(name);
    } else if (c.renamed && names.some((n) => n.startsWith(c.name!))) renamed.push(c);
  }
  const found = resources.length > 0 ? resources : renamed;
  for (const c of found) earlier.add(c.name!);
  // Two files may hold objects of one name in different namespaces; the namespace then tells them apart.
  const sameNamespace = found.filter((c) => c.namespace !== undefined && c.namespace === manifest.namespace);
  const matched = found.length > 1 && sameNamespace.length > 0 ? sameNamespace : found;
  for (const c of candidates) {
    if (c.role !== 'patch') continue;
    const names = [...new Set([...earlier, ...strippedNames(manifest.name, c.chain)])];
    if (c.target !== undefined ? selects(c.target, manifest, names) : c.kind === manifest.kind && c.name !== undefined && names.includes(c.name)) matched.push(c);
  }
  return matched;
}

/**
 * The rendered name, then with the prefix and suffix of each kustomization taken off from the
 * outside in: `prod-web` under a `prod-` overlay gives `prod-web` and `web`. A patch may name
 * its object either way.
 */
function strippedNames(name: string, chain: readonly Layer[]): string[] {
  const out = [name];
  let current = name;
  for (const layer of chain) {
    if (layer.prefix !== '' && current.startsWith(layer.prefix)) current = current.slice(layer.prefix.length);
    if (layer.suffix !== '' && current.endsWith(layer.suffix)) current = current.slice(0, current.length - layer.suffix.length);
    if (current !== out[out.length - 1]) out.push(current);
  }
  return out;
}

function toSelector(value: unknown): Selector | undefined {
  const record = asRecord(value);
  if (record === undefined) return undefined;
  const selector: Selector = {};
  const kind = asString(record['kind']);
  if (kind !== undefined) selector.kind = kind;
  const name = asString(record['name']);
  if (name !== undefined) {
    try {
      selector.name = new RegExp(`^(?:${name})$`);
    } catch {
      selector.name = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    }
  }
  const labels = asString(record['labelSelector']);
  if (labels !== undefined) selector.labelSelector = labels;
  const annotations = asString(record['annotationSelector']);
  if (annotations !== undefined) selector.annotationSelector = annotations;
  return selector;
}

function selects(selector: Selector, manifest: Manifest, names: readonly string[]): boolean {
  if (selector.kind !== undefined && selector.kind !== manifest.kind) return false;
  if (selector.name !== undefined && !names.some((n) => selector.name!.test(n))) return false;
  const metadata = asRecord(manifest.object.metadata);
  if (selector.labelSelector !== undefined && !matchesLabels(selector.labelSelector, stringMap(metadata?.['labels']))) return false;
  if (selector.annotationSelector !== undefined && !matchesLabels(selector.annotationSelector, stringMap(metadata?.['annotations']))) return false;
  return true;
}

/** Equality-based label selectors (`a=b,c!=d,e,!f`); set-based ones (`in`, `notin`) match nothing. */
function matchesLabels(selector: string, labels: Record<string, string>): boolean {
  for (const raw of selector.split(',')) {
    const term = raw.trim();
    if (term === '') continue;
    const unequal = /^([^!=\s]+)\s*!=\s*(.*)$/.exec(term);
    const equal = /^([^!=\s]+)\s*==?\s*(.*)$/.exec(term);
    if (unequal !== null) {
      if (labels[unequal[1]!] === unequal[2]) return false;
    } else if (equal !== null) {
      if (labels[equal[1]!] !== equal[2]) return false;
    } else if (term.startsWith('!')) {
      if (term.slice(1).trim() in labels) return false;
    } else if (/\s/.test(term) || !(term in labels)) return false;
  }
  return true;
}

function toSourceMap(manifest: Manifest, candidates: readonly Candidate[]): SourceMap {
  return {
    documents: candidates.map((c) => ({ source: c.source, locator: c.locator })),
    locate(fieldPath) {
      const chosen = choose(candidates.map((c) => resolve(c, manifest.object, fieldPath)).filter((r): r is Resolved => r !== null), fieldPath);
      if (chosen === null) return null;
      const { start, end } = chosen.candidate.locator.span(chosen.located);
      return { source: chosen.candidate.source, position: toPosition(chosen.candidate.source.lineCounter, start, end) } satisfies MappedPosition;
    },
  };
}

/**
 * The document to report in. When some hold the whole path, a patch setting a value wins
 * (patches apply later, so the rendered value is theirs); a map is merged, so its resource
 * is where it is written. When none holds the whole path, the deepest wins, the resource on
 * a tie: a missing field is added to the base, next to its parent.
 */
function choose(resolved: readonly Resolved[], fieldPath: Path): Resolved | null {
  const whole = resolved.filter((r) => r.depth === fieldPath.length);
  const last = (list: readonly Resolved[]): Resolved | null => list.reduce<Resolved | null>((best, r) => (best === null || r.candidate.order > best.candidate.order ? r : best), null);
  if (whole.length > 0) {
    return last(whole.filter((r) => r.candidate.role === 'patch' && asRecord(r.value) === undefined)) ?? last(whole.filter((r) => r.candidate.role === 'resource')) ?? last(whole);
  }
  const deepest = (role: Candidate['role']): Resolved | null => resolved.filter((r) => r.candidate.role === role).reduce<Resolved | null>((best, r) => (best === null || r.depth > best.depth || (r.depth === best.depth && r.candidate.order > best.candidate.order) ? r : best), null);
  const resource = deepest('resource');
  const patch = deepest('patch');
  if (patch !== null && (resource === null || patch.depth > resource.depth)) return patch;
  return resource;
}

function resolve(candidate: Candidate, rendered: unknown, fieldPath: Path): Resolved | null {
  const { written, locator } = candidate;
  if (written.type === 'document') {
    const { root, object } = written.manifest;
    const translated = translate(rendered, object, fieldPath);
    const located = [...root, ...translated];
    const depth = Math.max(0, locator.depth(located) - root.length);
    return { candidate, depth, located, value: getIn(object, translated) };
  }
  // The last operation on a path is the one whose value stands.
  let best: Resolved | null = null;
  for (const op of written.operations) {
    if (op.path.length > fieldPath.length || !op.path.every((segment, i) => String(segment) === String(fieldPath[i]))) continue;
    const rest = translate(getIn(rendered, fieldPath.slice(0, op.path.length)), op.value, fieldPath.slice(op.path.length));
    const located = [op.index, 'value', ...rest];
    const depth = op.path.length + Math.max(0, locator.depth(located) - 2);
    if (best === null || depth >= best.depth) best = { candidate, depth, located, value: getIn(op.value, rest) };
  }
  return best;
}

/**
 * The part of `fieldPath` (a path in the rendered object) that `written` holds, with sequence
 * indexes turned into the written document's: items are matched by merge key, else by index.
 */
function translate(rendered: unknown, written: unknown, fieldPath: Path): Path {
  const out: PathSegment[] = [];
  let r = rendered;
  let w = written;
  for (const segment of fieldPath) {
    if (Array.isArray(w)) {
      if (typeof segment !== 'number') break;
      const item: unknown = Array.isArray(r) ? r[segment] : undefined;
      const index = itemIndex(item, w, segment);
      if (index < 0) break;
      out.push(index);
      r = item;
      w = w[index];
    } else {
      const record = asRecord(w);
      const key = String(segment);
      if (record === undefined || !Object.hasOwn(record, key)) break;
      out.push(segment);
      r = asRecord(r)?.[key];
      w = record[key];
    }
  }
  return out;
}

function itemIndex(item: unknown, list: readonly unknown[], index: number): number {
  const record = asRecord(item);
  if (record !== undefined) {
    for (const key of MERGE_KEYS) {
      const value = record[key];
      if (value === undefined || (typeof value === 'object' && value !== null)) continue;
      return list.findIndex((other) => asRecord(other)?.[key] === value);
    }
  }
  return index < list.length ? index : -1;
}

/** The documents of a patch file that are JSON 6902 operation lists, with the `add`/`replace` operations. */
function readOperations(text: string): ReadFile['operations'] {
  const out: ReadFile['operations'] = [];
  let documents;
  try {
    documents = parseAllDocuments(text, { version: '1.1' });
  } catch {
    return out;
  }
  for (const document of Array.isArray(documents) ? documents : []) {
    if (document.errors.length > 0) continue;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch {
      continue;
    }
    if (!Array.isArray(value)) continue;
    const operations: Operation[] = [];
    for (const [index, item] of value.entries()) {
      const op = asRecord(item);
      const pointer = asString(op?.['path']);
      if (op === undefined || pointer === undefined || (op['op'] !== 'add' && op['op'] !== 'replace') || !Object.hasOwn(op, 'value')) continue;
      const fieldPath = fromPointer(pointer);
      if (fieldPath !== null) operations.push({ index, path: fieldPath, value: op['value'] });
    }
    if (operations.length > 0) out.push({ locator: documentLocator(document), operations });
  }
  return out;
}

/** `/spec/template/spec/containers/0/image` → a path; null for an append (`/-`) or a malformed pointer. */
function fromPointer(pointer: string): Path | null {
  if (!pointer.startsWith('/')) return null;
  const out: PathSegment[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    if (raw === '-') return null;
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out.push(/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment);
  }
  return out.length > MAX_DEPTH ? null : out;
}

function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || ref.startsWith('git@') || ref.startsWith('github.com/') || ref.includes('?ref=');
}

function isDirectory(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
