// Existing health and metrics routes, named by the conventions of https://kubernetes.io/docs/reference/using-api/health-checks/
import type { EndpointRole, Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import type { Project } from '../project.ts';
import { appSourceFiles, isCallTo, methodName, modulesMatching, pathArgument, referenceOf, type PyModule } from '../python-app.ts';
import { calleeOf, descendants, dottedName, keywordArgument, lineOf, positionalArguments, stringList, stringValue, type PyNode } from '../python.ts';
import { staticString } from '../static-strings.ts';

export const endpoints = defineDetector({
  id: 'endpoints',
  kind: 'endpoints',
  enablers: ['fastapi', 'starlette', 'litestar', 'django', 'flask'],
  detect(project) {
    const modules = modulesMatching(project, ENDPOINT_HINT);
    const prefixes = routerPrefixes(project, modules);
    const hits: Hit[] = [];
    for (const mod of modules) {
      hits.push(...decoratorRoutes(mod, prefixes), ...callRoutes(project, mod, prefixes), ...metricsExporters(project, mod, prefixes));
    }
    hits.push(...djangoRoutes(modules));
    return toEndpointFacts(hits, usesPrometheus(project));
  },
});

/** Text any module that declares routes, routers or metrics exporters contains; other files are not parsed. */
const ENDPOINT_HINT =
  /@[\w.]*\b(?:get|route|api_route|head)\s*\(|\b(?:Route|Mount|add_route|add_api_route|add_url_rule|include_router|register_blueprint|APIRouter|Blueprint|Router|expose|PrometheusMetrics|GunicornInternalPrometheusMetrics|make_asgi_app|make_wsgi_app|urlpatterns)\b|django\.(?:conf\.)?urls/;

/**
 * One part of a URL prefix. A prefix written as a constant or a settings default is known
 * (with a note saying where its text is); one computed at runtime is not, and a route under
 * it has no path py2kube can give a probe.
 */
type Piece = { value: string; note: string | null } | { unknown: string; file: string; line: number };

interface Hit {
  /** Prefixes the route sits under, outermost first. */
  prefix: Piece[];
  /** The route's own path. */
  route: string;
  /** Set when the code itself says what the path is for (a metrics exporter); otherwise named by the path. */
  role: EndpointRole | null;
  /** The name of the function or view that serves the route, when the code names one. */
  handler: string | null;
  file: string;
  line: number;
  /** What the code does with the full path, e.g. `routes /healthz with @app.get`. */
  does: (path: string) => string;
}

/** The static value of a prefix argument, or the expression itself when it is only known at runtime. */
function pieceOf(project: Project, mod: PyModule, node: PyNode | null): Piece | null {
  if (node === null || node.type === 'none') return null;
  const found = staticString(project, mod, node);
  if (found === null) return { unknown: node.text, file: mod.file, line: lineOf(node) };
  if (stringValue(node) !== null) return { value: found.value, note: null };
  const origin = found.origin === null ? '' : ` (${found.origin.what}, ${found.origin.file}:${found.origin.line})`;
  return { value: found.value, note: `${node.text} is "${found.value}"${origin}` };
}

// --- router prefixes (FastAPI APIRouter, Flask Blueprint, Litestar Router) ---

interface Inclusion {
  /** The app or router it is included into. */
  parent: string | null;
  prefix: Piece | null;
  /** Flask's `register_blueprint(url_prefix=…)` replaces the blueprint's own prefix; FastAPI's adds to it. */
  replaces: boolean;
}

interface Prefixes {
  own: Map<string, Piece>;
  included: Map<string, Inclusion>;
}

const ROUTER_CLASSES: Record<string, string> = {
  'fastapi.APIRouter': 'prefix',
  'fastapi.routing.APIRouter': 'prefix',
  'flask.Blueprint': 'url_prefix',
  'flask.blueprints.Blueprint': 'url_prefix',
  'litestar.Router': 'path',
  'litestar.router.Router': 'path',
};

/** Prefixes known statically: a router's own, and the one given where it is included (first inclusion wins). */
function routerPrefixes(project: Project, modules: readonly PyModule[]): Prefixes {
  const own = new Map<string, Piece>();
  const included = new Map<string, Inclusion>();
  for (const mod of modules) {
    for (const assignment of descendants(mod.tree.root, 'assignment')) {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      const keyword = ROUTER_CLASSES[calleeOf(right, mod.imports) ?? ''];
      if (left?.type !== 'identifier' || right === null || keyword === undefined) continue;
      const prefix = pieceOf(project, mod, keywordArgument(right, keyword));
      const reference = referenceOf(left, mod);
      if (prefix !== null && reference !== null) own.set(reference, prefix);
      // A Litestar Router lists its handlers; they sit under its path.
      if (keyword === 'path') {
        for (const handler of keywordArgument(right, 'route_handlers')?.namedChildren ?? []) {
          const ref = handler === null ? null : referenceOf(handler, mod);
          if (ref !== null && reference !== null && !included.has(ref)) included.set(ref, { parent: reference, prefix: null, replaces: false });
        }
      }
    }
    for (const call of descendants(mod.tree.root, 'call')) {
      const method = methodName(call);
      if (method !== 'include_router' && method !== 'register_blueprint') continue;
      const target = referenceOf(positionalArguments(call)[0] ?? null, mod);
      if (target === null || included.has(target)) continue;
      const keyword = method === 'include_router' ? 'prefix' : 'url_prefix';
      const receiver = call.childForFieldName('function')!.childForFieldName('object');
      included.set(target, {
        parent: referenceOf(receiver, mod),
        prefix: pieceOf(project, mod, keywordArgument(call, keyword)),
        replaces: method === 'register_blueprint',
      });
    }
  }
  return { own, included };
}

/** The prefixes a router or app sits under, outermost first. */
function prefixOf(prefixes: Prefixes, reference: string | null, depth = 0): Piece[] {
  if (reference === null || depth > 8) return [];
  const own = prefixes.own.get(reference);
  const ownPieces = own === undefined ? [] : [own];
  const inclusion = prefixes.included.get(reference);
  if (inclusion === undefined) return ownPieces;
  const given = inclusion.prefix === null ? [] : [inclusion.prefix];
  const here = inclusion.replaces && inclusion.prefix !== null ? given : [...given, ...ownPieces];
  return [...prefixOf(prefixes, inclusion.parent, depth + 1), ...here];
}

// --- routes ---

const ROUTE_METHODS = new Set(['get', 'route', 'api_route', 'head']);
const LITESTAR_HANDLERS = new Set(['litestar.get', 'litestar.head', 'litestar.route', 'litestar.handlers.get', 'litestar.handlers.head', 'litestar.handlers.route']);

/** `@app.get("/healthz")`, `@bp.route("/ping")`, `@router.get(...)`, Litestar `@get("/health")`. */
function decoratorRoutes(mod: PyModule, prefixes: Prefixes): Hit[] {
  const hits: Hit[] = [];
  for (const decorated of descendants(mod.tree.root, 'decorated_definition')) {
    const handler = decorated.childForFieldName('definition')?.childForFieldName('name')?.text ?? null;
    for (const decorator of decorated.namedChildren) {
      const call = decorator?.type === 'decorator' ? decorator.namedChild(0) : null;
      if (call?.type !== 'call' || !servesGet(call)) continue;
      const fn = call.childForFieldName('function')!;
      const line = lineOf(call);
      const at = { handler, file: mod.file, line, role: null, does: (full: string) => `routes ${full} with @${fn.text}` };
      if (fn.type === 'attribute' && ROUTE_METHODS.has(methodName(call) ?? '')) {
        const path = pathArgument(call, fn.childForFieldName('attribute')!.text === 'route' ? 'rule' : 'path');
        if (path === null || !path.value.startsWith('/')) continue;
        hits.push({ ...at, prefix: prefixOf(prefixes, referenceOf(fn.childForFieldName('object'), mod)), route: path.value });
      } else if (isCallTo(call, mod, LITESTAR_HANDLERS)) {
        const argument = positionalArguments(call)[0] ?? keywordArgument(call, 'path');
        const paths = argument?.type === 'list' ? stringList(argument) : [stringValue(argument ?? null)].filter((p): p is string => p !== null);
        const prefix = litestarPrefix(decorated, mod, prefixes);
        for (const path of paths) hits.push({ ...at, prefix, route: path });
      }
    }
  }
  return hits;
}

/** A Litestar handler's prefix: its Controller's `path` and any Router that lists the handler or controller. */
function litestarPrefix(decorated: PyNode, mod: PyModule, prefixes: Prefixes): Piece[] {
  const definition = decorated.childForFieldName('definition');
  const name = definition?.childForFieldName('name')?.text;
  const owner = decorated.parent?.parent;
  if (owner?.type === 'class_definition') {
    const className = owner.childForFieldName('name')!.text;
    const ref = mod.location === null ? className : `${mod.location.module}.${className}`;
    return [...prefixOf(prefixes, ref), { value: stringValue(classAttribute(owner, 'path')) ?? '', note: null }];
  }
  return name === undefined || mod.location === null ? [] : prefixOf(prefixes, `${mod.location.module}.${name}`);
}

/** The value of `name = …` directly in a class body. */
function classAttribute(classNode: PyNode, name: string): PyNode | null {
  for (const statement of classNode.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === name) return assignment.childForFieldName('right');
  }
  return null;
}

/** False for routes that declare methods without GET: probes and scrapers only send GET. */
function servesGet(call: PyNode): boolean {
  const methods = keywordArgument(call, 'methods') ?? keywordArgument(call, 'http_method');
  if (methods === null) return true;
  const listed = methods.type === 'string' ? [stringValue(methods) ?? ''] : stringList(methods);
  // `http_method=HttpMethod.GET` and other non-literals: judged by the names they mention.
  if (listed.length === 0) return /\bGET\b/i.test(methods.text) || !/\b(?:POST|PUT|PATCH|DELETE)\b/i.test(methods.text);
  return listed.some((m) => m.toUpperCase() === 'GET');
}

const STARLETTE_ROUTE = new Set(['starlette.routing.Route']);
const STARLETTE_MOUNT = new Set(['starlette.routing.Mount']);

/** `Route("/health", …)` (under any enclosing `Mount`), and `add_route`/`add_api_route`/`add_url_rule` calls. */
function callRoutes(project: Project, mod: PyModule, prefixes: Prefixes): Hit[] {
  const hits: Hit[] = [];
  for (const call of descendants(mod.tree.root, 'call')) {
    if (!servesGet(call)) continue;
    const method = methodName(call);
    const at = { file: mod.file, line: lineOf(call), role: null };
    if (method === 'add_route' || method === 'add_api_route' || method === 'add_url_rule') {
      const path = pathArgument(call, method === 'add_url_rule' ? 'rule' : 'path');
      if (path === null || !path.value.startsWith('/')) continue;
      const receiver = call.childForFieldName('function')!.childForFieldName('object');
      // add_url_rule(rule, endpoint, view_func); add_route/add_api_route(path, endpoint).
      const view = method === 'add_url_rule' ? (positionalArguments(call)[2] ?? keywordArgument(call, 'view_func')) : (positionalArguments(call)[1] ?? keywordArgument(call, 'endpoint'));
      hits.push({ ...at, prefix: prefixOf(prefixes, referenceOf(receiver, mod)), route: path.value, handler: handlerName(view ?? null), does: (full) => `adds the route ${full} with ${method}()` });
    } else if (isCallTo(call, mod, STARLETTE_ROUTE)) {
      const path = pathArgument(call, 'path');
      if (path === null) continue;
      const handler = handlerName(positionalArguments(call)[1] ?? keywordArgument(call, 'endpoint'));
      hits.push({ ...at, prefix: mountPrefix(project, call, mod), route: path.value, handler, does: (full) => `declares Route("${full}")` });
    }
  }
  return hits;
}

/** Paths of the Starlette `Mount(...)` calls that enclose a node, outermost first. */
function mountPrefix(project: Project, node: PyNode, mod: PyModule): Piece[] {
  const pieces: Piece[] = [];
  for (let parent = node.parent; parent !== null; parent = parent.parent) {
    if (!isCallTo(parent, mod, STARLETTE_MOUNT)) continue;
    const piece = pieceOf(project, mod, positionalArguments(parent)[0] ?? keywordArgument(parent, 'path'));
    if (piece !== null) pieces.unshift(piece);
  }
  return pieces;
}

/** `status` for `views.status`, `StatusView` for `StatusView.as_view()`; null for anything else. */
function handlerName(view: PyNode | null): string | null {
  if (view === null) return null;
  if (view.type === 'call' && methodName(view) === 'as_view') return handlerName(view.childForFieldName('function')!.childForFieldName('object'));
  return dottedName(view)?.split('.').pop() ?? null;
}

// --- metrics exporters ---

const METRICS_APPS = new Set(['prometheus_client.make_asgi_app', 'prometheus_client.make_wsgi_app', 'prometheus_client.exposition.make_wsgi_app', 'prometheus_client.exposition.make_asgi_app']);
const INSTRUMENTATOR = new Set(['prometheus_fastapi_instrumentator.Instrumentator']);
const FLASK_EXPORTERS = new Set([
  'prometheus_flask_exporter.PrometheusMetrics',
  'prometheus_flask_exporter.PrometheusMetrics.for_app_factory',
  'prometheus_flask_exporter.multiprocess.GunicornInternalPrometheusMetrics',
  'prometheus_flask_exporter.multiprocess.GunicornInternalPrometheusMetrics.for_app_factory',
]);

function metricsExporters(project: Project, mod: PyModule, prefixes: Prefixes): Hit[] {
  const hits: Hit[] = [];
  const metricsApps = namesBoundTo(mod, (value) => isCallTo(value, mod, METRICS_APPS));
  const isMetricsApp = (node: PyNode | null): boolean =>
    node !== null && (isCallTo(node, mod, METRICS_APPS) || (node.type === 'identifier' && metricsApps.has(node.text)));
  const instrumentators = namesBoundTo(mod, (value) => chainHasCall(value, mod, INSTRUMENTATOR, new Set()));
  const mounts = (full: string): string => `mounts prometheus_client's metrics app at ${full}`;

  for (const call of descendants(mod.tree.root, 'call')) {
    const method = methodName(call);
    const at = { file: mod.file, line: lineOf(call), role: 'metrics' as const, handler: null };
    if (method === 'mount' && isMetricsApp(positionalArguments(call)[1] ?? keywordArgument(call, 'app'))) {
      const path = pathArgument(call, 'path');
      if (path === null) continue;
      const receiver = call.childForFieldName('function')!.childForFieldName('object');
      hits.push({ ...at, prefix: prefixOf(prefixes, referenceOf(receiver, mod)), route: path.value, does: mounts });
    } else if (isCallTo(call, mod, STARLETTE_MOUNT) && isMetricsApp(keywordArgument(call, 'app') ?? positionalArguments(call)[1] ?? null)) {
      const path = pathArgument(call, 'path');
      if (path === null) continue;
      hits.push({ ...at, prefix: mountPrefix(project, call, mod), route: path.value, does: mounts });
    } else if (method === 'expose' && chainHasCall(call.childForFieldName('function')!.childForFieldName('object'), mod, INSTRUMENTATOR, instrumentators)) {
      const endpoint = keywordArgument(call, 'endpoint');
      const path = endpoint === null ? '/metrics' : stringValue(endpoint);
      if (path === null) continue;
      hits.push({ ...at, prefix: [], route: path, does: (full) => `exposes Prometheus metrics at ${full} with prometheus-fastapi-instrumentator` });
    } else if (isCallTo(call, mod, FLASK_EXPORTERS)) {
      const option = keywordArgument(call, 'path');
      const path = option === null ? '/metrics' : stringValue(option);
      // `path=None` turns the endpoint off.
      if (path === null) continue;
      hits.push({ ...at, prefix: [], route: path, does: (full) => `exposes Prometheus metrics at ${full} with prometheus-flask-exporter` });
    }
  }
  // Werkzeug's DispatcherMiddleware(app.wsgi_app, {"/metrics": make_wsgi_app()}).
  for (const pair of descendants(mod.tree.root, 'pair')) {
    const path = stringValue(pair.childForFieldName('key'));
    if (path === null || !path.startsWith('/') || !isMetricsApp(pair.childForFieldName('value'))) continue;
    hits.push({ prefix: [], route: path, role: 'metrics', handler: null, file: mod.file, line: lineOf(pair), does: (full) => `dispatches ${full} to prometheus_client's metrics app` });
  }
  return hits;
}

/** Names a module binds (anywhere, factories included) to a value matching `test`. */
function namesBoundTo(mod: PyModule, test: (value: PyNode) => boolean): Set<string> {
  const names = new Set<string>();
  for (const assignment of descendants(mod.tree.root, 'assignment')) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right !== null && test(right)) names.add(left.text);
  }
  return names;
}

