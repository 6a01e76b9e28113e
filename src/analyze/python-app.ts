import type { AppInterface, Fact, Framework } from '../model/facts.ts';
import { moduleOf, type ModuleLocation } from './modules.ts';
import { joinRel, type Project } from './project.ts';
import {
  calleeOf,
  descendants,
  dottedName,
  importsOf,
  keywordArgument,
  positionalArguments,
  qualifiedName,
  stringValue,
  topLevelAssignments,
  topLevelFunctions,
  type PyNode,
  type PythonTree,
} from './python.ts';

/**
 * What the framework detectors share: which Python files belong to the running app, imports
 * resolved to absolute module names (relative ones included), app objects and factories,
 * and sub-applications that are mounted into another app and so are not server targets.
 */

/** Folders inside the app that hold code a server never imports as the app. */
const NON_APP_DIRS = new Set(['tests', 'test', 'testing', 'docs', 'examples', 'example', 'migrations', 'scripts']);

/** True for a `.py` file under the app root that is part of the running app (not tests, docs, migrations…). */
export function isAppSource(project: Project, file: string): boolean {
  if (!file.endsWith('.py')) return false;
  const prefix = project.appRoot === '.' ? '' : `${project.appRoot}/`;
  if (!file.startsWith(prefix)) return false;
  const parts = file.slice(prefix.length).split('/');
  const name = parts.pop()!;
  if (name === 'conftest.py' || name.startsWith('test_') || name.endsWith('_test.py')) return false;
  return !parts.some((part) => NON_APP_DIRS.has(part));
}

export interface PyModule {
  file: string;
  /** Module name and import root; null when the file is not importable (a dash in a folder name, say). */
  location: ModuleLocation | null;
  tree: PythonTree;
  /** Local name → absolute qualified name, relative imports resolved against this module. */
  imports: Map<string, string>;
}

const sourceFiles = new WeakMap<Project, readonly string[]>();
const parsed = new WeakMap<Project, Map<string, PyModule | null>>();

/** App source files of a project (computed once per project). */
export function appSourceFiles(project: Project): readonly string[] {
  let files = sourceFiles.get(project);
  if (files === undefined) {
    files = project.appFiles.filter((file) => isAppSource(project, file));
    sourceFiles.set(project, files);
  }
  return files;
}

/** One parsed module with resolved imports, shared by every detector; null when unreadable. */
export function pyModule(project: Project, file: string): PyModule | null {
  let cache = parsed.get(project);
  if (cache === undefined) {
    cache = new Map();
    parsed.set(project, cache);
  }
  if (cache.has(file)) return cache.get(file)!;
  const tree = project.python(file);
  const location = tree === null ? null : moduleOf(project, file);
  const mod = tree === null ? null : { file, location, tree, imports: resolvedImports(tree, location?.module ?? null, file.endsWith('__init__.py')) };
  cache.set(file, mod);
  return mod;
}

/**
 * App modules whose text matches `hint`. Parsing is the expensive step, and code can only
 * refer to `FastAPI` or `urlpatterns` by writing the name, so files without it are not parsed.
 */
export function modulesMatching(project: Project, hint: RegExp): PyModule[] {
  const out: PyModule[] = [];
  for (const file of appSourceFiles(project)) {
    const text = project.read(file);
    if (text === null || !hint.test(text)) continue;
    const mod = pyModule(project, file);
    if (mod !== null) out.push(mod);
  }
  return out;
}

/** A pattern matching any of the given identifiers as whole words. */
export function wordsHint(words: Iterable<string>): RegExp {
  const escaped = [...new Set(words)].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return escaped.length === 0 ? /(?!)/ : new RegExp(`\\b(?:${escaped.join('|')})\\b`);
}

/** `importsOf`, with `from .x import y` resolved to the absolute module the import names. */
export function resolvedImports(tree: PythonTree, module: string | null, isPackage: boolean): Map<string, string> {
  const imports = importsOf(tree);
  if (module === null) return imports;
  for (const node of descendants(tree.root, 'import_from_statement')) {
    const moduleNode = node.childForFieldName('module_name');
    if (moduleNode?.type !== 'relative_import') continue;
    const dots = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
    const rest = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
    const base = resolveRelative(module, isPackage, dots, rest);
    if (base === null) continue;
    for (const child of node.childrenForFieldName('name')) {
      if (child === null) continue;
      const name = child.type === 'aliased_import' ? child.childForFieldName('name')?.text : child.text;
      const alias = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : child.text;
      if (name !== undefined && alias !== undefined) imports.set(alias, base === '' ? name : `${base}.${name}`);
    }
  }
  return imports;
}

