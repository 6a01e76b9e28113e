// Existing health and metrics routes, named by the conventions of https://kubernetes.io/docs/reference/using-api/health-checks/
import type { EndpointRole, Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { isCallTo, methodName, modulesMatching, pathArgument, referenceOf, type PyModule } from '../python-app.ts';
import { calleeOf, descendants, keywordArgument, lineOf, positionalArguments, stringList, stringValue, type PyNode } from '../python.ts';

export const endpoints = defineDetector({
  id: 'endpoints',
  kind: 'endpoints',
  enablers: ['fastapi', 'starlette', 'litestar', 'django', 'flask'],
  detect(project) {
    const modules = modulesMatching(project, ENDPOINT_HINT);
    const prefixes = routerPrefixes(modules);
    const hits: Hit[] = [];
    for (const mod of modules) {
      hits.push(...decoratorRoutes(mod, prefixes), ...callRoutes(mod, prefixes), ...metricsExporters(mod, prefixes));
    }
    hits.push(...djangoRoutes(modules));
    return toEndpointFacts(hits);
  },
});

/** Text any module that declares routes, routers or metrics exporters contains; other files are not parsed. */
const ENDPOINT_HINT =
  /@[\w.]*\b(?:get|route|api_route|head)\s*\(|\b(?:Route|Mount|add_route|add_api_route|add_url_rule|include_router|register_blueprint|APIRouter|Blueprint|Router|expose|PrometheusMetrics|GunicornInternalPrometheusMetrics|make_asgi_app|make_wsgi_app|urlpatterns)\b|django\.(?:conf\.)?urls/;

interface Hit {
  path: string;
  /** Set when the code itself says what the path is for (a metrics exporter); otherwise named by the path. */
  role: EndpointRole | null;
  file: string;
  line: number;
  /** What the code does, e.g. `routes /healthz with @app.get`. */
  does: string;
}

// --- router prefixes (FastAPI APIRouter, Flask Blueprint, Litestar Router) ---

interface Inclusion {
  /** The app or router it is included into. */
  parent: string | null;
  prefix: string | null;
  /** Flask's `register_blueprint(url_prefix=…)` replaces the blueprint's own prefix; FastAPI's adds to it. */
  replaces: boolean;
}

interface Prefixes {
  own: Map<string, string>;
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
function routerPrefixes(modules: readonly PyModule[]): Prefixes {
  const own = new Map<string, string>();
  const included = new Map<string, Inclusion>();
  for (const mod of modules) {
    for (const assignment of descendants(mod.tree.root, 'assignment')) {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      const keyword = ROUTER_CLASSES[calleeOf(right, mod.imports) ?? ''];
      if (left?.type !== 'identifier' || right === null || keyword === undefined) continue;
      const prefix = stringValue(keywordArgument(right, keyword));
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
        prefix: stringValue(keywordArgument(call, keyword)),
        replaces: method === 'register_blueprint',
      });
    }
  }
  return { own, included };
}

function prefixOf(prefixes: Prefixes, reference: string | null, depth = 0): string {
  if (reference === null || depth > 8) return '';
  const own = prefixes.own.get(reference) ?? '';
  const inclusion = prefixes.included.get(reference);
  if (inclusion === undefined) return own;
  const here = inclusion.replaces && inclusion.prefix !== null ? inclusion.prefix : `${inclusion.prefix ?? ''}${own}`;
  return joinPath(prefixOf(prefixes, inclusion.parent, depth + 1), here);
}

// --- routes ---

const ROUTE_METHODS = new Set(['get', 'route', 'api_route', 'head']);
const LITESTAR_HANDLERS = new Set(['litestar.get', 'litestar.head', 'litestar.route', 'litestar.handlers.get', 'litestar.handlers.head', 'litestar.handlers.route']);

/** `@app.get("/healthz")`, `@bp.route("/ping")`, `@router.get(...)`, Litestar `@get("/health")`. */
function decoratorRoutes(mod: PyModule, prefixes: Prefixes): Hit[] {
  const hits: Hit[] = [];
  for (const decorated of descendants(mod.tree.root, 'decorated_definition')) {
    for (const decorator of decorated.namedChildren) {
      const call = decorator?.type === 'decorator' ? decorator.namedChild(0) : null;
      if (call?.type !== 'call' || !servesGet(call)) continue;
      const fn = call.childForFieldName('function')!;
      const line = lineOf(call);
      if (fn.type === 'attribute' && ROUTE_METHODS.has(methodName(call) ?? '')) {
        const path = pathArgument(call, fn.childForFieldName('attribute')!.text === 'route' ? 'rule' : 'path');
        if (path === null || !path.value.startsWith('/')) continue;
        const full = joinPath(prefixOf(prefixes, referenceOf(fn.childForFieldName('object'), mod)), path.value);
        hits.push({ path: full, role: null, file: mod.file, line, does: `routes ${full} with @${fn.text}` });
      } else if (isCallTo(call, mod, LITESTAR_HANDLERS)) {
        const argument = positionalArguments(call)[0] ?? keywordArgument(call, 'path');
        const paths = argument?.type === 'list' ? stringList(argument) : [stringValue(argument ?? null)].filter((p): p is string => p !== null);
        const prefix = litestarPrefix(decorated, mod, prefixes);
        for (const path of paths) {
          const full = joinPath(prefix, path);
          hits.push({ path: full, role: null, file: mod.file, line, does: `routes ${full} with @${fn.text}` });
        }
      }
    }
  }
  return hits;
}

/** A Litestar handler's prefix: its Controller's `path` and any Router that lists the handler or controller. */
function litestarPrefix(decorated: PyNode, mod: PyModule, prefixes: Prefixes): string {
  const definition = decorated.childForFieldName('definition');
  const name = definition?.childForFieldName('name')?.text;
  const owner = decorated.parent?.parent;
  if (owner?.type === 'class_definition') {
    const className = owner.childForFieldName('name')!.text;
    const ref = mod.location === null ? className : `${mod.location.module}.${className}`;
    return joinPath(prefixOf(prefixes, ref), stringValue(classAttribute(owner, 'path')) ?? '');
  }
  return name === undefined || mod.location === null ? '' : prefixOf(prefixes, `${mod.location.module}.${name}`);
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
function callRoutes(mod: PyModule, prefixes: Prefixes): Hit[] {
  const hits: Hit[] = [];
  for (const call of descendants(mod.tree.root, 'call')) {
    if (!servesGet(call)) continue;
    const method = methodName(call);
    if (method === 'add_route' || method === 'add_api_route' || method === 'add_url_rule') {
      const path = pathArgument(call, method === 'add_url_rule' ? 'rule' : 'path');
      if (path === null || !path.value.startsWith('/')) continue;
      const receiver = call.childForFieldName('function')!.childForFieldName('object');
      const full = joinPath(prefixOf(prefixes, referenceOf(receiver, mod)), path.value);
      hits.push({ path: full, role: null, file: mod.file, line: lineOf(call), does: `adds the route ${full} with ${method}()` });
    } else if (isCallTo(call, mod, STARLETTE_ROUTE)) {
      const path = pathArgument(call, 'path');
      if (path === null) continue;
      const full = joinPath(mountPrefix(call, mod), path.value);
      hits.push({ path: full, role: null, file: mod.file, line: lineOf(call), does: `declares Route("${full}")` });
    }
  }
  return hits;
}

/** Paths of the Starlette `Mount(...)` calls that enclose a node, outermost first. */
function mountPrefix(node: PyNode, mod: PyModule): string {
  let prefix = '';
  for (let parent = node.parent; parent !== null; parent = parent.parent) {
    if (isCallTo(parent, mod, STARLETTE_MOUNT)) prefix = joinPath(pathArgument(parent, 'path')?.value ?? '', prefix);
  }
  return prefix;
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

function metricsExporters(mod: PyModule, prefixes: Prefixes): Hit[] {
  const hits: Hit[] = [];
  const metricsApps = namesBoundTo(mod, (value) => isCallTo(value, mod, METRICS_APPS));
  const isMetricsApp = (node: PyNode | null): boolean =>
    node !== null && (isCallTo(node, mod, METRICS_APPS) || (node.type === 'identifier' && metricsApps.has(node.text)));
  const instrumentators = namesBoundTo(mod, (value) => chainHasCall(value, mod, INSTRUMENTATOR, new Set()));

  for (const call of descendants(mod.tree.root, 'call')) {
    const method = methodName(call);
    const line = lineOf(call);
    if (method === 'mount' && isMetricsApp(positionalArguments(call)[1] ?? keywordArgument(call, 'app'))) {
      const path = pathArgument(call, 'path');
      if (path === null) continue;
      const receiver = call.childForFieldName('function')!.childForFieldName('object');
      const full = joinPath(prefixOf(prefixes, referenceOf(receiver, mod)), path.value);
      hits.push({ path: full, role: 'metrics', file: mod.file, line, does: `mounts prometheus_client's metrics app at ${full}` });
    } else if (isCallTo(call, mod, STARLETTE_MOUNT) && isMetricsApp(keywordArgument(call, 'app') ?? positionalArguments(call)[1] ?? null)) {
      const path = pathArgument(call, 'path');
      if (path === null) continue;
      const full = joinPath(mountPrefix(call, mod), path.value);
      hits.push({ path: full, role: 'metrics', file: mod.file, line, does: `mounts prometheus_client's metrics app at ${full}` });
    } else if (method === 'expose' && chainHasCall(call.childForFieldName('function')!.childForFieldName('object'), mod, INSTRUMENTATOR, instrumentators)) {
      const endpoint = keywordArgument(call, 'endpoint');
      const path = endpoint === null ? '/metrics' : stringValue(endpoint);
      if (path === null) continue;
      hits.push({ path, role: 'metrics', file: mod.file, line, does: `exposes Prometheus metrics at ${path} with prometheus-fastapi-instrumentator` });
    } else if (isCallTo(call, mod, FLASK_EXPORTERS)) {
      const option = keywordArgument(call, 'path');
      const path = option === null ? '/metrics' : stringValue(option);
      // `path=None` turns the endpoint off.
      if (path === null) continue;
      hits.push({ path, role: 'metrics', file: mod.file, line, does: `exposes Prometheus metrics at ${path} with prometheus-flask-exporter` });
    }
  }
  // Werkzeug's DispatcherMiddleware(app.wsgi_app, {"/metrics": make_wsgi_app()}).
  for (const pair of descendants(mod.tree.root, 'pair')) {
    const path = stringValue(pair.childForFieldName('key'));
    if (path === null || !path.startsWith('/') || !isMetricsApp(pair.childForFieldName('value'))) continue;
    hits.push({ path, role: 'metrics', file: mod.file, line: lineOf(pair), does: `dispatches ${path} to prometheus_client's metrics app` });
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

// --- Django urlpatterns ---

const DJANGO_PATHS = new Set(['django.urls.path', 'django.urls.re_path', 'django.conf.urls.url']);
const DJANGO_INCLUDE = new Set(['django.urls.include', 'django.conf.urls.include']);

/** Apps whose urls.py serves a known endpoint at the prefix they are included under. */
const INCLUDED_ENDPOINTS: Record<string, { suffix: string; role: EndpointRole; by: string }> = {
  'django_prometheus.urls': { suffix: 'metrics', role: 'metrics', by: 'django-prometheus' },
  'health_check.urls': { suffix: '', role: 'health', by: 'django-health-check' },
};

interface DjangoRoute {
  mod: PyModule;
  route: string;
  line: number;
}

/** `path("healthz/", …)` in urlpatterns, under the prefixes that `include("app.urls")` adds. */
function djangoRoutes(modules: readonly PyModule[]): Hit[] {
  const includes = new Map<string, { parent: string | null; prefix: string }>();
  const routes: DjangoRoute[] = [];
  const known: Array<DjangoRoute & { target: string }> = [];
  for (const mod of modules) {
    for (const call of descendants(mod.tree.root, 'call')) {
      if (!isCallTo(call, mod, DJANGO_PATHS)) continue;
      const route = routeText(call, mod);
      if (route === null) continue;
      const view = positionalArguments(call)[1] ?? keywordArgument(call, 'view');
      if (view !== undefined && view !== null && isCallTo(view, mod, DJANGO_INCLUDE)) {
        const argument = positionalArguments(view)[0] ?? null;
        const target = stringValue(argument) ?? referenceOf(argument, mod);
        if (target === null) continue;
        if (INCLUDED_ENDPOINTS[target] !== undefined) known.push({ mod, route, line: lineOf(call), target });
        else if (!includes.has(target)) includes.set(target, { parent: mod.location?.module ?? null, prefix: route });
      } else {
        routes.push({ mod, route, line: lineOf(call) });
      }
    }
  }
  const prefixOfModule = (module: string | null, depth = 0): string => {
    const inclusion = module === null || depth > 8 ? undefined : includes.get(module);
    return inclusion === undefined ? '' : joinPath(prefixOfModule(inclusion.parent, depth + 1), inclusion.prefix);
  };
  const hits: Hit[] = routes.map(({ mod, route, line }) => {
    const full = joinPath(prefixOfModule(mod.location?.module ?? null), route);
    return { path: full, role: null, file: mod.file, line, does: `maps ${full} in urlpatterns` };
  });
  for (const { mod, route, line, target } of known) {
    const { suffix, role, by } = INCLUDED_ENDPOINTS[target]!;
    const full = joinPath(prefixOfModule(mod.location?.module ?? null), route, suffix);
    hits.push({ path: full, role, file: mod.file, line, does: `includes ${target}, which serves ${full} (${by})` });
  }
  return hits;
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

/** Names that are health checks only at the top of the URL space; `/orders/status` is an API resource. */
const TOP_LEVEL_ONLY = new Set(['status', 'ping', 'live', 'ready']);

/** The role a path's name conventionally has, or null for ordinary routes and paths with parameters. */
export function roleOfPath(path: string): EndpointRole | null {
  if (/[{}<>:*]/.test(path)) return null;
  const segments = path.toLowerCase().split('/').filter((s) => s !== '');
  const pair = ROLE_BY_PAIR[segments.slice(-2).join('/')];
  if (segments.length >= 2 && pair !== undefined) return pair;
  const last = segments[segments.length - 1];
  if (last === undefined || (TOP_LEVEL_ONLY.has(last) && segments.length > 1)) return null;
  return ROLE_BY_NAME[last] ?? null;
}

function toEndpointFacts(hits: readonly Hit[]): Fact[] {
  const sorted = [...hits].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const seen = new Set<string>();
  const facts: Fact[] = [];
  for (const hit of sorted) {
    const role = hit.role ?? roleOfPath(hit.path);
    if (role === null || seen.has(hit.path)) continue;
    seen.add(hit.path);
    const reason = hit.role === null ? `, and by convention a path named like this is a ${role} endpoint` : '';
    facts.push({
      kind: 'endpoint',
      path: hit.path,
      role,
      source: { file: hit.file, line: hit.line },
      why: `${hit.file}:${hit.line} ${hit.does}${reason}`,
    });
  }
  return facts;
}
