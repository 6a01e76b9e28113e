import { moduleOf } from './modules.ts';
import type { Project } from './project.ts';
import { appSourceFiles, ownDescendants, pyModule, referenceOf, type PyModule } from './python-app.ts';
import { dottedName, keywordArgument, lineOf, positionalArguments, stringValue, topLevelAssignments, type PyNode } from './python.ts';

/**
 * Strings an app computes from its own constants, known without running it: a module-level
 * constant (`API_PREFIX = "/api/v1"`), or the default of a settings class attribute read
 * through an instance (`settings = Settings()` then `settings.API_V1_STR`), followed across
 * the app's own modules. Anything that depends on runtime state (a call, a lookup, a
 * mutated attribute) gives null: a guessed URL prefix is worse than none.
 */

/** A string and, when it is not written where it is used, where its text is written. */
export interface StaticString {
  value: string;
  origin: { file: string; line: number; what: string } | null;
}

/** Deep enough for `settings.X` → `Settings().X` → a base class; shallow enough that a cycle ends fast. */
const MAX_DEPTH = 8;

/** The static value of an expression in `mod`, or null when it depends on runtime state. */
export function staticString(project: Project, mod: PyModule, node: PyNode | null, depth = 0): StaticString | null {
  if (node === null || depth > MAX_DEPTH) return null;
  const literal = stringValue(node);
  if (literal !== null) return { value: literal, origin: null };
  switch (node.type) {
    case 'parenthesized_expression':
      return staticString(project, mod, node.namedChild(0), depth + 1);
    case 'binary_operator': {
      if (node.childForFieldName('operator')?.type !== '+') return null;
      const left = staticString(project, mod, node.childForFieldName('left'), depth + 1);
      const right = left === null ? null : staticString(project, mod, node.childForFieldName('right'), depth + 1);
      return left === null || right === null ? null : { value: left.value + right.value, origin: left.origin ?? right.origin };
    }
    case 'string':
      return fString(project, mod, node, depth);
    case 'attribute': {
      // `get_settings().X`, `Settings().X`: an attribute of what a call returns.
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute')?.text;
      if (object?.type === 'call' && attribute !== undefined) return instanceAttributeString(project, mod, object, attribute, depth + 1);
      return referenceString(project, mod, node, depth + 1);
    }
    case 'identifier':
      return referenceString(project, mod, node, depth + 1);
    default:
      return null;
  }
}

function fString(project: Project, mod: PyModule, node: PyNode, depth: number): StaticString | null {
  let value = '';
  let origin: StaticString['origin'] = null;
  for (const child of node.namedChildren) {
    if (child === null || child.type === 'string_start' || child.type === 'string_end') continue;
    if (child.type === 'string_content') {
      value += child.text;
    } else if (child.type === 'interpolation') {
      // A format spec or conversion (`{x!r}`, `{x:>4}`) changes the text; only plain `{x}` is followed.
      if (child.namedChildren.some((c) => c?.type === 'type_conversion' || c?.type === 'format_specifier')) return null;
      const inner = staticString(project, mod, child.childForFieldName('expression') ?? child.namedChild(0), depth + 1);
      if (inner === null) return null;
      value += inner.value;
      origin ??= inner.origin;
    } else {
      return null;
    }
  }
  return { value, origin };
}

/** A name or attribute chain: a constant of this module, or something another app module defines. */
function referenceString(project: Project, mod: PyModule, node: PyNode, depth: number): StaticString | null {
  const dotted = dottedName(node);
  if (dotted === null) return null;
  const [head, ...rest] = dotted.split('.');
  if (!mod.imports.has(head!) && definesName(mod, head!)) return memberString(project, mod, [head!, ...rest], depth);
  const reference = referenceOf(node, mod);
  return reference === null ? null : qualifiedString(project, reference, depth);
}

/** `pkg.config.settings.PREFIX`: the longest leading part that is an app module, then names inside it. */
function qualifiedString(project: Project, reference: string, depth: number): StaticString | null {
  const found = splitModule(project, reference);
  return found === null ? null : memberString(project, found.mod, found.rest, depth);
}

function memberString(project: Project, mod: PyModule, parts: readonly string[], depth: number): StaticString | null {
  if (depth > MAX_DEPTH) return null;
  const [head, ...rest] = parts;
  if (head === undefined) return null;
  if (!definesName(mod, head)) {
    // A name the module only re-exports (`from .config import settings`).
    const imported = mod.imports.get(head);
    return imported === undefined ? null : qualifiedString(project, [imported, ...rest].join('.'), depth + 1);
  }
  const classNode = topLevelClass(mod, head);
  if (rest.length === 0) return constantString(project, mod, head, depth);
  if (rest.length !== 1) return null;
  if (classNode !== null) return classAttributeString(project, mod, classNode, rest[0]!, depth + 1);
  const assignments = topLevelAssignments(mod.tree).filter((a) => a.name === head);
  // A name bound twice may hold either value at runtime.
  return assignments.length === 1 ? instanceAttributeString(project, mod, assignments[0]!.value, rest[0]!, depth + 1) : null;
}

/** A module-level constant; several assignments count only when they agree. */
function constantString(project: Project, mod: PyModule, name: string, depth: number): StaticString | null {
  const assignments = topLevelAssignments(mod.tree).filter((a) => a.name === name);
  if (assignments.length === 0) return null;
  const values = assignments.map((a) => ({ a, s: staticString(project, mod, a.value, depth + 1) }));
  if (values.some((v) => v.s === null || v.s.value !== values[0]!.s!.value)) return null;
  const { a, s } = values[0]!;
  return { value: s!.value, origin: s!.origin ?? { file: mod.file, line: a.line, what: `the constant ${name}` } };
}

