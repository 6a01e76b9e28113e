import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { LineCounter, parseAllDocuments } from 'yaml';
import { readFast } from '../../src/lint/load/fast-yaml.ts';
import { documentLocator, type Locator } from '../../src/lint/load/manifest.ts';
import { createSource, MAX_DEPTH, parseYaml } from '../../src/lint/load/yaml.ts';
import { REPO_ROOT } from '../helpers/project.ts';

/**
 * The fast reader (js-yaml with a position index) must agree with `yaml` Documents, the path it
 * falls back to and the one `--fix` edits through: same values, same field positions.
 */

type Path = Array<string | number>;

function* fieldPaths(value: unknown, prefix: Path = []): Generator<Path> {
  yield prefix;
  if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* fieldPaths(item, [...prefix, i]);
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) yield* fieldPaths(item, [...prefix, key]);
}

function* yamlFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* yamlFiles(file);
    else if (/\.ya?ml$/.test(entry.name)) yield file;
  }
}

interface Read {
  value: unknown;
  locator: Locator;
}

/** Both readers' non-empty documents, or null when the fast reader declines or `yaml` reports an error. */
function readBoth(text: string): { fast: Read[]; slow: Read[]; lines: LineCounter; rejected: boolean } | null {
  const fast = readFast(text, MAX_DEPTH + 2);
  if (fast === null) return null;
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { version: '1.1', uniqueKeys: true, lineCounter: lines });
  const documents = Array.isArray(parsed) ? parsed : [];
  if (documents.some((d) => d.errors.length > 0)) return { fast: [], slow: [], lines, rejected: true };
  const present = (r: Read): boolean => r.value !== null && r.value !== undefined;
  return {
    fast: fast.map((d) => ({ value: d.value, locator: d.locator })).filter(present),
    slow: documents.map((d) => ({ value: d.toJS(), locator: documentLocator(d) })).filter(present),
    lines,
    rejected: false,
  };
}

/** Differences between the two readers, as readable lines. */
function differences(text: string): string[] {
  const both = readBoth(text);
  if (both === null) return [];
  if (both.rejected) return ['yaml rejects what the fast reader accepted'];
  const { fast, slow, lines } = both;
  if (!isDeepStrictEqual(fast.map((d) => d.value), slow.map((d) => d.value))) return [`values differ: ${JSON.stringify(fast.map((d) => d.value)).slice(0, 200)}`];
  const out: string[] = [];
  for (const [i, document] of fast.entries()) {
    for (const field of fieldPaths(document.value)) {
      const a = document.locator.span(field);
      const b = slow[i]!.locator.span(field);
      const from = [lines.linePos(a.start), lines.linePos(b.start)];
      const to = [lines.linePos(Math.max(a.start, a.end - 1)).line, lines.linePos(Math.max(b.start, b.end - 1)).line];
      // yaml counts comments trailing a collection into its range; the fast reader stops at the last value.
      const onlyComments = /^(?:\s|#[^\n]*)*$/.test(text.slice(Math.min(a.end, b.end), Math.max(a.end, b.end)));
      if (from[0]!.line !== from[1]!.line || from[0]!.col !== from[1]!.col || (to[0] !== to[1] && !onlyComments)) out.push(`${field.join('.')}: ${JSON.stringify(from)} ${JSON.stringify(to)}`);
    }
  }
  return out;
}

test('the fast reader gives the same values and field positions as yaml Documents on every YAML file of the fixtures, goldens and examples', () => {
  let files = 0;
  for (const dir of ['fixtures', 'test/golden', 'examples']) {
    for (const file of yamlFiles(path.join(REPO_ROOT, dir))) {
      const text = fs.readFileSync(file, 'utf8');
      assert.deepEqual(differences(text), [], path.relative(REPO_ROOT, file));
      if (readFast(text, MAX_DEPTH + 2) !== null) files += 1;
    }
  }
  assert.ok(files > 300, `only ${files} files took the fast path`);
});

test('mutated manifests read by the fast reader agree with yaml Documents, or fall back to them', () => {
  const seeds = [...yamlFiles(path.join(REPO_ROOT, 'test/golden'))].filter((f) => f.includes(`${path.sep}deploy${path.sep}`)).map((f) => fs.readFileSync(f, 'utf8'));
  const pieces = [' ', '\n', ':', '- ', '# c', '{', '}', '[', ']', ',', '"', "'", '  ', '\t', '|', '>', '?', '---\n', 'yes', '~', '012', '1:30', '2024-01-01', '.5', 'null', '\r\n', '\\', 'key: '];
  let seed = 20261121;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let agreed = 0;
  for (let i = 0; i < 3000; i += 1) {
    let text = seeds[random(seeds.length)]!;
    for (let k = 0, n = 1 + random(4); k < n; k += 1) {
      const at = random(text.length + 1);
      text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at + random(3));
    }
    const both = readBoth(text);
    if (both === null) continue;
    assert.equal(both.rejected, false, `the fast reader accepted text yaml rejects:\n${text}`);
    assert.deepEqual(differences(text), [], text);
    agreed += 1;
  }
  assert.ok(agreed > 1000, `only ${agreed} of 3000 mutations took the fast path`);
});

