// Flask app objects and application factories: https://flask.palletsprojects.com/en/stable/patterns/appfactories/
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import type { Project } from '../project.ts';
import { appSourceFiles, findAppCandidates, methodName, ownDescendants, pyModule, referenceOf, toAppFacts, type AppCandidate, type AppSpec, type PyModule } from '../python-app.ts';
import { descendants, topLevelFunctions, type FunctionDef, type PyNode } from '../python.ts';

export const FLASK_SPEC: AppSpec = {
  framework: 'flask',
  interface: 'wsgi',
  className: 'Flask',
  classes: ['flask.Flask', 'flask.app.Flask'],
};

export const flask = defineDetector({
  id: 'flask',
  kind: 'framework',
  enablers: ['flask'],
  detect(project) {
    const candidates = findAppCandidates(project, FLASK_SPEC);
    const best = candidates[0];
    const factories = best?.kind === 'object' ? routeFactoriesOf(project, best) : [];
    // Only one function wiring the app up is unambiguous; with several, the object stays first.
    const factory = factories.length === 1 ? factories[0]! : null;
    if (factory === null) return toAppFacts(FLASK_SPEC, candidates);
    if (factory.candidate !== null) return toAppFacts(FLASK_SPEC, [factory.candidate, ...candidates]);
    return [...toAppFacts(FLASK_SPEC, candidates), factory.problem!];
  },
});

/** Methods that add routes or blueprints to a Flask app. */
const REGISTRATIONS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'add_url_rule', 'register_blueprint']);

export interface RouteFactory {
  /** `pkg.module.function`. */
  qualified: string;
  /** The factory as an app target when it can be called without arguments (servers call it so). */
  candidate: AppCandidate | null;
  /** Said instead when it needs arguments: neither the object nor the function is a usable target. */
  problem: Fact | null;
}

/**
 * Functions that register the routes of a module-level Flask app and return it, when the app
 * gets no routes at module level anywhere in its package (`app = Flask(__name__)` in one
 * module, `def build_app(): @app.route(...) … return app` beside it). A server given the bare
 * object would serve an app without pages; the function is what makes it the app.
 */
export function routeFactoriesOf(project: Project, object: AppCandidate): RouteFactory[] {
  let byObject = routeFactoryCache.get(project);
  if (byObject === undefined) {
    byObject = new Map();
    routeFactoryCache.set(project, byObject);
  }
  if (!byObject.has(object.value)) byObject.set(object.value, searchRouteFactories(project, object));
  return byObject.get(object.value)!;
}

const routeFactoryCache = new WeakMap<Project, Map<string, RouteFactory[]>>();

function searchRouteFactories(project: Project, object: AppCandidate): RouteFactory[] {
  const [module, name] = object.value.split(':') as [string, string];
  const qualified = `${module}.${name}`;
  const pkg = module.split('.')[0]!;
  // Other modules reach the object by importing it from its module (`from .web import app`,
  // parenthesised lists included); the text test spares parsing every module that says "app".
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const imports = new RegExp(`\\b${escape(module.split('.').pop()!)}\\s+import\\s*\\(?[^)]*?\\b${escape(name)}\\b`);
  const modules = appSourceFiles(project).flatMap((file) => {
    if (file !== object.file && !imports.test(project.read(file) ?? '')) return [];
    const mod = pyModule(project, file);
    const inPackage = mod?.location !== null && mod?.location !== undefined && (mod.location.module === pkg || mod.location.module.startsWith(`${pkg}.`));
    return mod !== null && inPackage ? [mod] : [];
  });
  const isTheApp = (node: PyNode | null, mod: PyModule): boolean => node !== null && referenceOf(node, mod) === qualified;
  if (modules.some((mod) => registersAtModuleLevel(mod, isTheApp))) return [];
  const out: RouteFactory[] = [];
  for (const mod of modules) {
    for (const fn of topLevelFunctions(mod.tree)) {
      const body = fn.node.childForFieldName('body');
      if (body === null || shadows(body, name)) continue;
      const registers = ownDescendants(body, ['call']).some((call) => REGISTRATIONS.has(methodName(call) ?? '') && isTheApp(receiverOf(call), mod));
      const returns = ownDescendants(body, ['return_statement']).some((ret) => isTheApp(ret.namedChild(0), mod));
      if (registers && returns) out.push(toRouteFactory(mod, fn, object, name));
    }
  }
  return out;
}