/** True when a method chain (`Instrumentator().instrument(app)`) starts at a call to `classes` or a name bound to one. */
function chainHasCall(node: PyNode | null, mod: PyModule, classes: ReadonlySet<string>, bound: ReadonlySet<string>): boolean {
  for (let current = node; current !== null; ) {
    if (current.type === 'call') {
      if (isCallTo(current, mod, classes)) return true;
      current = current.childForFieldName('function');
    } else if (current.type === 'attribute') {
      current = current.childForFieldName('object');
    } else {
      return current.type === 'identifier' && bound.has(current.text);
    }
  }
  return false;
}

/** PEP 503 names of the libraries that serve Prometheus metrics from a Python web app. */
const PROMETHEUS_PACKAGES = [
  'prometheus-client', 'prometheus-fastapi-instrumentator', 'prometheus-flask-exporter', 'django-prometheus',
  'starlette-exporter', 'starlette-prometheus', 'aioprometheus', 'prometheus-async', 'opentelemetry-exporter-prometheus',
];
const PROMETHEUS_IN_MANIFEST = new RegExp(`(?:^|[\\s"'\\[,])(?:${PROMETHEUS_PACKAGES.map((n) => n.replace(/-/g, '[-_.]')).join('|')})(?![\\w-])`, 'im');
const PROMETHEUS_IMPORT = new RegExp(`^\\s*(?:from|import)\\s+(?:${PROMETHEUS_PACKAGES.map((n) => n.replace(/-/g, '_')).join('|')}|opentelemetry\\.exporter\\.prometheus)\\b`, 'm');
const MANIFEST = /^(?:pyproject\.toml|setup\.py|setup\.cfg|Pipfile|requirements[^/]*\.(?:txt|in)|requirements\/[^/]+\.(?:txt|in))$/;

