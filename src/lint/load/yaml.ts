import { isCollection, isMap, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { KubeObject } from '../../model/kube.ts';
import type { Origin } from '../types.ts';
import { readFast, type FastDocument } from './fast-yaml.ts';
import { documentLocator, toPosition, type Manifest, type Position, type SourceFile } from './manifest.ts';

/**
 * Reads YAML streams into Kubernetes objects with positions. Kubernetes decodes YAML 1.1
 * (`yes`/`no` are booleans there), so documents are read as 1.1 too. Every limit below turns
 * hostile input into a problem on that document, never a crash or a hang.
 */

/** More aliases than this in one document is treated as a billion-laughs attack. */
export const MAX_ALIASES = 100;
/** Kubernetes objects nest about 20 deep; CRD schemas about 60. */
export const MAX_DEPTH = 200;

/** A document that could not be read; reported as `require-valid-yaml`. */
export interface LoadProblem {
  file: string;
  origin: Origin;
  messageId: 'syntax' | 'aliases' | 'tooDeep';
  data: Record<string, string | number>;
  position: Position;
}

export interface ParsedYaml {
  manifests: Manifest[];
  problems: LoadProblem[];
  notes: string[];
}

export function createSource(path: string, text: string, origin: Origin, absolutePath?: string): SourceFile {
  const source: SourceFile = { path, origin, text, lineCounter: new LineCounter() };
  if (absolutePath !== undefined) source.absolutePath = absolutePath;
  return source;
}

export function parseYaml(source: SourceFile): ParsedYaml {
  // Collections at the depth limit hold scalars one level further down.
  const fast = readFast(source.text, MAX_DEPTH + 2);
  return fast === null ? readDocuments(source) : fromFastDocuments(source, fast);
}

function fromFastDocuments(source: SourceFile, documents: readonly FastDocument[]): ParsedYaml {
  const result: ParsedYaml = { manifests: [], problems: [], notes: [] };
  countLines(source);
  let previousEnd = 0;
  for (const [index, document] of documents.entries()) {
    const helm = source.origin === 'stdin' || source.origin === 'helm' ? helmSource(source, previousEnd, document.start) : null;
    previousEnd = document.end;
    const file = helm?.file ?? source.path;
    addObjects(result, document.value, { source, file, lineOffset: helm?.lineOffset ?? 0, origin: helm === null ? source.origin : 'helm', locator: document.locator, documentIndex: index });
  }
  return result;
}

/** Line starts for positions, as `yaml`'s parser records them while reading. */
function countLines(source: SourceFile): void {
  const counter = source.lineCounter;
  if (counter.lineStarts.length > 0) return;
  counter.addNewLine(0);
  for (let i = source.text.indexOf('\n'); i >= 0; i = source.text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
}

/** The slow, complete path: `yaml` Documents, with every limit checked. */
function readDocuments(source: SourceFile): ParsedYaml {
  const result: ParsedYaml = { manifests: [], problems: [], notes: [] };
  const documents = parseAllDocuments(source.text, { lineCounter: source.lineCounter, version: '1.1', uniqueKeys: true, prettyErrors: false });
  // parseAllDocuments returns an EmptyStream (no documents) for empty input.
  const list = Array.isArray(documents) ? documents : [];
  let previousEnd = 0;
  for (const [index, document] of list.entries()) {
    const helm = source.origin === 'stdin' || source.origin === 'helm' ? helmSource(source, previousEnd, document.contents?.range?.[0] ?? document.range[1]) : null;
    previousEnd = document.range[2];
    const file = helm?.file ?? source.path;
    const lineOffset = helm?.lineOffset ?? 0;
    const origin: Origin = helm === null ? source.origin : 'helm';
    const problem = (messageId: LoadProblem['messageId'], data: Record<string, string | number>, offset: number): void => {
      result.problems.push({ file, origin, messageId, data, position: toPosition(source.lineCounter, offset, offset, lineOffset) });
    };
    const error = document.errors[0];
    if (error !== undefined && /Maximum call stack/.test(error.message)) {
      problem('tooDeep', { document: index + 1, max: MAX_DEPTH }, document.range[0]);
      continue;
    }
    if (error !== undefined) {
      problem('syntax', { document: index + 1, error: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') }, error.pos[0]);
      continue;
    }
    if (depthOf(document.contents) > MAX_DEPTH) {
      problem('tooDeep', { document: index + 1, max: MAX_DEPTH }, document.range[0]);
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (cause) {
      if (cause instanceof ReferenceError || cause instanceof RangeError) {
        problem('aliases', { document: index + 1, max: MAX_ALIASES }, document.range[0]);
        continue;
      }
      throw cause;
    }
    addObjects(result, value, { source, file, lineOffset, origin, locator: documentLocator(document), documentIndex: index });
  }
  return result;
}

type DocumentBase = Omit<Manifest, 'object' | 'apiVersion' | 'kind' | 'name' | 'namespace' | 'root'>;

/** The Kubernetes objects of one document's value: itself, or the items of a `List`. */
function addObjects(result: ParsedYaml, value: unknown, base: DocumentBase): void {
  const { file, documentIndex: index } = base;
  if (value === null || value === undefined) return;
  if (isKubeObject(value) && /List$/.test(value.kind) && Array.isArray(value['items'])) {
    for (const [i, item] of (value['items'] as unknown[]).entries()) {
      if (isKubeObject(item)) result.manifests.push(toManifest(item, { ...base, root: ['items', i] }));
      else result.notes.push(`${file}: skipped item ${i + 1} of the ${value.kind} in document ${index + 1}: not a Kubernetes object (no apiVersion/kind).`);
    }
  } else if (isKubeObject(value)) {
    result.manifests.push(toManifest(value, { ...base, root: [] }));
  } else {
    result.notes.push(`${file}: skipped document ${index + 1}: not a Kubernetes object (no apiVersion/kind).`);
  }
}

function toManifest(object: KubeObject, base: DocumentBase & { root: Manifest['root'] }): Manifest {
  const metadata = (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as Partial<KubeObject['metadata']>;
  return {
    ...base,
    object,
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
  };
}

function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record['apiVersion'] === 'string' && typeof record['kind'] === 'string';
}

/** Depth of the deepest collection, walked without recursion so hostile nesting cannot overflow the stack. */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: Array<[Node, number]> = isCollection(root) ? [[root as Node, 1]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > MAX_DEPTH) return max;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isCollection(pair.value)) stack.push([pair.value as Node, depth + 1]);
        if (isCollection(pair.key)) stack.push([pair.key as Node, depth + 1]);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (isCollection(item)) stack.push([item as Node, depth + 1]);
    }
  }
  return max;
}

/**
 * `helm template` writes `# Source: chart/templates/x.yaml` above every document; findings then
 * point at the template, with lines counted from that comment.
 */
function helmSource(source: SourceFile, from: number, contentStart: number): { file: string; lineOffset: number } | null {
  const head = source.text.slice(from, contentStart);
  // The comment nearest the document: what is further up may trail the previous document.
  let match: RegExpExecArray | null = null;
  for (const m of head.matchAll(/^[ \t]*#[ \t]*Source:[ \t]*(\S.*?)[ \t]*$/gm)) match = m;
  if (match === null) return null;
  return { file: match[1]!, lineOffset: source.lineCounter.linePos(from + match.index).line };
}