test('anchors, aliases, tags, merge keys, directives and duplicate keys leave the fast path for yaml Documents', () => {
  const cases = [
    'a: &x {b: 1}\nc: *x\n',
    'a: !!str 1\n',
    'a: !custom 1\n',
    'base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n',
    '%YAML 1.1\n---\na: 1\n',
    'a: 1\na: 2\n',
    'a: [1, 2\n',
  ];
  for (const text of cases) assert.equal(readFast(text, MAX_DEPTH + 2), null, text);
});

test('YAML 1.1 scalars read as Kubernetes reads them on the fast path: yes/on are booleans, 0755 is octal, 1:30 is sexagesimal', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: yes\n  b: on\n  c: 0755\n  d: "0755"\n  e: 1:30\n  f: ~\n  g: 1e3\n  h: .inf\n';
  assert.notEqual(readFast(text, MAX_DEPTH + 2), null);
  const parsed = parseYaml(createSource('c.yaml', text, 'file'));
  assert.deepEqual(parsed.manifests[0]!.object['data'], { a: true, b: true, c: 493, d: '0755', e: 90, f: null, g: 1000, h: Infinity });
});

test('every plain scalar form YAML 1.1 gives a meaning reads the same on both paths', () => {
  const scalars = ['e5', 'E3', '.5', '+1', '-1', '_1', '1_000', '0b1', '0x1F', '0o7', '017', '09', '190:20:30', '1:30.5', '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'ON', 'On', 'on', 'Off', 'y', 'Y', 'n', 'NO', 'yes', 'True', 'FALSE', '~', 'null', 'Null', 'nULL', '.inf', '-.Inf', '.NaN', '1e3', '1.5e-3', 'e', 'nope', 'origin', 'tcp', 'Error', '8080', '0', '-0', '1.', 'http://x', '"0755"'];
  for (const scalar of scalars) {
    const text = `key: ${scalar}\nlist: [${scalar}]\n`;
    const fast = readFast(text, MAX_DEPTH + 2);
    assert.notEqual(fast, null, scalar);
    assert.deepEqual(fast![0]!.value, (parseAllDocuments(text, { version: '1.1' }) as Array<{ toJS(): unknown }>)[0]!.toJS(), scalar);
  }
});

test('a field with an empty value points at its key, and a missing field at its nearest ancestor', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\nspec:\n  containers:\n    - name: web\n      image: x\n';
  const source = createSource('p.yaml', text, 'file');
  const [manifest] = parseYaml(source).manifests;
  assert.notEqual(readFast(text, MAX_DEPTH + 2), null);
  const line = (field: Path): number => source.lineCounter.linePos(manifest!.locator.span(field).start).line;
  assert.equal(line(['metadata', 'annotations']), 5);
  assert.equal(line(['spec', 'containers', 0, 'resources', 'limits']), 8);
  assert.equal(line(['spec', 'containers', 0, 'image']), 9);
});