function resolveRelative(module: string, isPackage: boolean, dots: number, rest: string): string | null {
  const parts = module.split('.');
  // A module's own package is one dot up; each further dot climbs one package.
  const keep = parts.length - (isPackage ? 0 : 1) - (dots - 1);
  // Python refuses a relative import that climbs above the top-level package.
  if (keep <= 0) return null;
  return [...parts.slice(0, keep), ...(rest === '' ? [] : rest.split('.'))].join('.');
}

/**
 * The absolute name an expression refers to in a module: imported names through their import,
 * other names as attributes of the module itself (`app` in `pkg.main` is `pkg.main.app`).
 */
export function referenceOf(node: PyNode | null, mod: PyModule): string | null {
  const dotted = dottedName(node);
  if (dotted === null) return null;
  const head = dotted.split('.')[0]!;
  if (mod.imports.has(head)) return qualifiedName(node, mod.imports);
  return mod.location === null ? dotted : `${mod.location.module}.${dotted}`;
}

/** True when a node names (through imports or as a local definition) one of `names`. */
export function refersTo(node: PyNode | null, mod: PyModule, names: ReadonlySet<string>): boolean {
  const qualified = qualifiedName(node, mod.imports);
  if (qualified !== null && names.has(qualified)) return true;
  const reference = referenceOf(node, mod);
  return reference !== null && names.has(reference);
}

/** True when `node` is a call to one of `names`. */
export function isCallTo(node: PyNode | null, mod: PyModule, names: ReadonlySet<string>): boolean {
  return node !== null && node.type === 'call' && refersTo(node.childForFieldName('function'), mod, names);
}

const SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/** Descendants of a function body that belong to the function itself, not to nested functions or classes. */
export function ownDescendants(node: PyNode, types: readonly string[]): PyNode[] {
  const out: PyNode[] = [];
  const visit = (n: PyNode): void => {
    for (const child of n.namedChildren) {
      if (child === null) continue;
      if (types.includes(child.type)) out.push(child);
      if (!SCOPES.has(child.type)) visit(child);
    }
  };
  visit(node);
  return out;
}

/** The string of a call's first positional argument, or of keyword `name` when given. */
export function pathArgument(call: PyNode, keyword: string): { value: string; node: PyNode } | null {
  const node = positionalArguments(call)[0] ?? keywordArgument(call, keyword);
  const value = stringValue(node ?? null);
  return node === undefined || node === null || value === null ? null : { value, node };
}

/** The attribute name of a method call (`x.mount(...)` → `mount`), or null. */
export function methodName(call: PyNode): string | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? null) : null;
}

// --- app objects and factories ---

export interface AppSpec {
  framework: Framework;
  interface: AppInterface;
  /** Shown in explanations: `FastAPI`, `Flask`. */
  className: string;
  /** Qualified names of the app class, e.g. `fastapi.FastAPI` and `fastapi.applications.FastAPI`. */
  classes: readonly string[];
}

export interface AppCandidate {
  file: string;
  line: number;
  /** `pkg.main:app` or `pkg:create_app()`. */
  value: string;
  workdir: string;
  kind: 'object' | 'factory';
  why: string;
}

/**
 * Module-level app objects and app factories of one framework, best first. An object is a
 * module-level assignment of an app-class call (or of a call to a factory); a factory is a
 * top-level function that returns an app or is annotated to. Apps mounted into another app
 * are left out: a server is never pointed at them.
 */
export function findAppCandidates(project: Project, spec: AppSpec): AppCandidate[] {
  // Several detectors ask for the same framework's apps (flask, flask-migrate, flask-run); the project does not change.
  let bySpec = candidateCache.get(project);
  if (bySpec === undefined) {
    bySpec = new Map();
    candidateCache.set(project, bySpec);
  }
  const key = spec.classes.join(',');
  if (!bySpec.has(key)) bySpec.set(key, searchAppCandidates(project, spec));
  return [...bySpec.get(key)!];
}

const candidateCache = new WeakMap<Project, Map<string, AppCandidate[]>>();

