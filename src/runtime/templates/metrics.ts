/**
 * Prometheus metrics: requests by route template, durations, in-flight requests, process
 * metrics, and multiprocess mode for servers with several workers. Python text.
 */

export const METRICS = String.raw`# --- Prometheus metrics -------------------------------------------------------------


def _start_ticks(pid: int) -> str:
    """A process's start time (clock ticks since boot): tells a reused pid from the old one."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return "0"


def _server_pid() -> int:
    """The gunicorn master or uvicorn supervisor this worker belongs to, or this process alone."""
    import multiprocessing

    if "gunicorn.arbiter" in sys.modules or multiprocessing.parent_process() is not None:
        return os.getppid()
    return os.getpid()


def _multiprocess_dir() -> Optional[str]:
    """Where the workers of one server share metric files, or None when this process is the server.

    gunicorn.conf.py (or the user) sets PROMETHEUS_MULTIPROC_DIR. Otherwise a worker of gunicorn
    or of "uvicorn --workers" uses a directory named after its server process and its start
    time, so every server start begins empty (no stale files to wipe), even when a container
    restart reuses the pid and the /tmp volume.
    """
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        server = _server_pid()
        if server == os.getpid() or "prometheus_client" in sys.modules:
            return None
        base = os.path.join(tempfile.gettempdir(), "py2kube-metrics")
        _remove_stale(base)
        directory = os.path.join(base, f"{server}-{_start_ticks(server)}")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    os.makedirs(directory, exist_ok=True)
    return directory


def _remove_stale(base: str) -> None:
    """Directories of servers that are gone: uvicorn's supervisor never cleans up, a killed master cannot."""
    import shutil

    for name in os.listdir(base) if os.path.isdir(base) else []:
        pid, _, ticks = name.partition("-")
        if pid.isdigit() and _start_ticks(int(pid)) != ticks:
            shutil.rmtree(os.path.join(base, name), ignore_errors=True)


# Decided before prometheus_client is imported: it picks single- or multiprocess mode on import.
MULTIPROC_DIR = _multiprocess_dir()

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, PlatformCollector  # noqa: E402
from prometheus_client.core import GaugeMetricFamily  # noqa: E402
from prometheus_client.exposition import choose_encoder  # noqa: E402
from prometheus_client.multiprocess import MultiProcessCollector  # noqa: E402

try:  # one series per label set instead of two (prometheus-client >= 0.17)
    from prometheus_client import disable_created_metrics

    disable_created_metrics()
except ImportError:
    pass

# Labels are the route template ("/orders/{order_id}"), never the raw path, so the number of
# series is bounded by the routes the app declares; requests no route matches share one label.
UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUESTS = Counter("http_requests", "HTTP requests served, by method, route template and status code.", ["method", "route", "status"])
DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from the request reaching the app to its response being complete.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
IN_PROGRESS = Gauge("http_requests_in_progress", "Requests being served now.", ["method"], multiprocess_mode="livesum")


def method_label(method: str) -> str:
    return method if method in _METHODS else "other"


def request_started(method: str) -> None:
    IN_PROGRESS.labels(method_label(method)).inc()


def request_finished(method: str, route: str, status: int, seconds: float) -> None:
    method = method_label(method)
    IN_PROGRESS.labels(method).dec()
    REQUESTS.labels(method, route, str(status)).inc()
    DURATION.labels(method, route).observe(seconds)


class ServerProcessCollector:
    """Memory and open files of the whole server (master or supervisor and its workers).

    In multiprocess mode the standard process collector would describe only the worker that
    happened to answer the scrape. CPU time is left out: a summed counter drops whenever a
    worker is recycled, which Prometheus would read as a reset (the container's CPU comes
    from the kubelet anyway).
    """

    def collect(self) -> Iterable[GaugeMetricFamily]:
        root = _server_pid()
        pids = [root] + [pid for pid in _pids() if _parent_of(pid) == root]
        memory = files = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/statm") as statm:
                    memory += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
                files += len(os.listdir(f"/proc/{pid}/fd"))
            except (OSError, ValueError, IndexError):
                continue
        yield GaugeMetricFamily("process_resident_memory_bytes", "Resident memory of the server's processes together.", value=memory)
        yield GaugeMetricFamily("process_open_fds", "Open file descriptors of the server's processes together.", value=files)
        yield GaugeMetricFamily("server_processes", "Processes of this server: its master or supervisor and the workers.", value=len(pids))


def _pids() -> List[int]:
    try:
        return [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []


def _parent_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def metrics_body(accept: str) -> Tuple[bytes, str]:
    """The exposition for a scrape, in the format the scraper asked for."""
    encoder, content_type = choose_encoder(accept)
    if MULTIPROC_DIR is None:
        return encoder(REGISTRY), content_type
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=MULTIPROC_DIR)
    registry.register(ServerProcessCollector())
    PlatformCollector(registry=registry)
    # gunicorn.conf.py folds the files of exited workers into one archive under this lock;
    # reading while it does would count a worker twice or not at all.
    import fcntl

    with open(os.path.join(MULTIPROC_DIR, ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
        return encoder(registry), content_type
`;

/** When the app exports its own metrics: no prometheus-client, and the middleware's hooks do nothing. */
export const NO_METRICS = String.raw`# --- Metrics: the app exports its own, so these hooks do nothing -------------------

UNMATCHED = "unmatched"


def request_started(method: str) -> None:
    pass


def request_finished(method: str, route: str, status: int, seconds: float) -> None:
    pass
`;
