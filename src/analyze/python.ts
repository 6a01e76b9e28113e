import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

/**
 * A real Python parser (tree-sitter, WASM) so app objects, factories and settings are found
 * from the syntax tree rather than by regex, and without running the user's interpreter.
 * @see https://tree-sitter.github.io/tree-sitter/using-parsers
 */
export type PyNode = Node;

export interface PythonTree {
  readonly root: PyNode;
  /** True when tree-sitter had to recover from syntax errors; the rest of the tree is still usable. */
  readonly hasErrors: boolean;
}

let parser: Parser | null = null;

/** Loads the WASM grammar once; must be awaited before `parsePython`. */
export async function initPython(): Promise<void> {
  if (parser !== null) return;
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  const p = new Parser();
  p.setLanguage(language);
  parser = p;
}

export function parsePython(text: string): PythonTree {
  if (parser === null) throw new Error('initPython() must be awaited before parsing Python');
  const tree: Tree | null = parser.parse(text);
  if (tree === null) throw new Error('tree-sitter returned no tree');
  return { root: tree.rootNode, hasErrors: tree.rootNode.hasError };
}

/** 1-based line of a node. */
export function lineOf(node: PyNode): number {
  return node.startPosition.row + 1;
}

/** `a`, `a.b.c` for identifiers and attribute chains; null for anything else. */
export function dottedName(node: PyNode | null): string | null {
  if (node === null) return null;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object === null || attribute === null ? null : `${object}.${attribute.text}`;
  }
  return null;
}

/**
 * Maps each name bound by a top-level import to what it refers to:
 * `from fastapi import FastAPI as F` gives `F → fastapi.FastAPI`; `import flask` gives `flask → flask`.
 * Imports inside functions and `if TYPE_CHECKING:` blocks are included, which is what a
 * factory function that imports lazily needs.
 */
export function importsOf(tree: PythonTree): Map<string, string> {
  const imports = new Map<string, string>();
  for (const node of tree.root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (node === null) continue;
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (child === null) continue;
        if (child.type === 'dotted_name') {
          const first = child.text.split('.')[0]!;
          imports.set(first, first);
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name !== undefined && alias !== undefined) imports.set(alias, name);
        }
      }
    } else {
      const moduleNode = node.childForFieldName('module_name');
      if (moduleNode === null) continue;
      const module = moduleNode.text;
      for (const child of node.childrenForFieldName('name')) {
        if (child === null) continue;
        if (child.type === 'dotted_name') {
          imports.set(child.text, `${module}.${child.text}`);
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name !== undefined && alias !== undefined) imports.set(alias, `${module}.${name}`);
        }
      }
    }
  }
  return imports;
}

/** The fully qualified name an expression refers to, following imports: `F` → `fastapi.FastAPI`. */
export function qualifiedName(node: PyNode | null, imports: Map<string, string>): string | null {
  const dotted = dottedName(node);
  if (dotted === null) return null;
  const [head, ...rest] = dotted.split('.');
  const resolved = imports.get(head!);
  if (resolved === undefined) return dotted;
  return [resolved, ...rest].join('.');
}

/** The qualified name of the function a call expression calls, or null when it is not a call. */
export function calleeOf(node: PyNode | null, imports: Map<string, string>): string | null {
  if (node === null || node.type !== 'call') return null;
  return qualifiedName(node.childForFieldName('function'), imports);
}

export interface Assignment {
  /** The assigned name (only simple `name = …` and `name: T = …` targets). */
  name: string;
  value: PyNode;
  line: number;
}

/** Module-level `name = value` assignments, in source order (including inside top-level `if`/`try`). */
export function topLevelAssignments(tree: PythonTree): Assignment[] {
  const out: Assignment[] = [];
  const visit = (block: PyNode): void => {
    for (const statement of block.namedChildren) {
      if (statement === null) continue;
      if (statement.type === 'expression_statement') {
        const inner = statement.namedChild(0);
        if (inner?.type === 'assignment') {
          const left = inner.childForFieldName('left');
          const right = inner.childForFieldName('right');
          if (left?.type === 'identifier' && right !== null) out.push({ name: left.text, value: right, line: lineOf(inner) });
        }
      } else if (['if_statement', 'try_statement', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause', 'block', 'with_statement'].includes(statement.type)) {
        visit(statement);
      }
    }
  };
  visit(tree.root);
  return out;
}

export interface FunctionDef {
  name: string;
  node: PyNode;
  line: number;
}

/** Module-level function definitions (decorated ones included). */
export function topLevelFunctions(tree: PythonTree): FunctionDef[] {
  const out: FunctionDef[] = [];
  for (const statement of tree.root.namedChildren) {
    if (statement === null) continue;
    const def = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (def?.type === 'function_definition') {
      const name = def.childForFieldName('name')?.text;
      if (name !== undefined) out.push({ name, node: def, line: lineOf(def) });
    }
  }
  return out;
}

/** The value of a plain string literal (no f-string interpolation, concatenation allowed); null otherwise. */
export function stringValue(node: PyNode | null): string | null {
  if (node === null) return null;
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => stringValue(c));
    return parts.every((p) => p !== null) ? parts.join('') : null;
  }
  if (node.type !== 'string') return null;
  let value = '';
  for (const child of node.namedChildren) {
    if (child === null) continue;
    if (child.type === 'interpolation') return null;
    if (child.type === 'string_content') value += child.text;
    else if (child.type === 'escape_sequence') value += unescape(child.text);
  }
  return value;
}

function unescape(sequence: string): string {
  const map: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\\\': '\\', "\\'": "'", '\\"': '"' };
  return map[sequence] ?? sequence;
}

/** Keyword argument `name=` of a call, or null. */
export function keywordArgument(call: PyNode, name: string): PyNode | null {
  const args = call.childForFieldName('arguments');
  if (args === null) return null;
  for (const arg of args.namedChildren) {
    if (arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name) {
      return arg.childForFieldName('value');
    }
  }
  return null;
}

/** Positional arguments of a call, in order. */
export function positionalArguments(call: PyNode): PyNode[] {
  const args = call.childForFieldName('arguments');
  if (args === null) return [];
  return args.namedChildren.filter((a): a is PyNode => a !== null && a.type !== 'keyword_argument' && a.type !== 'comment' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
}

/** All descendant nodes of the given types. */
export function descendants(node: PyNode, types: string | string[]): PyNode[] {
  return node.descendantsOfType(types).filter((n): n is PyNode => n !== null);
}

/** Elements of a list/tuple/set literal as strings, skipping non-literals. */
export function stringList(node: PyNode | null): string[] {
  if (node === null || !['list', 'tuple', 'set'].includes(node.type)) return [];
  return node.namedChildren.map((c) => stringValue(c)).filter((s): s is string => s !== null);
}
