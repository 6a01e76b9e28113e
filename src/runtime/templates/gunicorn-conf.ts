/**
 * gunicorn.conf.py, written only when the project has none. gunicorn reads it from the
 * working directory by default; flags on the command line win over it, so the generated
 * Deployment's command stays authoritative and this file adds what flags cannot: JSON logs
 * from the master too, the startup line, and the hooks multiprocess metrics need. Python text.
 */

export const GUNICORN_CONF = String.raw`{{HEADER}}
import hashlib
import json
import logging
import os
import platform
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

SERVICE = {{SERVICE}}
LOCKFILE = {{LOCKFILE}}

bind = ["0.0.0.0:{{PORT}}"]
# WEB_CONCURRENCY is set per environment from the pod's CPU request; never the node's CPU count.
workers = int(os.environ.get("WEB_CONCURRENCY", "{{WORKERS}}"))
{{WORKER_CLASS}}# The heartbeat file on tmpfs: a disk-backed /tmp can stall it (gunicorn FAQ), and the root
# filesystem is read-only in the pod.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
timeout = {{TIMEOUT}}
graceful_timeout = {{GRACEFUL}}
keepalive = {{KEEPALIVE}}
# Recycle workers to bound memory growth; the jitter keeps them from restarting together.
max_requests = {{MAX_REQUESTS}}
max_requests_jitter = {{MAX_REQUESTS_JITTER}}
accesslog = "-"
errorlog = "-"


class JsonFormatter(logging.Formatter):
    """The master's and gunicorn's own lines as JSON (the app module formats the app's)."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            entry.update(client=atoms.get("h"), method=atoms.get("m"), path=atoms.get("U"), status=atoms.get("s"),
                         duration_ms=round(int(atoms.get("D") or 0) / 1000, 3))
            if atoms.get("{x-request-id}o") not in (None, "-"):
                entry["request_id"] = atoms["{x-request-id}o"]
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}


def _start_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return "0"


# Prometheus multiprocess files, one directory per master start: set here, when gunicorn reads
# this file in the master, so it is in place before any worker (or a preloaded app) imports
# prometheus_client, which picks its mode on import.
_METRICS_BASE = os.path.join(tempfile.gettempdir(), "py2kube-metrics")
for _name in os.listdir(_METRICS_BASE) if os.path.isdir(_METRICS_BASE) else []:
    # Directories of servers that are gone (a master killed before its on_exit ran).
    _pid, _, _ticks = _name.partition("-")
    if _pid.isdigit() and _start_ticks(int(_pid)) != _ticks:
        shutil.rmtree(os.path.join(_METRICS_BASE, _name), ignore_errors=True)
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", os.path.join(_METRICS_BASE, f"{os.getpid()}-{_start_ticks(os.getpid())}"))
os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)


def on_starting(server):
    try:
        lock_hash = hashlib.sha256(LOCKFILE.read_bytes()).hexdigest() if LOCKFILE else None
    except OSError:
        lock_hash = None
    fields = {
        "service": SERVICE,
        "version": os.environ.get("APP_VERSION") or os.environ.get("GIT_SHA") or "unknown",
        "git_sha": os.environ.get("GIT_SHA"),
        "python": platform.python_version(),
        "lockfile": LOCKFILE.name if LOCKFILE else None,
        "lockfile_sha256": lock_hash,
        "pid": os.getpid(),
    }
    server.log.info("starting %s", SERVICE, extra={"fields": fields})
    os.environ["PY2KUBE_STARTUP_LOGGED"] = "1"  # the workers inherit it and stay quiet


def child_exit(server, worker):
    """Multiprocess bookkeeping when a worker exits (recycled, killed or stopped)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory or not os.path.isdir(directory):
        return
    import fcntl

    from prometheus_client import multiprocess
    from prometheus_client.mmap_dict import MmapedDict

    multiprocess.mark_process_dead(worker.pid, directory)  # its in-flight gauge no longer counts
    # Counters and histograms of an exited worker must keep counting, but one file per recycled
    # worker would pile up and make every scrape slower: fold them into one archive per type.
    with open(os.path.join(directory, ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for kind in ("counter", "histogram", "summary"):
            dead = os.path.join(directory, f"{kind}_{worker.pid}.db")
            if not os.path.exists(dead):
                continue
            archive = MmapedDict(os.path.join(directory, f"{kind}_archive.db"))
            try:
                for key, value, timestamp, _position in MmapedDict.read_all_values_from_file(dead):
                    total, _ = archive.read_value(key)
                    archive.write_value(key, total + value, timestamp)
            finally:
                archive.close()
            os.remove(dead)


def on_exit(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if directory.startswith(_METRICS_BASE + os.sep):
        shutil.rmtree(directory, ignore_errors=True)
`;
