/**
 * Readiness: dependency checks with short timeouts, through the client libraries the app
 * already installs, and 503 once SIGTERM has arrived. Python text.
 */

/** How one dependency is checked; chosen from the project's dependencies by ../plan.ts. */
export type CheckKind =
  | 'postgresql-asyncpg'
  | 'postgresql-psycopg'
  | 'postgresql-psycopg2'
  | 'django-database'
  | 'redis'
  | 'celery-broker'
  | 'amqp'
  | 'tcp';

/** One Python function per kind; `NAME` is the check's function name. */
export const CHECK_FUNCTIONS: Record<CheckKind, string> = {
  'postgresql-asyncpg': String.raw`async def {{NAME}}(url: str) -> None:
    """SELECT 1 through asyncpg, the driver the app uses."""
    import asyncpg

    connection = await asyncpg.connect(_plain_scheme(url), timeout=CHECK_TIMEOUT_SECONDS)
    try:
        await connection.fetchval("SELECT 1")
    finally:
        await connection.close(timeout=CHECK_TIMEOUT_SECONDS)
`,
  'postgresql-psycopg': String.raw`def {{NAME}}(url: str) -> None:
    """SELECT 1 through psycopg 3, the driver the app uses (libpq's shortest connect timeout is 2 s)."""
    import psycopg

    with psycopg.connect(_plain_scheme(url), connect_timeout=2, autocommit=True) as connection:
        connection.execute("SELECT 1")
`,
  'postgresql-psycopg2': String.raw`def {{NAME}}(url: str) -> None:
    """SELECT 1 through psycopg2, the driver the app uses (libpq's shortest connect timeout is 2 s)."""
    import psycopg2

    connection = psycopg2.connect(_plain_scheme(url), connect_timeout=2)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()
`,
  'django-database': String.raw`def {{NAME}}(_url: str) -> None:
    """SELECT 1 on Django's default database, with the app's own settings."""
    from django.db import connections

    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()  # a probe's connection must not linger in a check thread
`,
  redis: String.raw`def {{NAME}}(url: str) -> None:
    """PING through redis-py."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT_SECONDS, socket_timeout=CHECK_TIMEOUT_SECONDS)
    try:
        client.ping()
    finally:
        client.close()
`,
  'celery-broker': String.raw`def {{NAME}}(url: str) -> None:
    """The Celery broker: a Redis PING, or an AMQP connection through kombu."""
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT_SECONDS, socket_timeout=CHECK_TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
        return
    import kombu

    with kombu.Connection(url, connect_timeout=CHECK_TIMEOUT_SECONDS) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT_SECONDS)
`,
  amqp: String.raw`def {{NAME}}(url: str) -> None:
    """An AMQP connection (login and vhost included) through kombu."""
    import kombu

    with kombu.Connection(url, connect_timeout=CHECK_TIMEOUT_SECONDS) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT_SECONDS)
`,
  tcp: String.raw`def {{NAME}}(url: str) -> None:
    """A TCP connection only: the project installs no client library py2kube knows for it."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    socket.create_connection((parts.hostname or "localhost", parts.port or {{DEFAULT_PORT}}), timeout=CHECK_TIMEOUT_SECONDS).close()
`,
};

export const READINESS_HEAD = String.raw`# --- Readiness --------------------------------------------------------------------

# Each check gets this long; they run at the same time, so /readyz answers within it too.
CHECK_TIMEOUT_SECONDS = 1.0


def _plain_scheme(url: str) -> str:
    """"postgresql+asyncpg://…" (SQLAlchemy style) → "postgresql://…", which the drivers take."""
    return re.sub(r"^([A-Za-z]+)\+[A-Za-z0-9_]+://", r"\1://", url)
`;

