import jsyaml from 'js-yaml';
import { Scalar, Schema } from 'yaml';
import type { Path } from '../types.ts';
import type { Locator, Span } from './manifest.ts';

/**
 * The fast read path: `js-yaml` (about ten times faster than building `yaml` Documents) with a
 * parse listener that records where every map entry and sequence item sits, so findings still
 * point at the offending field. It only takes the plain YAML that Kubernetes manifests are made
 * of; anything else (anchors, aliases, tags, merge keys, directives, errors, or a document
 * whose positions cannot be matched to its values) returns null and the caller reads the file
 * with `yaml` Documents instead, so hostile and unusual input keeps one well-tested path.
 */

export interface FastDocument {
  /** The document's value (null for an empty document). */
  value: unknown;
  /** Offsets of the document's content. */
  start: number;
  end: number;
  locator: Locator;
}

/**
 * Plain scalars resolved exactly as `yaml` resolves them for YAML 1.1 (Kubernetes decodes 1.1:
 * `yes` is a boolean there), so both read paths and `--fix`'s re-parse agree on every value.
 */
const YAML11_TAGS = new Schema({ schema: 'yaml-1.1' }).tags.filter((tag) => tag.default === true && !('collection' in tag && tag.collection) && tag.test !== undefined);
let matched: (typeof YAML11_TAGS)[number] | undefined;
const yaml11Scalars = new jsyaml.Type('tag:py2kube,2026:yaml-1.1-scalar', {
  kind: 'scalar',
  resolve: (data: unknown) => {
    matched = typeof data === 'string' ? YAML11_TAGS.find((tag) => tag.test!.test(data)) : undefined;
    return matched !== undefined;
  },
  construct: (data: string) => {
    const value = (matched as { resolve: (s: string, onError: (m: string) => void, options: object) => unknown }).resolve(data, () => undefined, { intAsBigInt: false });
    return value instanceof Scalar ? value.value : value;
  },
});
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [yaml11Scalars] });

/** Where a map entry or sequence item sits: `start` is the key of an entry, the item itself otherwise. */
interface Slot {
  start: number;
  end: number;
  value: unknown;
}

interface NodeRecord {
  start: number;
  end: number;
  result: unknown;
  /** The node is a map key: its text is followed by `:`. */
  key: boolean;
  plain: boolean;
  empty: boolean;
}

interface Frame {
  open: number;
  children: NodeRecord[];
}

/** Thrown from the listener to leave the fast path; js-yaml lets it through. */
class Unsupported extends Error {}

/** Reads every document of `text`, or null when the text needs the full `yaml` path. */
export function readFast(text: string, maxDepth: number): FastDocument[] | null {
  if (/^%/m.test(text)) return null;
  const index = new WeakMap<object, Map<string | number, Slot>>();
  const stack: Frame[] = [];
  const roots: NodeRecord[] = [];
  const listener = (event: 'open' | 'close', state: jsyaml.State): void => {
    if (event === 'open') {
      stack.push({ open: state.position, children: [] });
      return;
    }
    const frame = stack.pop()!;
    const record = closeNode(text, frame, state, index);
    const parent = stack[stack.length - 1];
    if (parent === undefined) roots.push(record);
    else parent.children.push(record);
  };
  let values: unknown[];
  try {
    // `maxDepth` (js-yaml 4.3) is missing from @types/js-yaml 4.0.
    values = jsyaml.loadAll(text, null, { schema: SCHEMA, listener, maxDepth } as jsyaml.LoadOptions) as unknown[];
  } catch {
    // A syntax error, an unsupported construct, or a depth beyond the limit: the `yaml` path reports it.
    return null;
  }
  if (roots.length !== values.length) return null;
  return values.map((value, i) => {
    const root = roots[i]!;
    return { value, start: root.start, end: root.end, locator: indexLocator(value, root, index) };
  });
}