/**
 * A route named `/metrics` is only a Prometheus endpoint when the app has a Prometheus
 * library to render one: an empty page or a JSON report under that name is not scrapeable.
 * Detectors cannot see dependency facts, so the manifests' text and the app's imports are read.
 */
function usesPrometheus(project: Project): boolean {
  // The app's own manifests and, in a monorepo, the analysed folder's (a uv workspace root, say).
  const roots = [...new Set([project.appRoot, '.'])];
  const manifests = project.files.filter((f) => roots.some((root) => MANIFEST.test(root === '.' ? f : f.startsWith(`${root}/`) ? f.slice(root.length + 1) : '')));
  if (manifests.some((f) => PROMETHEUS_IN_MANIFEST.test(project.read(f) ?? ''))) return true;
  return appSourceFiles(project).some((f) => {
    const text = project.read(f);
    return text !== null && text.includes('prometheus') && PROMETHEUS_IMPORT.test(text);
  });
}

// --- Django urlpatterns ---

const DJANGO_PATHS = new Set(['django.urls.path', 'django.urls.re_path', 'django.conf.urls.url']);
const DJANGO_INCLUDE = new Set(['django.urls.include', 'django.conf.urls.include']);

/** Apps whose urls.py serves a known endpoint at the prefix they are included under. */
const INCLUDED_ENDPOINTS: Record<string, { suffix: string; role: EndpointRole; by: string }> = {
  'django_prometheus.urls': { suffix: 'metrics', role: 'metrics', by: 'django-prometheus' },
  'health_check.urls': { suffix: '', role: 'health', by: 'django-health-check' },
};