function toRouteFactory(mod: PyModule, fn: FunctionDef, object: AppCandidate, name: string): RouteFactory {
  const value = `${mod.location!.module}:${fn.name}()`;
  const source = { file: mod.file, line: fn.line };
  const blocking = blockingParameter(fn.node);
  if (blocking === null) {
    return {
      qualified: `${mod.location!.module}.${fn.name}`,
      candidate: {
        file: mod.file,
        line: fn.line,
        value,
        workdir: mod.location!.workdir,
        kind: 'factory',
        why: `defines \`${fn.name}()\`, which registers the routes of the Flask app \`${name}\` (${object.file}:${object.line}) and returns it, while nothing registers routes on \`${name}\` at module level`,
      },
      problem: null,
    };
  }
  return {
    qualified: `${mod.location!.module}.${fn.name}`,
    candidate: null,
    problem: {
      kind: 'problem',
      level: 'info',
      code: 'I_FLASK_ROUTES_IN_FUNCTION',
      message: `The Flask app "${object.value}" gets its routes only when \`${fn.name}()\` runs, and ${fn.name}() cannot run without arguments (${blocking}), so a server given "${object.value}" or "${value}" would not serve the app's pages. Set app = "module:callable" to what your server should load, or start the app through its own entry point.`,
      configKey: 'app',
      source,
      why: `registers the routes of \`${name}\` inside a function that cannot be called without arguments`,
    },
  };
}

/** True when a route or blueprint is registered on the app outside any function or class. */
function registersAtModuleLevel(mod: PyModule, isTheApp: (node: PyNode | null, mod: PyModule) => boolean): boolean {
  return descendants(mod.tree.root, 'call').some((call) => {
    if (!REGISTRATIONS.has(methodName(call) ?? '') || !isTheApp(receiverOf(call), mod)) return false;
    for (let parent = call.parent; parent !== null; parent = parent.parent) {
      if (parent.type === 'function_definition' || parent.type === 'class_definition') return false;
    }
    return true;
  });
}

function receiverOf(call: PyNode): PyNode | null {
  return call.childForFieldName('function')?.childForFieldName('object') ?? null;
}

/** True when a function binds `name` locally (without `global name`), so its `name` is not the module's. */
function shadows(body: PyNode, name: string): boolean {
  const declaredGlobal = ownDescendants(body, ['global_statement']).some((g) => g.namedChildren.some((c) => c?.text === name));
  if (declaredGlobal) return false;
  return ownDescendants(body, ['assignment']).some((a) => a.childForFieldName('left')?.type === 'identifier' && a.childForFieldName('left')!.text === name);
}

/**
 * Servers call a factory with no arguments, so every parameter needs a default, and a `None`
 * default must survive the call: `config["path"]` on `config=None` raises, while
 * `create_app(config_name=None)` that checks or replaces it is the usual, working pattern.
 */
function blockingParameter(fn: PyNode): string | null {
  const body = fn.childForFieldName('body');
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p === null || ['list_splat_pattern', 'dictionary_splat_pattern', 'keyword_separator', 'positional_separator', 'comment'].includes(p.type)) continue;
    const name = p.childForFieldName('name')?.text ?? p.text;
    if (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter') return `\`${name}\` has no default`;
    if (p.childForFieldName('value')?.type === 'none' && body !== null && dereferencesUnguarded(body, name)) return `\`${name}\` defaults to None but is used without a check`;
  }
  return null;
}

const GUARDS = new Set(['if_statement', 'elif_clause', 'while_statement', 'conditional_expression', 'boolean_operator']);

/** True when the body subscripts, reads an attribute of, or calls `name` outside any condition that tests it, and never rebinds it. */
function dereferencesUnguarded(body: PyNode, name: string): boolean {
  const mentions = (node: PyNode | null): boolean => node !== null && (node.text === name || descendants(node, 'identifier').some((i) => i.text === name));
  if (ownDescendants(body, ['assignment']).some((a) => a.childForFieldName('left')?.text === name)) return false;
  return ownDescendants(body, ['subscript', 'attribute', 'call']).some((use) => {
    const object = use.type === 'subscript' ? use.childForFieldName('value') : use.type === 'attribute' ? use.childForFieldName('object') : use.childForFieldName('function');
    if (object?.type !== 'identifier' || object.text !== name) return false;
    for (let parent = use.parent; parent !== null && parent !== body; parent = parent.parent) {
      if (!GUARDS.has(parent.type)) continue;
      // `a if cond else b` has no field names: the condition is its second expression.
      const condition = parent.type === 'conditional_expression' ? parent.namedChild(1) : parent.type === 'boolean_operator' ? parent.childForFieldName('left') : parent.childForFieldName('condition');
      if (mentions(condition)) return false;
    }
    return true;
  });
}