function closeNode(text: string, frame: Frame, state: jsyaml.State, index: WeakMap<object, Map<string | number, Slot>>): NodeRecord {
  const start = skipSpace(text, frame.open);
  // Nothing read: an empty value (`key:`), or js-yaml probing for one more key at the end of a map.
  if (start >= state.position && frame.children.length === 0) return { start: frame.open, end: frame.open, result: null, key: false, plain: true, empty: true };
  const first = text.charCodeAt(start);
  // & anchor, * alias, ! tag: values that depend on other nodes or on a schema, left to `yaml`.
  if (first === 0x26 || first === 0x2a || first === 0x21) throw new Unsupported();
  const result = state.result as unknown;
  const kind = state.kind as string | null;
  // A block-mapping probe that found a single node, not a key (`{…}` at the top): that node is the value.
  const only = frame.children.length === 1 ? frame.children[0]! : undefined;
  if (only !== undefined && typeof result === 'object' && result !== null && only.result === result) return only;
  const flow = first === 0x7b || first === 0x5b;
  let end: number;
  if ((kind === 'mapping' || kind === 'sequence') && !flow && frame.children.length > 0) {
    end = frame.children[frame.children.length - 1]!.end;
  } else {
    end = Math.max(start, trimBack(text, state.position));
  }
  if (kind === 'mapping' && result !== null && typeof result === 'object') index.set(result, mapSlots(frame.children, result as Record<string, unknown>));
  else if (kind === 'sequence' && Array.isArray(result)) index.set(result, seqSlots(frame.children, result));
  return { start, end, result, key: text.charCodeAt(skipInline(text, end)) === 0x3a, plain: first !== 0x22 && first !== 0x27, empty: false };
}

/** Pairs each key with the value after it; a key followed by another key has an empty value. */
function mapSlots(children: readonly NodeRecord[], object: Record<string, unknown>): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  for (let i = 0; i < children.length; i += 1) {
    const key = children[i]!;
    if (key.empty) continue;
    if (!key.key || (typeof key.result === 'object' && key.result !== null)) throw new Unsupported();
    const name = String(key.result);
    // `<<` merges another map in YAML 1.1; positions of merged keys would point at the wrong place.
    if (name === '<<' && key.plain) throw new Unsupported();
    const next = children[i + 1];
    const value = next !== undefined && !next.key ? next : null;
    if (value !== null) i += 1;
    if (slots.has(name) || !Object.is(object[name], value === null ? null : value.result)) throw new Unsupported();
    slots.set(name, { start: key.start, end: value === null || value.end < key.end ? key.end : value.end, value: value?.result ?? null });
  }
  if (slots.size !== Object.keys(object).length) throw new Unsupported();
  return slots;
}

function seqSlots(children: readonly NodeRecord[], array: readonly unknown[]): Map<number, Slot> {
  if (children.length !== array.length) throw new Unsupported();
  const slots = new Map<number, Slot>();
  for (const [i, child] of children.entries()) {
    if (!Object.is(array[i], child.result)) throw new Unsupported();
    slots.set(i, { start: child.start, end: child.end, value: child.result });
  }
  return slots;
}

function indexLocator(value: unknown, root: NodeRecord, index: WeakMap<object, Map<string | number, Slot>>): Locator {
  return {
    contentStart: root.start,
    span(path: Path): Span {
      let span: Span = { start: root.start, end: root.end };
      let current = value;
      for (const segment of path) {
        const slots = typeof current === 'object' && current !== null ? index.get(current) : undefined;
        const slot = slots?.get(Array.isArray(current) ? (segment as number) : String(segment));
        if (slot === undefined) break;
        span = { start: slot.start, end: slot.end };
        current = slot.value;
      }
      return span;
    },
    depth(path: Path): number {
      let depth = 0;
      let current = value;
      for (const segment of path) {
        const slots = typeof current === 'object' && current !== null ? index.get(current) : undefined;
        const slot = slots?.get(Array.isArray(current) ? (segment as number) : String(segment));
        if (slot === undefined) break;
        depth += 1;
        current = slot.value;
      }
      return depth;
    },
    *spans(): Iterable<Span> {
      const stack: unknown[] = [value];
      while (stack.length > 0) {
        const node = stack.pop();
        const slots = typeof node === 'object' && node !== null ? index.get(node) : undefined;
        if (slots === undefined) continue;
        for (const slot of slots.values()) {
          yield { start: slot.start, end: slot.end };
          stack.push(slot.value);
        }
      }
    },
  };
}

/** First offset at or after `from` that is not white space, a line break or a comment. */
function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i += 1;
    else if (c === 0x23 && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const eol = text.indexOf('\n', i);
      if (eol < 0) return text.length;
      i = eol + 1;
    } else return i;
  }
}

/** First offset at or after `from` that is not a space or a tab. */
function skipInline(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i += 1;
  return i;
}

/** The end of the text before `from`, white space and line breaks left out. */
function trimBack(text: string, from: number): number {
  let i = from;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i -= 1;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