/** A `path()` call inside a list of URL patterns. */
interface DjangoRoute {
  mod: PyModule;
  /** The list it is in (see `patternListOf`). */
  list: string;
  /** The route text, or null when it is a regex py2kube cannot turn into a path. */
  route: string | null;
  line: number;
  view: PyNode | null;
}

/** `path("api/", include(x))`: the list `parent` includes the list `target` under `route`. */
interface DjangoInclude {
  parent: string;
  route: string | null;
  /** A list key, or a reference still to be matched against the lists found (`pkg.urls.api_urls`, `pkg.urls`). */
  target: string;
}

/**
 * `path("healthz/", …)` in URL pattern lists, under every prefix an `include()` adds: of a
 * module (`include("app.urls")`), of a list variable (`include(api_urls)`), or of an inline
 * list. A list included several times (`api/v1/`, `api/v2/`) gives one path per inclusion.
 */
function djangoRoutes(modules: readonly PyModule[]): Hit[] {
  const routes: DjangoRoute[] = [];
  const includes: DjangoInclude[] = [];
  const known: Array<{ mod: PyModule; list: string; route: string; line: number; target: string }> = [];
  for (const mod of modules) {
    for (const call of descendants(mod.tree.root, 'call')) {
      if (!isCallTo(call, mod, DJANGO_PATHS)) continue;
      const list = patternListOf(call, mod);
      const route = routeText(call, mod);
      const view = positionalArguments(call)[1] ?? keywordArgument(call, 'view');
      if (view !== undefined && view !== null && isCallTo(view, mod, DJANGO_INCLUDE)) {
        const target = includeTarget(view, mod);
        if (target === null) continue;
        if (INCLUDED_ENDPOINTS[target] !== undefined) {
          if (route !== null) known.push({ mod, list, route, line: lineOf(call), target });
        } else {
          includes.push({ parent: list, route, target });
        }
      } else {
        routes.push({ mod, list, route, line: lineOf(call), view: view ?? null });
      }
    }
  }
  const lists = new Set([...routes.map((r) => r.list), ...includes.map((i) => i.parent), ...known.map((k) => k.list)]);
  const into = new Map<string, DjangoInclude[]>();
  for (const include of includes) {
    // `include(api_urls)` names a list; `include(urls)` with a module object names its urlpatterns.
    const target = lists.has(include.target) ? include.target : `${include.target}.urlpatterns`;
    into.set(target, [...(into.get(target) ?? []), include]);
  }
  const prefixesOf = (list: string, seen: readonly string[]): Array<string | null> => {
    const inclusions = into.get(list);
    // A list nothing includes is the root URLconf (or one py2kube cannot see included): its routes start at /.
    if (inclusions === undefined) return [''];
    if (seen.includes(list) || seen.length > 8) return [];
    return inclusions.flatMap((inclusion) =>
      prefixesOf(inclusion.parent, [...seen, list]).map((above) => (above === null || inclusion.route === null ? null : joinPath(above, inclusion.route))),
    );
  };
  const hits: Hit[] = [];
  for (const { mod, list, route, line, view } of routes) {
    if (route === null) continue;
    for (const full of fullPaths(prefixesOf(list, []), route)) {
      hits.push({ prefix: [], route: full, role: null, handler: handlerName(view), file: mod.file, line, does: (path) => `maps ${path} in urlpatterns` });
    }
  }
  for (const { mod, list, route, line, target } of known) {
    const { suffix, role, by } = INCLUDED_ENDPOINTS[target]!;
    for (const full of fullPaths(prefixesOf(list, []), joinPath(route, suffix))) {
      hits.push({ prefix: [], route: full, role, handler: null, file: mod.file, line, does: (path) => `includes ${target}, which serves ${path} (${by})` });
    }
  }
  return hits;
}

