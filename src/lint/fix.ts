import { isDeepStrictEqual } from 'node:util';
import { isAlias, isCollection, isMap, isScalar, isSeq, parseAllDocuments, stringify, type Document, type LineCounter, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { LineCounter as Counter } from 'yaml';
import type { PlannedFix } from './engine.ts';
import { findPair } from './load/manifest.ts';
import type { SourceFile } from './load/manifest.ts';
import type { FixEdit, Path, PathSegment } from './types.ts';

/**
 * Applies fixes as small text insertions and replacements located through the YAML
 * Document API, so every byte outside an edit (comments, key order, quoting, blank lines)
 * stays as it was. Each edit is located afresh on the re-parsed text, and the result is
 * re-parsed and compared with the intended objects: a file that does not come out exactly
 * as intended is left untouched with a reason. Anchors, aliases and flow collections on the
 * edited path are refused rather than guessed at.
 */

export interface FixedFile {
  path: string;
  absolutePath: string;
  before: string;
  after: string;
  /** How many findings' fixes were applied. */
  applied: number;
}

export interface SkippedFix {
  path: string;
  reason: string;
  findings: number;
}

export interface FixResult {
  files: FixedFile[];
  skipped: SkippedFix[];
}

/** New contents for every file some fix applies to; writing them is the caller's job. */
export function applyFixes(fixes: readonly PlannedFix[]): FixResult {
  const bySource = new Map<SourceFile, PlannedFix[]>();
  for (const fix of fixes) bySource.set(fix.manifest.source, [...(bySource.get(fix.manifest.source) ?? []), fix]);
  const result: FixResult = { files: [], skipped: [] };
  for (const [source, list] of bySource) {
    if (source.origin !== 'file' || source.absolutePath === undefined) {
      result.skipped.push({ path: source.path, reason: source.origin === 'kustomize' ? 'it is Kustomize output; fix the files it is built from' : 'it was read from standard input', findings: list.length });
      continue;
    }
    const indexOf = documentIndexer(source.text);
    const outcome = fixText(source.text, list.map((f) => ({ documentIndex: indexOf(f.manifest.locator.contentStart) ?? f.manifest.documentIndex, root: f.manifest.root, edits: f.edits, object: f.manifest.object })));
    if ('error' in outcome) result.skipped.push({ path: source.path, reason: outcome.error, findings: list.length });
    else if (outcome.text !== source.text) result.files.push({ path: source.path, absolutePath: source.absolutePath, before: source.text, after: outcome.text, applied: list.length });
  }
  return result;
}

/**
 * The index `yaml` gives the document whose content starts at an offset. The fast reader may
 * count empty documents differently, and edits are located by `yaml`'s count.
 */
function documentIndexer(text: string): (contentStart: number) => number | undefined {
  const documents = parseAllDocuments(text, { version: '1.1' });
  const list = Array.isArray(documents) ? documents : [];
  return (contentStart) => {
    const index = list.findIndex((d) => d.range[0] <= contentStart && contentStart < Math.max(d.range[2], d.range[0] + 1));
    return index < 0 ? undefined : index;
  };
}

export interface DocumentFix {
  documentIndex: number;
  root: Path;
  edits: readonly FixEdit[];
  /** The object as read, to compute what the fixed document must contain. */
  object: unknown;
}

/** Applies the edits to YAML text; an error when any edit cannot be made safely. */
export function fixText(text: string, fixes: readonly DocumentFix[]): { text: string } | { error: string } {
  let current = text;
  const expected = new Map<string, { documentIndex: number; root: Path; value: unknown }>();
  for (const fix of fixes) {
    const key = `${fix.documentIndex}:${fix.root.join('.')}`;
    const entry = expected.get(key) ?? { documentIndex: fix.documentIndex, root: fix.root, value: structuredClone(fix.object) };
    for (const edit of fix.edits) {
      entry.value = applyToValue(entry.value, edit);
      const next = editText(current, fix.documentIndex, [...fix.root, ...edit.path], edit);
      if (typeof next !== 'string') return next;
      current = next;
    }
    expected.set(key, entry);
  }
  const documents = parseAllDocuments(current, { version: '1.1', uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  for (const { documentIndex, root, value } of expected.values()) {
    const document = list[documentIndex];
    if (document === undefined || document.errors.length > 0) return { error: 'the fixed text would not parse' };
    let actual: unknown = document.toJS({ maxAliasCount: 100 });
    for (const segment of root) actual = (actual as Record<PathSegment, unknown> | undefined)?.[segment];
    if (!isDeepStrictEqual(actual, value)) return { error: 'the fixed text would not say what the fix intends' };
  }
  return { text: current };
}

/** The object with the edit applied, as plain data. */
function applyToValue(value: unknown, edit: FixEdit): unknown {
  const root = structuredClone(value);
  let parent = root as Record<PathSegment, unknown>;
  const path = edit.path;
  for (let i = 0; i < path.length - 1; i += 1) {
    const segment = path[i]!;
    const nextSegment = path[i + 1]!;
    if (typeof parent[segment] !== 'object' || parent[segment] === null) parent[segment] = typeof nextSegment === 'number' || nextSegment === '-' ? [] : {};
    parent = parent[segment] as Record<PathSegment, unknown>;
  }
  const last = path[path.length - 1]!;
  if (edit.op === 'remove') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete parent[last];
  } else if (last === '-' && Array.isArray(parent)) parent.push(edit.value);
  else parent[last] = edit.value;
  return root;
}

type EditOutcome = string | { error: string };

function editText(text: string, documentIndex: number, path: Path, edit: FixEdit): EditOutcome {
  const lineCounter = new Counter();
  const documents = parseAllDocuments(text, { version: '1.1', lineCounter });
  const document = (Array.isArray(documents) ? documents : [])[documentIndex];
  if (document === undefined) return { error: 'the document moved' };
  const walk = walkPath(document, path);
  if ('error' in walk) return walk;
  if (edit.op === 'remove') return removeAt(text, walk, lineCounter);
  return setAt(text, walk, edit.value, lineCounter);
}

interface Walk {
  /** How many segments exist. */
  depth: number;
  path: Path;
  /** The collection holding the first missing segment, or the existing target's parent. */
  parent: Node;
  /** The entry of the deepest existing segment when it is a map key. */
  pair: Pair | null;
  /** The node at `path[depth - 1]` (the target when `depth === path.length`). */
  node: Node | null;
  /** Whether a flow collection (`{…}`, `[…]`) is on the path: only in-place scalar edits are safe there. */
  flow: boolean;
}

function walkPath(document: Document.Parsed, path: Path): Walk | { error: string } {
  let node = document.contents as Node | null;
  let parent: Node | null = null;
  let pair: Pair | null = null;
  let flow = false;
  for (let depth = 0; depth < path.length; depth += 1) {
    const segment = path[depth]!;
    if (node === null) return { error: 'a parent of the edited field is missing' };
    if (isAlias(node) || (isCollection(node) || isScalar(node)) && (node as { anchor?: string }).anchor !== undefined) return { error: 'the edited field is inside a YAML anchor or alias' };
    if (isMap(node)) {
      if (node.flow === true) flow = true;
      const found = findPair(node.items as Pair[], segment as string);
      if (found === undefined) return { depth, path, parent: node, pair: null, node: null, flow };
      parent = node;
      pair = found;
      node = (found.value ?? null) as Node | null;
      if (node === null || (isScalar(node) && node.value === null)) {
        if (depth === path.length - 1) return { depth: depth + 1, path, parent, pair, node, flow };
        return { depth: depth + 1, path, parent, pair, node: null, flow };
      }
    } else if (isSeq(node)) {
      if (node.flow === true) flow = true;
      const index = segment === '-' ? node.items.length : segment;
      if (typeof index !== 'number') return { error: 'a sequence was found where a mapping was expected' };
      if (index === node.items.length) return { depth, path, parent: node, pair: null, node: null, flow };
      const item = node.items[index] as Node | undefined;
      if (item === undefined) return { error: 'the sequence item to edit is missing' };
      parent = node;
      pair = null;
      node = item;
    } else {
      return { error: 'a scalar was found where a mapping or sequence was expected' };
    }
  }
  if (node !== null && (isAlias(node) || (node as { anchor?: string }).anchor !== undefined)) return { error: 'the edited field is a YAML anchor or alias' };
  return { depth: path.length, path, parent: parent!, pair, node, flow };
}

function setAt(text: string, walk: Walk, value: unknown, lineCounter: LineCounter): EditOutcome {
  const { depth, path } = walk;
  if (depth === path.length && walk.node !== null && !(isScalar(walk.node) && walk.node.value === null)) {
    if (!isScalar(walk.node) || isCollection(value) || typeof value === 'object') return { error: 'the fix would replace a whole mapping or sequence' };
    const range = walk.node.range!;
    return text.slice(0, range[0]) + renderScalar(value) + text.slice(range[1]);
  }
  if (walk.flow) return { error: 'the edited field is inside a flow collection ({…} or […])' };
  if (walk.pair !== null && depth > 0 && (walk.node === null || isScalar(walk.node))) {
    // `key:` with no value (or `null`): write the value after the colon, or the rest of the path as a block under it.
    const key = walk.pair.key as Node;
    const rest = path.slice(depth);
    if (rest.length === 0 && (typeof value !== 'object' || value === null)) {
      const valueNode = walk.pair.value as Node | null;
      if (valueNode?.range !== undefined && valueNode.range !== null && valueNode.range[1] > valueNode.range[0]) {
        return text.slice(0, valueNode.range[0]) + renderScalar(value) + text.slice(valueNode.range[1]);
      }
      const colon = text.indexOf(':', key.range![1]);
      if (colon < 0) return { error: 'the key has no colon' };
      return `${text.slice(0, colon + 1)} ${renderScalar(value)}${text.slice(colon + 1)}`;
    }
    const keyColumn = lineCounter.linePos(key.range![0]).col - 1;
    let out = text;
    const valueNode = walk.pair.value as Node | null;
    let lineEnd = endOfLine(out, key.range![1]);
    if (valueNode !== null && isScalar(valueNode) && valueNode.range !== undefined && valueNode.range !== null && valueNode.range[1] > valueNode.range[0]) {
      if (lineCounter.linePos(valueNode.range[0]).line !== lineCounter.linePos(key.range![0]).line) return { error: 'the empty value spans lines' };
      out = out.slice(0, valueNode.range[0]).trimEnd() + out.slice(valueNode.range[1]);
      lineEnd = endOfLine(out, key.range![1]);
    }
    const block = renderBlock(nest(rest, value), keyColumn + 2);
    return insertAfterLine(out, lineEnd, block);
  }
  const parent = walk.parent;
  const rest = path.slice(depth);
  if (isMap(parent)) {
    const items = (parent as YAMLMap).items as Pair[];
    const first = items[0]?.key as Node | undefined;
    if (first?.range === undefined || first.range === null) return { error: 'the mapping to extend is empty' };
    const column = lineCounter.linePos(first.range[0]).col - 1;
    const end = (parent.range ?? [0, 0])[1];
    return insertAfterLine(text, lineEndAt(text, end), renderBlock(nest(rest, value), column));
  }
  if (isSeq(parent)) {
    const items = (parent as YAMLSeq).items as Node[];
    const firstItem = items[0];
    if (firstItem?.range === undefined || firstItem.range === null) return { error: 'the sequence to extend is empty' };
    const lineStart = text.lastIndexOf('\n', firstItem.range[0] - 1) + 1;
    const dash = text.slice(lineStart, firstItem.range[0]).lastIndexOf('-');
    if (dash < 0) return { error: 'the sequence is not a block sequence' };
    const item = nest(rest.slice(1), value);
    const block = renderBlock([item], dash);
    const end = (parent.range ?? [0, 0])[1];
    return insertAfterLine(text, lineEndAt(text, end), block);
  }
  return { error: 'the edited field’s parent is not a mapping or sequence' };
}

function removeAt(text: string, walk: Walk, lineCounter: LineCounter): EditOutcome {
  if (walk.depth < walk.path.length) return text; // already absent
  if (walk.flow) return { error: 'the entry to remove is inside a flow collection ({…} or […])' };
  if (walk.pair === null || !isMap(walk.parent)) return { error: 'only mapping entries can be removed' };
  if ((walk.parent as YAMLMap).items.length < 2) return { error: 'removing the entry would leave an empty mapping' };
  const key = walk.pair.key as Node;
  const start = text.lastIndexOf('\n', key.range![0] - 1) + 1;
  if (text.slice(start, key.range![0]).trim() !== '') return { error: 'the entry shares its line with other content' };
  const valueEnd = ((walk.pair.value as Node | null)?.range ?? key.range!)[1];
  const end = lineEndAt(text, valueEnd);
  void lineCounter;
  return text.slice(0, start) + text.slice(end);
}

/** Offset just past the newline ending the line that `offset` is on (or just before, for a range ending in a newline). */
function lineEndAt(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function insertAfterLine(text: string, at: number, block: string): string {
  const before = text.slice(0, at);
  const prefix = before.length > 0 && !before.endsWith('\n') ? '\n' : '';
  return before + prefix + block + text.slice(at);
}

/** `['a', 'b'], 1` → `{ a: { b: 1 } }`; a `-` or number segment makes a one-item list. */
function nest(path: Path, value: unknown): unknown {
  let out = value;
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const segment = path[i]!;
    out = segment === '-' || typeof segment === 'number' ? [out] : { [segment]: out };
  }
  return out;
}

function renderBlock(value: unknown, indent: number): string {
  const yaml = stringify(value, { version: '1.1', lineWidth: 0, indent: 2 });
  const pad = ' '.repeat(indent);
  return yaml
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => pad + line)
    .join('\n') + '\n';
}

function renderScalar(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0 }).replace(/\n$/, '');
}
