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
    matched = typeof data === 'string' && mayResolve(data) ? YAML11_TAGS.find((tag) => tag.test!.test(data)) : undefined;
    return matched !== undefined;
  },
  construct: (data: string) => {
    const value = (matched as { resolve: (s: string, onError: (m: string) => void, options: object) => unknown }).resolve(data, () => undefined, { intAsBigInt: false });
    return value instanceof Scalar ? value.value : value;
  },
});
/**
 * Whether a plain scalar can be anything but a string in YAML 1.1: every non-string form starts
 * with a digit, a sign, a dot, `~`, `e`/`E` (yaml reads `e5` as a float), or the first letter of
 * null/yes/no/true/false/on/off/y/n (and the empty scalar is null). Most scalars of a manifest
 * are names and fail this at once.
 */
function mayResolve(data: string): boolean {
  if (data === '') return true;
  const c = data.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x7e || 'nNyYtTfFoOeE'.includes(data[0]!);
}

const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [yaml11Scalars] });

/**
 * Positions of a collection's children, flat to keep the garbage collector out of the way:
 * `[key, start, end, …]` for a map (start is the key's), `[start, end, …]` for a sequence.
 */
type Slots = Array<string | number>;

/** Bits of a child's flags. */
const KEY = 1;
const PLAIN = 2;
const EMPTY = 4;

/** Thrown from the listener to leave the fast path; js-yaml lets it through. */
class Unsupported extends Error {}

/**
 * The parse state: a stack of open nodes and, in parallel arrays, the children closed so far
 * (a node's children are the entries from its base to the top when it closes).
 */