/**
 * Every full path of a route, newest API version first: when one view is served under
 * `api/v1/` and `api/v3/`, the older versions are the ones a project deprecates and drops.
 * A prefix py2kube could not read (a regex with groups) drops the path rather than guess it.
 */
function fullPaths(prefixes: ReadonlyArray<string | null>, route: string): string[] {
  const paths = [...new Set(prefixes.filter((p): p is string => p !== null).map((p) => joinPath(p, route)))];
  const version = (path: string): number => Math.max(-1, ...[...path.matchAll(/\/v(\d+)(?=\/|$)/gi)].map((m) => Number(m[1])));
  return paths.map((path, index) => ({ path, index })).sort((a, b) => version(b.path) - version(a.path) || a.index - b.index).map(({ path }) => path);
}

/**
 * Which pattern list a `path()` call belongs to: an inline `include([...])`, a module-level
 * list variable (`api_urls = [...]`, `urlpatterns += [...]`), or, for anything else, the
 * module's own `urlpatterns`.
 */
function patternListOf(call: PyNode, mod: PyModule): string {
  const module = mod.location?.module ?? mod.file;
  for (let node = call.parent; node !== null; node = node.parent) {
    if (node.type === 'call' && isCallTo(node, mod, DJANGO_INCLUDE)) return inlineList(node, mod);
    if ((node.type === 'assignment' || node.type === 'augmented_assignment') && node.childForFieldName('left')?.type === 'identifier') {
      return `${module}.${node.childForFieldName('left')!.text}`;
    }
    if (node.type === 'call' && ['append', 'extend', 'insert'].includes(methodName(node) ?? '')) {
      const receiver = node.childForFieldName('function')!.childForFieldName('object');
      if (receiver?.type === 'identifier') return `${module}.${receiver.text}`;
    }
    if (node.type === 'function_definition' || node.type === 'class_definition') break;
  }
  return `${module}.urlpatterns`;
}

