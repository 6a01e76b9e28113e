import { isCollection, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { KubeObject } from '../../model/kube.ts';
import type { Origin, Path } from '../types.ts';

/** One input file (or standard input, or a rendered Kustomize folder) as read. */
export interface SourceFile {
  /** Path shown in findings, relative to the working directory when possible. */
  path: string;
  /** Where it came from; only `file` inputs can be fixed in place. */
  origin: Origin;
  /** Absolute path on disk, for `file` inputs and the files a Kustomize folder is built from. */
  absolutePath?: string;
  text: string;
  lineCounter: LineCounter;
}

/** One Kubernetes object with what is needed to point at its fields. */
export interface Manifest {
  object: KubeObject;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  source: SourceFile;
  /**
   * File shown in findings: the source's path, or a Helm template from its `# Source:` comment.
   * Fields a `sourceMap` locates are shown in the file it names instead.
   */
  file: string;
  /** Lines to subtract so positions are relative to a Helm template's rendered output. */
  lineOffset: number;
  /** `helm` when a `# Source:` comment named the template; otherwise the source's origin. */
  origin: Origin;
  /** Finds fields of the object's YAML document in the source text. */
  locator: Locator;
  /** Where the object sits inside its document: `[]`, or `['items', 3]` inside a `List`. */
  root: Path;
  /** 0-based index of the YAML document inside the source. */
  documentIndex: number;
  /**
   * For rendered Kustomize output: where the object's fields are written in the files it was
   * built from (base resources, overlay patches). `source` stays the rendered output, which
   * is what "the same rendering" means to rules comparing objects.
   */
  sourceMap?: SourceMap;
}

/** Where the fields of a rendered object are written by hand. */
export interface SourceMap {
  /** The documents the object was built from, for `# py2kube-ignore` comments in them. */
  documents: ReadonlyArray<{ source: SourceFile; locator: Locator }>;
  /**
   * The field at `path` (from the object's root) in the file a person edits, or its nearest
   * existing parent there; null when no file holds it (the finding stays on the rendered output).
   */
  locate(path: Path): MappedPosition | null;
}

export interface MappedPosition {
  source: SourceFile;
  position: Position;
}

/** Offsets in the source text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where the fields of one YAML document are, whichever parser read it: the fast path indexes
 * offsets while reading; documents read with `yaml` answer from their node ranges.
 */
export interface Locator {
  /** Offset of the document's content. */
  contentStart: number;
  /**
   * The field at `path` from the document's root: from the key of a map entry (or the start of a
   * sequence item) to the end of its value. When the field is missing, the nearest ancestor.
   */
  span(path: Path): Span;
  /** How many segments of `path` exist from the document's root: `path.length` when the field is there. */
  depth(path: Path): number;
  /** Every map entry and sequence item of the document, in no particular order. */
  spans(): Iterable<Span>;
}

export interface Position {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Position of the field at `path` inside the object: the key of a map entry, the item of a
 * sequence. When the field is missing, the nearest ancestor that exists.
 */
export function positionOf(manifest: Manifest, path: Path): Position {
  const { start, end } = manifest.locator.span([...manifest.root, ...path]);
  return toPosition(manifest.source.lineCounter, start, end, manifest.lineOffset);
}

/** A locator answering from the node ranges of a document read with `yaml`. */
export function documentLocator(document: Document.Parsed): Locator {
  const contentStart = document.contents?.range?.[0] ?? document.range[0];
  return {
    contentStart,
    span(path) {
      const { node, keyNode } = resolveNode(document.contents, path);
      const start = (keyNode ?? node)?.range?.[0] ?? contentStart;
      return { start, end: node?.range?.[1] ?? start };
    },
    depth(path) {
      return resolveNode(document.contents, path).depth;
    },
    *spans() {
      const stack: Node[] = isCollection(document.contents) ? [document.contents as Node] : [];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (isMap(node)) {
          for (const pair of node.items) {
            if (!isPair(pair)) continue;
            const key = pair.key as Node | null;
            const value = pair.value as Node | null;
            if (key?.range !== undefined && key.range !== null) yield { start: key.range[0], end: value?.range?.[1] ?? key.range[1] };
            if (isCollection(value)) stack.push(value as Node);
          }
        } else if (isSeq(node)) {
          for (const item of node.items) {
            const child = item as Node;
            if (child.range !== undefined && child.range !== null) yield { start: child.range[0], end: child.range[1] };
            if (isCollection(child)) stack.push(child);
          }
        }
      }
    },
  };
}

export function toPosition(lineCounter: LineCounter, start: number, end: number, lineOffset = 0): Position {
  const a = lineCounter.linePos(start);
  const b = lineCounter.linePos(Math.max(start, end));
  return { line: a.line - lineOffset, column: a.col, endLine: b.line - lineOffset, endColumn: b.col };
}

/** The deepest node along `path`, and the key of the map entry holding it when it is one. */
export function resolveNode(root: unknown, path: Path): { node: Node | null; keyNode: Node | null; depth: number } {
  let node = (root ?? null) as Node | null;
  let keyNode: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = findPair(node.items as Pair[], segment);
      if (pair === undefined) break;
      keyNode = pair.key as Node;
      node = (pair.value ?? null) as Node | null;
      if (node === null) {
        depth += 1;
        break;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) break;
      keyNode = null;
      node = item;
    } else break;
    depth += 1;
  }
  return { node, keyNode, depth };
}

export function findPair(items: readonly Pair[], key: string | number): Pair | undefined {
  return items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(key));
}

/** `spec.template.spec.containers[0].resources` */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (isIdentifier(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `[A-Za-z_][\w-]*`, without a regular expression: formatPath runs for every finding. */
function isIdentifier(segment: string): boolean {
  if (segment === '') return false;
  for (let i = 0; i < segment.length; i += 1) {
    const c = segment.charCodeAt(i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
    if (!letter && (i === 0 || !((c >= 0x30 && c <= 0x39) || c === 0x2d))) return false;
  }
  return true;
}