function searchAppCandidates(project: Project, spec: AppSpec): AppCandidate[] {
  const shortNames = (names: Iterable<string>): string[] => [...names].map((n) => n.split('.').pop()!);
  let modules = modulesMatching(project, wordsHint(shortNames(spec.classes)));
  const classes = withSubclasses(modules, new Set(spec.classes));
  if (classes.size > spec.classes.length) modules = modulesMatching(project, wordsHint(shortNames(classes)));
  const factories = new Map<string, { mod: PyModule; name: string; line: number }>();
  for (const mod of modules) {
    if (mod.location === null) continue;
    for (const fn of topLevelFunctions(mod.tree)) {
      if (isFactory(fn.node, mod, classes)) factories.set(`${mod.location.module}.${fn.name}`, { mod, name: fn.name, line: fn.line });
    }
  }
  // `app = create_app()` can sit in a module that never names the framework.
  if (factories.size > 0) modules = modulesMatching(project, wordsHint([...shortNames(classes), ...shortNames(factories.keys())]));
  const factoryNames = new Set(factories.keys());
  const mounted = mountedApps(modulesMatching(project, MOUNT_HINT));
  const candidates: AppCandidate[] = [];
  for (const mod of modules) {
    const location = mod.location;
    if (location === null) continue;
    const seen = new Set<string>();
    for (const assignment of topLevelAssignments(mod.tree)) {
      if (seen.has(assignment.name) || mounted.has(`${location.module}.${assignment.name}`)) continue;
      const value = assignment.value;
      let what: string | null = null;
      if (isCallTo(value, mod, classes)) {
        const callee = value.childForFieldName('function');
        const direct = spec.classes.includes(qualifiedName(callee, mod.imports) ?? '');
        what = direct ? `${spec.className}()` : `${callee!.text}() (a ${spec.className} subclass)`;
      } else if (isCallTo(value, mod, factoryNames)) {
        const factory = value.childForFieldName('function')!.text;
        what = `${factory}() (a ${spec.className} app factory)`;
      }
      if (what === null) continue;
      seen.add(assignment.name);
      candidates.push({
        file: mod.file,
        line: assignment.line,
        value: `${location.module}:${assignment.name}`,
        workdir: location.workdir,
        kind: 'object',
        why: `${mod.file}:${assignment.line} assigns ${what} to \`${assignment.name}\``,
      });
    }
  }
  for (const [qualified, { mod, name, line }] of factories) {
    if (mounted.has(qualified) || mod.location === null) continue;
    candidates.push({
      file: mod.file,
      line,
      value: `${mod.location.module}:${name}()`,
      workdir: mod.location.workdir,
      kind: 'factory',
      why: `${mod.file}:${line} defines \`${name}()\`, which returns a ${spec.className} app`,
    });
  }
  return rankCandidates(project, candidates);
}

/** Adds classes defined in the project that subclass one of `classes` (`class Api(FastAPI): …`). */
function withSubclasses(modules: readonly PyModule[], classes: Set<string>): Set<string> {
  const out = new Set(classes);
  for (const mod of modules) {
    if (mod.location === null) continue;
    for (const statement of mod.tree.root.namedChildren) {
      const def = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (def?.type !== 'class_definition') continue;
      const bases = def.childForFieldName('superclasses')?.namedChildren ?? [];
      if (bases.some((base) => base !== null && refersTo(base, mod, classes))) {
        out.add(`${mod.location.module}.${def.childForFieldName('name')!.text}`);
      }
    }
  }
  return out;
}

function isFactory(fn: PyNode, mod: PyModule, classes: ReadonlySet<string>): boolean {
  const annotation = fn.childForFieldName('return_type')?.namedChild(0) ?? null;
  if (annotation !== null && refersTo(annotation, mod, classes)) return true;
  const body = fn.childForFieldName('body');
  if (body === null) return false;
  const appNames = new Set<string>();
  for (const assignment of ownDescendants(body, ['assignment'])) {
    const left = assignment.childForFieldName('left');
    if (left?.type === 'identifier' && isCallTo(assignment.childForFieldName('right'), mod, classes)) appNames.add(left.text);
  }
  return ownDescendants(body, ['return_statement']).some((ret) => {
    const value = ret.namedChild(0);
    if (value === null) return false;
    return isCallTo(value, mod, classes) || (value.type === 'identifier' && appNames.has(value.text));
  });
}

const MOUNT_HINT = /\bmount\b|\bMount\b|\bHost\b|DispatcherMiddleware/;

/**
 * Absolute names of apps mounted inside another app: `app.mount("/x", sub)`,
 * `Mount("/x", app=sub)`, `app.mount("/legacy", WSGIMiddleware(flask_app))` and the
 * mapping of Werkzeug's `DispatcherMiddleware(app, {"/x": sub})`.
 */
export function mountedApps(modules: readonly PyModule[]): Set<string> {
  const mounted = new Set<string>();
  const collect = (node: PyNode | null, mod: PyModule, depth: number): void => {
    if (node === null || depth > 3) return;
    if (node.type === 'call') {
      // `mount("/admin", create_admin_app())` mounts what the factory returns.
      collect(node.childForFieldName('function'), mod, depth + 1);
      for (const arg of positionalArguments(node)) collect(arg, mod, depth + 1);
      collect(keywordArgument(node, 'app'), mod, depth + 1);
      return;
    }
    const reference = referenceOf(node, mod);
    if (reference !== null) mounted.add(reference);
  };
  for (const mod of modules) {
    for (const call of descendants(mod.tree.root, 'call')) {
      const callee = calleeOf(call, mod.imports) ?? '';
      if (methodName(call) === 'mount') {
        collect(positionalArguments(call)[1] ?? keywordArgument(call, 'app'), mod, 0);
      } else if (['starlette.routing.Mount', 'starlette.routing.Host', 'fastapi.routing.Mount'].includes(callee)) {
        collect(keywordArgument(call, 'app'), mod, 0);
      } else if (callee.endsWith('DispatcherMiddleware')) {
        const mapping = positionalArguments(call)[1] ?? keywordArgument(call, 'mounts');
        for (const pair of mapping?.type === 'dictionary' ? descendants(mapping, 'pair') : []) {
          collect(pair.childForFieldName('value'), mod, 0);
        }
      }
    }
  }
  return mounted;
}