function inlineList(include: PyNode, mod: PyModule): string {
  return `${mod.file}@${include.startIndex}`;
}

/** What an `include()` names: a module path, a list variable, an inline list, or the first item of `(patterns, app_name)`. */
function includeTarget(include: PyNode, mod: PyModule): string | null {
  let argument: PyNode | null = positionalArguments(include)[0] ?? keywordArgument(include, 'arg');
  if (argument?.type === 'tuple') argument = argument.namedChild(0);
  if (argument === null) return null;
  if (argument.type === 'list') return inlineList(include, mod);
  return stringValue(argument) ?? referenceOf(argument, mod);
}

/** A Django route as URL text: `healthz/` as is; `^healthz/?$` only when the regex is a plain path. */
function routeText(call: PyNode, mod: PyModule): string | null {
  const route = pathArgument(call, 'route') ?? pathArgument(call, 'regex');
  if (route === null) return null;
  if (calleeOf(call, mod.imports) === 'django.urls.path') return /[<>]/.test(route.value) ? null : route.value;
  const plain = route.value.replace(/^\^/, '').replace(/\$$/, '').replace(/\/\?$/, '');
  return /[\\[\](){}*+?|.^$]/.test(plain) ? null : plain;
}

// --- paths and roles ---

/** Joins URL parts with single slashes and a leading slash; a trailing slash on the last part is kept. */
function joinPath(...parts: string[]): string {
  return `/${parts.filter((p) => p !== '').join('/')}`.replace(/\/{2,}/g, '/');
}

