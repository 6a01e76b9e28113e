import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { KubeObject } from '../../model/kube.ts';
import type { Origin, Path } from '../types.ts';

/** One input file (or standard input, or a rendered Kustomize folder) as read. */
export interface SourceFile {
  /** Path shown in findings, relative to the working directory when possible. */
  path: string;
  /** Where it came from; only `file` inputs can be fixed in place. */
  origin: Origin;
  /** Absolute path on disk, for `file` inputs. */
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
  /** File shown in findings: the source's path, or a Helm template from its `# Source:` comment. */
  file: string;
  /** Lines to subtract so positions are relative to a Helm template's rendered output. */
  lineOffset: number;
  document: Document.Parsed;
  /** Where the object sits inside its document: `[]`, or `['items', 3]` inside a `List`. */
  root: Path;
  /** 0-based index of the YAML document inside the source. */
  documentIndex: number;
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
  const { node, keyNode } = resolveNode(manifest.document.contents, [...manifest.root, ...path]);
  const start = (keyNode ?? node)?.range?.[0] ?? manifest.document.contents?.range?.[0] ?? 0;
  const end = node?.range?.[1] ?? start;
  return toPosition(manifest.source.lineCounter, start, end, manifest.lineOffset);
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
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
