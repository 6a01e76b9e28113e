/**
 * Route templates per framework: the metrics label of a request is the pattern of the route
 * that serves it (`/orders/{order_id}`), found with the framework's own router. Python text.
 */

export type RouteFamily = 'starlette' | 'litestar' | 'django' | 'flask';

export const ROUTE_FUNCTIONS: Record<RouteFamily, string> = {
  // Before the call: Starlette's Mount rewrites root_path in the scope it is given.
  starlette: String.raw`def route_of(app: Any, scope: Dict[str, Any]) -> str:
    """The template of the FastAPI/Starlette route the request matches, mounts included."""
    while not hasattr(app, "routes") and hasattr(app, "app"):  # user middleware around the app
        app = app.app
    return _match(getattr(app, "routes", []), scope, "") or UNMATCHED


def _match(routes: Iterable[Any], scope: Dict[str, Any], prefix: str) -> Optional[str]:
    from starlette.routing import Match, Mount

    partial: Optional[str] = None
    for route in routes:
        match, child_scope = route.matches(scope)
        if match is Match.NONE:
            continue
        template = prefix + getattr(route, "path", "")
        inner = getattr(route, "routes", None)
        if match is Match.FULL and inner:
            return _match(inner, {**scope, **child_scope}, template)
        if match is Match.FULL:
            return template + "/{path}" if isinstance(route, Mount) else template  # a mounted ASGI app
        partial = partial or template  # the path matched but not the method: a 405
    return partial
`,
  // After the call: Litestar writes the matched template into the scope.
  litestar: String.raw`def route_after(scope: Dict[str, Any]) -> str:
    """The template Litestar's router put in the scope ("/orders/{order_id}")."""
    return scope.get("path_template") or UNMATCHED
`,
  django: String.raw`def route_of(path: str) -> str:
    """The pattern of the Django URL the path resolves to ("/posts/<slug:slug>/"), includes joined."""
    from django.urls import Resolver404, resolve

    try:
        return "/" + resolve(path).route
    except Resolver404:
        return UNMATCHED


def route_of_environ(environ: Dict[str, Any]) -> str:
    from django.core.handlers.wsgi import get_path_info

    return route_of(get_path_info(environ))


def route_of_scope(scope: Dict[str, Any]) -> str:
    root, path = scope.get("root_path", ""), scope["path"]
    return route_of(path[len(root):] if root and path.startswith(root) else path)
`,
  flask: String.raw`def route_of(app: Any, environ: Dict[str, Any]) -> str:
    """The rule of the Flask URL the request matches ("/notes/<int:note_id>")."""
    from werkzeug.exceptions import HTTPException

    try:
        rule, _arguments = app.url_map.bind_to_environ(environ).match(return_rule=True)
        return str(rule.rule)
    except HTTPException:  # 404, 405 and strict-slash redirects
        return UNMATCHED
`,
};