const ROLE_BY_PAIR: Record<string, EndpointRole> = {
  'health/live': 'liveness', 'health/liveness': 'liveness', 'healthz/live': 'liveness',
  'health/ready': 'readiness', 'health/readiness': 'readiness', 'healthz/ready': 'readiness',
  'health/startup': 'startup',
};

const ROLE_BY_NAME: Record<string, EndpointRole> = {
  livez: 'liveness', healthz: 'liveness', liveness: 'liveness', live: 'liveness',
  readyz: 'readiness', ready: 'readiness', readiness: 'readiness',
  startupz: 'startup',
  health: 'health', _health: 'health', healthcheck: 'health', 'health-check': 'health', health_check: 'health', ping: 'health', status: 'health',
  metrics: 'metrics',
};

/** Names that also name a resource's property (`/orders/status`), so they are ambiguous under a prefix. */
const GENERIC_NAMES = new Set(['status', 'ping', 'live', 'ready']);

/** Prefix segments that group routes without naming a resource: `/api/v3/`, `/internal/`, `/_/`, `/health/`. */
const NAMESPACE_SEGMENT = /^(?:api|rest|v\d+(?:\.\d+)*|internal|private|_|-|ops|system|sys|monitoring|health|healthz)$/;

/** Handler names (lowercased, without `_`, a `get` prefix or a `view`/`handler` suffix) that say the handler is a check. */
const CHECK_HANDLERS = new Set(['status', 'ping', 'health', 'healthz', 'healthcheck', 'heartbeat', 'live', 'livez', 'liveness', 'alive', 'ready', 'readyz', 'readiness', 'statuscheck']);

function isCheckHandler(handler: string | null): boolean {
  if (handler === null) return false;
  const name = handler.toLowerCase().replace(/_/g, '').replace(/^get/, '').replace(/(?:view|handler|endpoint|api)$/, '');
  return CHECK_HANDLERS.has(name);
}

/**
 * The role a path's name conventionally has, or null for ordinary routes and paths with
 * parameters. The last segment names the role. A generic name (`status`, `ping`, `live`,
 * `ready`) is a check at the top of the URL space (`/status`); under a prefix it is a check
 * only when both the prefix says nothing about a resource (every segment is a namespace
 * such as `api` or `v3`) and the handler is named for the check itself (`def status()`,
 * `StatusView`): `/orders/status` or `order_status()` report on a resource, not the app.
 * Under a prefix py2kube could not read (`opaquePrefix`), the prefix cannot be judged.
 */
