/**
 * The middleware that sits in front of the app: answers the probe and metrics paths itself
 * (before the app's own middleware, host checks or auth, which probes from the kubelet would
 * fail), and wraps every other request with the request id and metrics. Python text;
 * `{{ANSWER_BODY}}` is the body of `answer()` for the paths this app gets.
 */

export const WSGI = String.raw`# --- WSGI middleware ------------------------------------------------------------------

JSON_TYPE = "application/json"


def route_label(find: Optional[Callable[[Dict[str, Any]], str]], where: Dict[str, Any]) -> str:
    """The route template for the metrics label; a router error loses the label, never the request."""
    if find is None:
        return UNMATCHED
    try:
        return find(where)
    except Exception:  # noqa: BLE001
        return UNMATCHED


def answer(path: str, accept: str) -> Tuple[int, str, bytes]:
    """The response to one of OWN_PATHS: (status, content type, body)."""
{{ANSWER_BODY}}


class Companion:
    """WSGI middleware around the app: probe and metrics paths, request ids, per-route metrics."""

    def __init__(self, app: Callable[..., Iterable[bytes]], route_of: Optional[Callable[[Dict[str, Any]], str]] = None) -> None:
        self.app = app
        self.route_of = route_of

    def __call__(self, environ: Dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        install_sigterm_handler()
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO") or "/"
        if method in ("GET", "HEAD") and path in OWN_PATHS:
            status, content_type, body = answer(path, environ.get("HTTP_ACCEPT", ""))
            headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")]
            start_response(f"{status} {_REASONS[status]}", headers)
            return [b"" if method == "HEAD" else body]

        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID"))
        environ["HTTP_X_REQUEST_ID"] = request_id  # the app sees the id it is logged with
        token = _request_id.set(request_id)
        route = route_label(self.route_of, environ)  # before the app rewrites PATH_INFO
        status = [500]  # an app that raises before starting a response is a 500
        started = time.perf_counter()
        request_started(method)

        def start(status_line: str, headers: List[Tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = int(status_line.split(" ", 1)[0])
            headers = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
            return start_response(status_line, headers + [("X-Request-ID", request_id)], exc_info)

        def finish() -> None:
            request_finished(method, route, status[0], time.perf_counter() - started)
            _request_id.reset(token)

        try:
            body = self.app(environ, start)
        except BaseException:
            finish()
            raise
        file_wrapper = environ.get("wsgi.file_wrapper")
        if file_wrapper is not None and isinstance(body, file_wrapper):
            finish()  # keep the server's sendfile path; the transfer itself is not timed
            return body
        return _Finished(body, finish)


class _Finished:
    """The app's response body; the request counts as finished when the server closes it."""

    def __init__(self, body: Iterable[bytes], finish: Callable[[], None]) -> None:
        self.body = body
        self.finish = finish

    def __iter__(self) -> Any:
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.finish()


_REASONS = {200: "OK", 503: "Service Unavailable"}
`;

export const ASGI = String.raw`# --- ASGI middleware ------------------------------------------------------------------

JSON_TYPE = "application/json"


def route_label(find: Optional[Callable[[Dict[str, Any]], str]], where: Dict[str, Any]) -> str:
    """The route template for the metrics label; a router error loses the label, never the request."""
    if find is None:
        return UNMATCHED
    try:
        return find(where)
    except Exception:  # noqa: BLE001
        return UNMATCHED


async def answer(path: str, accept: str) -> Tuple[int, str, bytes]:
    """The response to one of OWN_PATHS: (status, content type, body)."""
{{ANSWER_BODY}}


def _header(scope: Dict[str, Any], name: bytes) -> Optional[str]:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


class Companion:
    """ASGI middleware around the app: probe and metrics paths, request ids, per-route metrics."""

    def __init__(
        self,
        app: Any,
        route_of: Optional[Callable[[Dict[str, Any]], str]] = None,
        route_after: Optional[Callable[[Dict[str, Any]], str]] = None,
    ) -> None:
        self.app = app
        self.route_of = route_of
        self.route_after = route_after

    async def __call__(self, scope: Dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        install_sigterm_handler()  # at lifespan startup uvicorn's own handler is in place
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        root, path = scope.get("root_path", ""), scope["path"]
        path = path[len(root):] or "/" if root and path.startswith(root) else path
        if method in ("GET", "HEAD") and path in OWN_PATHS:
            status, content_type, body = await answer(path, _header(scope, b"accept") or "")
            headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})
            return

        request_id = request_id_for(_header(scope, b"x-request-id"))
        headers = [(key, value) for key, value in scope["headers"] if key != b"x-request-id"]
        scope = {**scope, "headers": headers + [(b"x-request-id", request_id.encode())]}
        token = _request_id.set(request_id)
        route = route_label(self.route_of, scope)
        status = 500  # an app that raises before starting a response is a 500

        async def send_with_id(message: Dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                kept = [(key, value) for key, value in message.get("headers", []) if key.lower() != b"x-request-id"]
                message = {**message, "headers": kept + [(b"x-request-id", request_id.encode())]}
            await send(message)

        started = time.perf_counter()
        request_started(method)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if self.route_after:
                route = route_label(self.route_after, scope)
            request_finished(method, route, status, time.perf_counter() - started)
            _request_id.reset(token)
`;