class Reader {
  readonly index = new WeakMap<object, Slots>();
  private readonly opens: number[] = [];
  private readonly bases: number[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly results: unknown[] = [];
  private readonly flags: number[] = [];
  private size = 0;
  readonly roots: Array<{ start: number; end: number }> = [];

  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  open(position: number): void {
    this.opens.push(position);
    this.bases.push(this.size);
  }

  close(state: jsyaml.State): void {
    const { text } = this;
    const open = this.opens.pop()!;
    const base = this.bases.pop()!;
    const count = this.size - base;
    const start = skipSpace(text, open);
    // Nothing read: an empty value (`key:`), or js-yaml probing for one more key at the end of a map.
    if (start >= state.position && count === 0) return this.push(open, open, null, EMPTY | PLAIN);
    const first = text.charCodeAt(start);
    // & anchor, * alias, ! tag: values that depend on other nodes or on a schema, left to `yaml`.
    if (first === 0x26 || first === 0x2a || first === 0x21) throw new Unsupported();
    const result = state.result as unknown;
    const kind = state.kind as string | null;
    // A block-mapping probe that found a single node, not a key (`{…}` at the top): that node is the value.
    if (count === 1 && typeof result === 'object' && result !== null && this.results[base] === result) {
      this.size = base;
      return this.push(this.starts[base]!, this.ends[base]!, result, this.flags[base]! & ~KEY);
    }
    const collection = kind === 'mapping' || kind === 'sequence';
    const flow = first === 0x7b || first === 0x5b;
    const end = collection && !flow && count > 0 ? this.ends[this.size - 1]! : Math.max(start, trimBack(text, state.position));
    if (kind === 'mapping' && typeof result === 'object' && result !== null) this.index.set(result, this.mapSlots(base, result as Record<string, unknown>));
    else if (kind === 'sequence' && Array.isArray(result)) this.index.set(result, this.seqSlots(base, result));
    this.size = base;
    this.push(start, end, result, (text.charCodeAt(skipInline(text, end)) === 0x3a ? KEY : 0) | (first !== 0x22 && first !== 0x27 ? PLAIN : 0));
  }

  private push(start: number, end: number, result: unknown, flags: number): void {
    if (this.opens.length === 0) {
      this.roots.push({ start, end });
      return;
    }
    const i = this.size;
    this.starts[i] = start;
    this.ends[i] = end;
    this.results[i] = result;
    this.flags[i] = flags;
    this.size = i + 1;
  }

  /** Pairs each key with the value after it; a key followed by another key has an empty value. */
  private mapSlots(base: number, object: Record<string, unknown>): Slots {
    const slots: Slots = [];
    let pairs = 0;
    for (let i = base; i < this.size; i += 1) {
      const flags = this.flags[i]!;
      if ((flags & EMPTY) !== 0) continue;
      const key = this.results[i];
      if ((flags & KEY) === 0 || (typeof key === 'object' && key !== null)) throw new Unsupported();
      const name = String(key);
      // `<<` merges another map in YAML 1.1; positions of merged keys would point at the wrong place.
      if (name === '<<' && (flags & PLAIN) !== 0) throw new Unsupported();
      const hasValue = i + 1 < this.size && (this.flags[i + 1]! & KEY) === 0;
      const keyStart = this.starts[i]!;
      const keyEnd = this.ends[i]!;
      let end = keyEnd;
      let value: unknown = null;
      if (hasValue) {
        i += 1;
        value = this.results[i];
        end = Math.max(keyEnd, this.ends[i]!);
      }
      // js-yaml refuses duplicate keys, so each pair is one key of the object.
      if (!Object.is(object[name], value)) throw new Unsupported();
      pairs += 1;
      slots.push(name, keyStart, end);
    }
    let keys = 0;
    for (const name in object) if (Object.hasOwn(object, name)) keys += 1;
    if (pairs !== keys) throw new Unsupported();
    return slots;
  }

  private seqSlots(base: number, array: readonly unknown[]): Slots {
    if (this.size - base !== array.length) throw new Unsupported();
    const slots: Slots = [];
    for (let i = base; i < this.size; i += 1) {
      if (!Object.is(array[i - base], this.results[i])) throw new Unsupported();
      slots.push(this.starts[i]!, this.ends[i]!);
    }
    return slots;
  }
}

/** Reads every document of `text`, or null when the text needs the full `yaml` path. */
export function readFast(text: string, maxDepth: number): FastDocument[] | null {
  if (/^%/m.test(text)) return null;
  const reader = new Reader(text);
  const listener = (event: 'open' | 'close', state: jsyaml.State): void => {
    if (event === 'open') reader.open(state.position);
    else reader.close(state);
  };
  let values: unknown[];
  try {
    // `maxDepth` (js-yaml 4.3) is missing from @types/js-yaml 4.0.
    values = jsyaml.loadAll(text, null, { schema: SCHEMA, listener, maxDepth } as jsyaml.LoadOptions) as unknown[];
  } catch {
    // A syntax error, an unsupported construct, or a depth beyond the limit: the `yaml` path reports it.
    return null;
  }
  if (reader.roots.length !== values.length) return null;
  return values.map((value, i) => {
    const root = reader.roots[i]!;
    return { value, start: root.start, end: root.end, locator: indexLocator(value, root, reader.index) };
  });
}

function indexLocator(value: unknown, root: Span, index: WeakMap<object, Slots>): Locator {
  /** The deepest field along `path` and how many segments led to it; runs for every finding, so it allocates once. */
  const walk = (path: Path): { start: number; end: number; depth: number } => {
    let start = root.start;
    let end = root.end;
    let current = value;
    let depth = 0;
    for (const segment of path) {
      const slots = typeof current === 'object' && current !== null ? index.get(current) : undefined;
      if (slots === undefined) break;
      let at = -1;
      if (Array.isArray(current)) {
        if (typeof segment === 'number' && segment >= 0 && 2 * segment + 1 < slots.length) at = 2 * segment;
      } else {
        const name = String(segment);
        for (let i = 0; i < slots.length; i += 3) {
          if (slots[i] === name) {
            at = i + 1;
            break;
          }
        }
      }
      if (at < 0) break;
      start = slots[at] as number;
      end = slots[at + 1] as number;
      current = (current as Record<string | number, unknown>)[segment];
      depth += 1;
    }
    return { start, end, depth };
  };
  return {
    contentStart: root.start,
    span: (path) => walk(path),
    depth: (path) => walk(path).depth,
    *spans(): Iterable<Span> {
      const stack: unknown[] = [value];
      while (stack.length > 0) {
        const node = stack.pop();
        const slots = typeof node === 'object' && node !== null ? index.get(node) : undefined;
        if (slots === undefined) continue;
        const step = Array.isArray(node) ? 2 : 3;
        for (let i = 0; i < slots.length; i += step) {
          yield { start: slots[i + step - 2] as number, end: slots[i + step - 1] as number };
          stack.push(Array.isArray(node) ? node[i / 2] : (node as Record<string, unknown>)[slots[i] as string]);
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