export function roleOfPath(path: string, handler: string | null = null, opaquePrefix = false): EndpointRole | null {
  if (/[{}<>:*]/.test(path)) return null;
  const segments = path.toLowerCase().split('/').filter((s) => s !== '');
  const pair = ROLE_BY_PAIR[segments.slice(-2).join('/')];
  if (segments.length >= 2 && pair !== undefined) return pair;
  const last = segments[segments.length - 1];
  if (last === undefined) return null;
  if (GENERIC_NAMES.has(last) && (opaquePrefix || segments.length > 1)) {
    const plainPrefix = !opaquePrefix && segments.slice(0, -1).every((s) => NAMESPACE_SEGMENT.test(s));
    if (!plainPrefix || !isCheckHandler(handler)) return null;
  }
  return ROLE_BY_NAME[last] ?? null;
}

/** True for paths whose role `roleOfPath` admitted through the handler rule for generic names. */
function isPrefixedGeneric(path: string): boolean {
  const segments = path.toLowerCase().split('/').filter((s) => s !== '');
  return segments.length > 1 && GENERIC_NAMES.has(segments[segments.length - 1]!) && ROLE_BY_PAIR[segments.slice(-2).join('/')] === undefined;
}

/** The full path of a hit, or the part after the innermost prefix py2kube could not read. */
function resolveHit(hit: Hit): { path: string; notes: string[]; unknown: Extract<Piece, { unknown: string }> | null } {
  let cut = -1;
  hit.prefix.forEach((piece, index) => {
    if ('unknown' in piece) cut = index;
  });
  const known = hit.prefix.slice(cut + 1) as Array<Extract<Piece, { value: string }>>;
  return {
    path: joinPath(...known.map((p) => p.value), hit.route),
    notes: known.flatMap((p) => (p.note === null ? [] : [p.note])),
    unknown: cut === -1 ? null : (hit.prefix[cut] as Extract<Piece, { unknown: string }>),
  };
}

const CONFIG_KEY: Record<EndpointRole, string> = { health: 'health.liveness', liveness: 'health.liveness', readiness: 'health.readiness', startup: 'health.startup', metrics: 'metrics' };

function toEndpointFacts(hits: readonly Hit[], prometheus: boolean): Fact[] {
  const sorted = [...hits].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const seen = new Set<string>();
  const facts: Fact[] = [];
  for (const hit of sorted) {
    const { path, notes, unknown } = resolveHit(hit);
    const role = hit.role ?? roleOfPath(path, hit.handler, unknown !== null);
    if (role === null) continue;
    // Named /metrics but nothing in the app renders Prometheus metrics.
    if (hit.role === null && role === 'metrics' && !prometheus) continue;
    const source = { file: hit.file, line: hit.line };
    if (unknown !== null) {
      if (seen.has(`${unknown.unknown}${path}`)) continue;
      seen.add(`${unknown.unknown}${path}`);
      const key = CONFIG_KEY[role];
      facts.push({
        kind: 'problem',
        level: 'info',
        code: role === 'metrics' ? 'I_METRICS_PREFIX_UNKNOWN' : 'I_HEALTH_PREFIX_UNKNOWN',
        message: `The ${role} route ${path} sits under the prefix \`${unknown.unknown}\` (${unknown.file}:${unknown.line}), which is only known when the app runs, so it was not used as a probe path. Set ${key} = "<prefix>${path}" in [tool.py2kube] with the prefix your deployment uses.`,
        configKey: key,
        source,
        why: `${hit.does(path)} under a prefix computed at runtime, and a probe needs the full path`,
      });
      continue;
    }
    if (seen.has(path)) continue;
    seen.add(path);
    const reason = hit.role !== null ? '' : isPrefixedGeneric(path)
      ? `, and a route named like this under namespace segments only, served by \`${hit.handler}\`, is a ${role} endpoint`
      : `, and by convention a path named like this is a ${role} endpoint`;
    facts.push({
      kind: 'endpoint',
      path,
      role,
      source,
      why: `${hit.does(path)}${notes.map((n) => `, where ${n}`).join('')}${reason}`,
    });
  }
  return facts;
}