/** `Settings().X` or `get_settings().X`: the class's default for X, unless the call may set it. */
function instanceAttributeString(project: Project, mod: PyModule, value: PyNode, attribute: string, depth: number): StaticString | null {
  if (value.type !== 'call' || depth > MAX_DEPTH) return null;
  const override = keywordArgument(value, attribute);
  if (override !== null) return staticString(project, mod, override, depth + 1);
  const args = value.childForFieldName('arguments')?.namedChildren ?? [];
  // Positional arguments fill fields in order (dataclasses), and `**values` may hold X.
  if (positionalArguments(value).length > 0 || args.some((a) => a?.type === 'list_splat' || a?.type === 'dictionary_splat')) return null;
  const callee = definitionOf(project, mod, value.childForFieldName('function'));
  if (callee === null) return null;
  if (callee.node.type === 'class_definition') return classAttributeString(project, callee.mod, callee.node, attribute, depth + 1);
  // A settings getter (`@lru_cache def get_settings(): return Settings()`) with a single return.
  const returns = ownDescendants(callee.node.childForFieldName('body')!, ['return_statement']);
  const returned = returns.length === 1 ? returns[0]!.namedChild(0) : null;
  return returned === null ? null : instanceAttributeString(project, callee.mod, returned, attribute, depth + 1);
}

/**
 * The default a class body gives `attribute` (`API_V1_STR: str = "/api/v1"`, or pydantic's
 * `Field("/api/v1")`), looked up through base classes the app defines. A class whose methods
 * assign `self.<attribute>` may change it at runtime, so it gives null.
 */
function classAttributeString(project: Project, mod: PyModule, classNode: PyNode, attribute: string, depth: number): StaticString | null {
  if (depth > MAX_DEPTH) return null;
  const body = classNode.childForFieldName('body');
  if (body === null) return null;
  const setsOnSelf = body.descendantsOfType('assignment').some((a) => a !== null && dottedName(a.childForFieldName('left')) === `self.${attribute}`);
  if (setsOnSelf) return null;
  const className = classNode.childForFieldName('name')?.text ?? '?';
  for (const statement of body.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== attribute) continue;
    let value = assignment.childForFieldName('right');
    if (value === null) return null;
    if (value.type === 'call' && /(?:^|\.)Field$/.test(dottedName(value.childForFieldName('function')) ?? '')) {
      value = positionalArguments(value)[0] ?? keywordArgument(value, 'default');
    }
    const found = staticString(project, mod, value, depth + 1);
    return found === null ? null : { value: found.value, origin: found.origin ?? { file: mod.file, line: lineOf(assignment), what: `the default of ${className}.${attribute}` } };
  }
  for (const base of classNode.childForFieldName('superclasses')?.namedChildren ?? []) {
    const definition = base === null ? null : definitionOf(project, mod, base);
    if (definition?.node.type !== 'class_definition') continue;
    const found = classAttributeString(project, definition.mod, definition.node, attribute, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

interface Definition {
  mod: PyModule;
  /** A `class_definition` or `function_definition`. */
  node: PyNode;
}

/** The app's own class or function a name refers to, here or in the module it is imported from. */
function definitionOf(project: Project, mod: PyModule, node: PyNode | null, depth = 0): Definition | null {
  const dotted = dottedName(node);
  if (dotted === null || depth > MAX_DEPTH) return null;
  if (!dotted.includes('.') && !mod.imports.has(dotted)) {
    const local = topLevelDefinition(mod, dotted);
    return local === null ? null : { mod, node: local };
  }
  const reference = referenceOf(node, mod);
  const found = reference === null ? null : splitModule(project, reference);
  if (found === null || found.rest.length !== 1) return null;
  const name = found.rest[0]!;
  const local = topLevelDefinition(found.mod, name);
  if (local !== null) return { mod: found.mod, node: local };
  const imported = found.mod.imports.get(name);
  if (imported === undefined) return null;
  const again = splitModule(project, imported);
  if (again === null || again.rest.length !== 1) return null;
  const definition = topLevelDefinition(again.mod, again.rest[0]!);
  return definition === null ? null : { mod: again.mod, node: definition };
}

function topLevelDefinition(mod: PyModule, name: string): PyNode | null {
  for (const statement of mod.tree.root.namedChildren) {
    const def = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if ((def?.type === 'class_definition' || def?.type === 'function_definition') && def.childForFieldName('name')?.text === name) return def;
  }
  return null;
}

function topLevelClass(mod: PyModule, name: string): PyNode | null {
  const def = topLevelDefinition(mod, name);
  return def?.type === 'class_definition' ? def : null;
}

function definesName(mod: PyModule, name: string): boolean {
  return topLevelDefinition(mod, name) !== null || topLevelAssignments(mod.tree).some((a) => a.name === name);
}

const moduleFiles = new WeakMap<Project, Map<string, string>>();

/** Module name → file for the app's own source files (computed once per project). */
export function appModules(project: Project): Map<string, string> {
  let index = moduleFiles.get(project);
  if (index === undefined) {
    index = new Map();
    for (const file of appSourceFiles(project)) {
      const location = moduleOf(project, file);
      if (location !== null && !index.has(location.module)) index.set(location.module, file);
    }
    moduleFiles.set(project, index);
  }
  return index;
}

/** Splits `pkg.config.settings.X` into the app module `pkg.config` and the names `settings.X` inside it. */
export function splitModule(project: Project, reference: string): { mod: PyModule; rest: string[] } | null {
  const index = appModules(project);
  const parts = reference.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const file = index.get(parts.slice(0, i).join('.'));
    if (file === undefined) continue;
    const mod = pyModule(project, file);
    return mod === null ? null : { mod, rest: parts.slice(i) };
  }
  return null;
}