/** Files whose text usually holds the command that starts the server. */
const COMMAND_FILES = ['Procfile', 'Dockerfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml', 'fly.toml', 'Makefile', 'app.yaml', 'pyproject.toml'];

/** True when one of the project's command files names the target (`pkg.main:app`, `pkg:create_app`). */
function isNamedByCommands(texts: readonly string[], value: string): boolean {
  const bare = value.replace(/\(\)$/, '');
  const pattern = new RegExp(`(^|[^\\w.])${bare.replace(/[.]/g, '\\.')}(?![\\w.])`);
  return texts.some((text) => pattern.test(text));
}

const PREFERRED_FILES = new Set(['main.py', 'app.py', 'asgi.py', 'wsgi.py']);

/** Best first: named by a command, then a conventional file name, then objects before factories, then shallower files. */
function rankCandidates(project: Project, candidates: AppCandidate[]): AppCandidate[] {
  const texts = COMMAND_FILES.map((f) => project.read(project.inApp(f))).filter((t): t is string => t !== null);
  const key = (c: AppCandidate): number[] => [
    isNamedByCommands(texts, c.value) ? 0 : 1,
    PREFERRED_FILES.has(c.file.split('/').pop()!) ? 0 : 1,
    c.kind === 'object' ? 0 : 1,
    c.file.split('/').length,
  ];
  return candidates
    .map((c, index) => ({ c, index, k: key(c) }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) if (a.k[i] !== b.k[i]) return a.k[i]! - b.k[i]!;
      return a.index - b.index;
    })
    .map(({ c }) => c);
}

/** The `framework` fact (sourced at the best candidate) followed by one `app-target` per candidate. */
export function toAppFacts(spec: AppSpec, candidates: readonly AppCandidate[]): Fact[] {
  const best = candidates[0];
  if (best === undefined) return [];
  return [
    {
      kind: 'framework',
      value: spec.framework,
      interface: spec.interface,
      source: { file: best.file, line: best.line },
      why: `${best.why}, and ${spec.className} apps are ${spec.interface.toUpperCase()} applications`,
    },
    ...candidates.map((c): Fact => ({
      kind: 'app-target',
      value: c.value,
      workdir: c.workdir,
      framework: spec.framework,
      interface: spec.interface,
      origin: 'code',
      source: { file: c.file, line: c.line },
      why: c.why,
    })),
  ];
}

/** Where a dotted module lives: `{ file, workdir }` under the app root or its `src/`, or null. */
export function findModuleFile(project: Project, module: string, roots: readonly string[]): { file: string; workdir: string } | null {
  const relative = module.split('.').join('/');
  for (const root of roots) {
    for (const candidate of [`${relative}.py`, `${relative}/__init__.py`]) {
      const file = joinRel(root, candidate);
      if (project.has(file)) return { file, workdir: root };
    }
  }
  return null;
}

/** The app root and, for src layouts, `<app root>/src`: where a declared module may be imported from. */
export function importRootsOf(project: Project): string[] {
  return [project.appRoot, joinRel(project.appRoot, 'src')];
}

/** 1-based line of the first line matching `pattern` after the `[section]` header, or 0. */
export function tomlKeyLine(text: string, section: string, key: string): number {
  const lines = text.split(/\r?\n/);
  let inSection = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('[')) inSection = line.replace(/\s+/g, '') === `[${section}]`;
    else if (inSection && new RegExp(`^["']?${key}["']?\\s*=`).test(line)) return i + 1;
  }
  return 0;
}

/** Absolute names of the modules a file star-imports (`from .base import *` in split settings). */
export function starImportsOf(mod: PyModule): string[] {
  const out: string[] = [];
  for (const node of descendants(mod.tree.root, 'import_from_statement')) {
    if (!node.namedChildren.some((c) => c?.type === 'wildcard_import')) continue;
    const moduleNode = node.childForFieldName('module_name');
    if (moduleNode === null) continue;
    if (moduleNode.type !== 'relative_import') {
      out.push(moduleNode.text);
      continue;
    }
    if (mod.location === null) continue;
    const dots = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
    const rest = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
    const base = resolveRelative(mod.location.module, mod.file.endsWith('__init__.py'), dots, rest);
    if (base !== null && base !== '') out.push(base);
  }
  return out;
}