export const READINESS_TAIL = String.raw`

def selected_checks() -> List[Tuple[str, Optional[str], Callable[[str], Any]]]:
    """The checks to run: all of CHECKS, or those PY2KUBE_READY_CHECKS names ("none": none).

    Each name may say where its URL comes from: "postgresql,celery-broker=REDIS_URL".
    """
    wanted = os.environ.get("PY2KUBE_READY_CHECKS")
    if wanted is None:
        return [(name, variable, check) for name, (variable, check) in CHECKS.items()]
    chosen = []
    for item in wanted.split(","):
        name, _, variable = item.strip().partition("=")
        if name in CHECKS:
            chosen.append((name, variable or CHECKS[name][0], CHECKS[name][1]))
    return chosen


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0][:200]}" if text else type(error).__name__


def readiness_report(outcomes: Dict[str, Dict[str, Any]]) -> Tuple[int, Dict[str, Any]]:
    ready = all(outcome.get("ok", True) for outcome in outcomes.values())
    return (200 if ready else 503), {"status": "ready" if ready else "unready", "checks": outcomes}
`;

/** Checks run in threads with one shared deadline (WSGI: the worker has no event loop). */
export const READINESS_SYNC = String.raw`
_checks_pool: Dict[str, Any] = {}


def _pool() -> Any:
    # Created on first use, after the server has forked its workers. Bounded: a check stuck
    # in a driver holds a thread until its own timeout, and later probes queue behind it.
    from concurrent.futures import ThreadPoolExecutor

    if "pool" not in _checks_pool:
        _checks_pool["pool"] = ThreadPoolExecutor(max_workers=8, thread_name_prefix="py2kube-readyz")
    return _checks_pool["pool"]


def readiness() -> Tuple[int, Dict[str, Any]]:
    if stopping():
        return 503, {"status": "stopping"}
    deadline = time.monotonic() + CHECK_TIMEOUT_SECONDS
    outcomes: Dict[str, Dict[str, Any]] = {}
    running = {}
    for name, variable, check in selected_checks():
        url = os.environ.get(variable, "") if variable else ""
        if variable and not url:
            outcomes[name] = {"skipped": f"{variable} is not set"}
            continue
        running[name] = (time.monotonic(), _pool().submit(check, url))
    for name, (started, future) in running.items():
        try:
            future.result(timeout=max(0.0, deadline - time.monotonic()))
            outcomes[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000)}
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            # Still running means result() gave up waiting; done means the check itself failed.
            answer = _describe(error) if future.done() else f"no answer within {CHECK_TIMEOUT_SECONDS}s"
            outcomes[name] = {"ok": False, "error": answer}
    return readiness_report(outcomes)
`;

/** Checks run concurrently on the event loop; blocking drivers in threads. */
export const READINESS_ASYNC = String.raw`
_checks_pool: Dict[str, Any] = {}


def _pool() -> Any:
    # Created on first use, after the server has forked its workers. Bounded: a check stuck
    # in a driver holds a thread until its own timeout, and later probes queue behind it.
    from concurrent.futures import ThreadPoolExecutor

    if "pool" not in _checks_pool:
        _checks_pool["pool"] = ThreadPoolExecutor(max_workers=8, thread_name_prefix="py2kube-readyz")
    return _checks_pool["pool"]


async def readiness() -> Tuple[int, Dict[str, Any]]:
    import asyncio
    import inspect

    if stopping():
        return 503, {"status": "stopping"}
    loop = asyncio.get_running_loop()
    outcomes: Dict[str, Dict[str, Any]] = {}

    async def run(name: str, check: Callable[[str], Any], url: str) -> None:
        started = time.monotonic()
        try:
            pending = check(url) if inspect.iscoroutinefunction(check) else loop.run_in_executor(_pool(), check, url)
            await asyncio.wait_for(pending, CHECK_TIMEOUT_SECONDS)
            outcomes[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000)}
        except asyncio.TimeoutError:
            outcomes[name] = {"ok": False, "error": f"no answer within {CHECK_TIMEOUT_SECONDS}s"}
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            outcomes[name] = {"ok": False, "error": _describe(error)}

    runs = []
    for name, variable, check in selected_checks():
        url = os.environ.get(variable, "") if variable else ""
        if variable and not url:
            outcomes[name] = {"skipped": f"{variable} is not set"}
            continue
        runs.append(run(name, check, url))
    await asyncio.gather(*runs)
    return readiness_report(outcomes)
`;
