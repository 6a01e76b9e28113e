/**
 * The part of the companion every app gets: JSON logs with a request id, the startup line,
 * and the SIGTERM handler that flips readiness before the server's own graceful stop.
 * Python text with `{{PLACEHOLDERS}}` filled by ../render.ts.
 */

export const IMPORTS = String.raw`from __future__ import annotations

import contextvars
import hashlib
import importlib
import json
import logging
import os
import platform
import re
import signal
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple
`;

export const SETTINGS = String.raw`SERVICE = {{SERVICE}}
# The app this module serves; py2kube reads it back on the next "init --runtime".
WRAPPED_APP = {{WRAPPED_APP}}
# Hashed when the process starts, so the startup line names the lockfile actually deployed.
LOCKFILE: Optional[Path] = {{LOCKFILE}}
LIVENESS_PATH: Optional[str] = {{LIVENESS_PATH}}
READINESS_PATH: Optional[str] = {{READINESS_PATH}}
METRICS_PATH: Optional[str] = {{METRICS_PATH}}
OWN_PATHS = frozenset(p for p in (LIVENESS_PATH, READINESS_PATH, METRICS_PATH) if p)
# Seconds between SIGTERM (readiness turns 503) and the server being told to stop: the port keeps
# answering while load balancers that probe /readyz take the pod out (docs/runtime.md).
STOP_DELAY_SECONDS = float(os.environ.get("PY2KUBE_STOP_DELAY", "{{STOP_DELAY}}"))

log = logging.getLogger("py2kube")
log.setLevel(logging.INFO)
`;

export const LOGGING = String.raw`# --- JSON logs with a request id -------------------------------------------------

_request_id: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("py2kube_request_id", default=None)
# An incoming X-Request-ID is kept only when it looks like an id: no newlines or megabytes in logs.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=@-]{1,128}")


def request_id_for(incoming: Optional[str]) -> str:
    """The caller's X-Request-ID when it is sane, else a new random one."""
    if incoming and _VALID_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _access_fields(record: logging.LogRecord) -> Dict[str, Any]:
    """Structured fields of the servers' own access lines (their text stays in "message")."""
    args = record.args
    if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
        client, method, path, _version, status = args
        return {"client": client, "method": method, "path": path, "status": status}
    if record.name == "gunicorn.access" and isinstance(args, dict):
        request_id = args.get("{x-request-id}o")
        fields = {"client": args.get("h"), "method": args.get("m"), "path": args.get("U"), "status": args.get("s"),
                  "duration_ms": round(int(args.get("D") or 0) / 1000, 3)}
        return {**fields, "request_id": request_id} if request_id not in (None, "-") else fields
    return {}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what log collectors parse without a per-app pattern."""

    def format(self, record: logging.LogRecord) -> str:
        entry: Dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        entry.update(_access_fields(record))
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def _stamp_request_ids() -> None:
    """Every log record made while a request is served carries its id, whoever logs it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "py2kube", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = _request_id.get()
        return record

    factory.py2kube = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def use_json_logs() -> None:
    """JSON on every console handler the app and the server set up; one on stdout if there is none.

    Called after the app is imported (Django and others configure logging then).
    PY2KUBE_JSON_LOGS=0 keeps the app's own format.
    """
    if os.environ.get("PY2KUBE_JSON_LOGS", "1") == "0":
        return
    _stamp_request_ids()
    logging.captureWarnings(True)  # Python warnings become log records, so JSON lines too
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler(sys.stdout))
        if root.level == logging.WARNING:  # Python's default: a server's INFO lines would vanish
            root.setLevel(logging.INFO)
    loggers = [root] + [item for item in logging.Logger.manager.loggerDict.values() if isinstance(item, logging.Logger)]
    formatter = JsonFormatter()
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                handler.setFormatter(formatter)


def startup_fields() -> Dict[str, Any]:
    try:
        lock_hash: Optional[str] = hashlib.sha256(LOCKFILE.read_bytes()).hexdigest() if LOCKFILE else None
    except OSError:
        lock_hash = None
    return {
        "service": SERVICE,
        "version": os.environ.get("APP_VERSION") or os.environ.get("GIT_SHA") or "unknown",
        "git_sha": os.environ.get("GIT_SHA"),
        "python": platform.python_version(),
        "lockfile": LOCKFILE.name if LOCKFILE else None,
        "lockfile_sha256": lock_hash,
        "pid": os.getpid(),
    }


def log_startup() -> None:
    # Under gunicorn.conf.py the master logs this line once; its workers inherit the flag.
    if os.environ.get("PY2KUBE_STARTUP_LOGGED") == "1":
        return
    log.info("starting %s", SERVICE, extra={"fields": startup_fields()})
`;

export const SHUTDOWN = String.raw`# --- SIGTERM: readiness first, then the server's own graceful stop --------------

_stopping = threading.Event()
_previous_handler: Dict[str, Any] = {"handler": signal.SIG_DFL}


def stopping() -> bool:
    """True once SIGTERM arrived; an app's own readiness check can answer 503 on it too."""
    return _stopping.is_set()


def _chain(signum: int, frame: Any) -> None:
    previous = _previous_handler["handler"]
    if callable(previous):
        previous(signum, frame)
    elif previous == signal.SIG_DFL:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


def _on_sigterm(signum: int, frame: Any) -> None:
    if _stopping.is_set():  # our own re-delivery after the delay, or a second SIGTERM
        _chain(signum, frame)
        return
    _stopping.set()
    log.info("SIGTERM: readiness is now 503; the server stops in %ss", STOP_DELAY_SECONDS)
    if STOP_DELAY_SECONDS <= 0:
        _chain(signum, frame)
        return
    # Re-send the real signal later rather than calling the handler from a thread: servers
    # wake their loops on signal delivery (gunicorn's wakeup pipe), not on a flag set elsewhere.
    timer = threading.Timer(STOP_DELAY_SECONDS, os.kill, (os.getpid(), signum))
    timer.daemon = True
    timer.start()


def install_sigterm_handler() -> None:
    """Put our handler in front of the one the server installed, chaining to it; cheap to repeat.

    Servers install theirs at different moments (gunicorn before importing the app, uvicorn
    when it starts serving), so this runs at import, at lifespan startup and on each request.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    current = signal.getsignal(signal.SIGTERM)
    if current is _on_sigterm:
        return
    _previous_handler["handler"] = current
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.siginterrupt(signal.SIGTERM, False)  # as gunicorn sets it: let blocking calls finish


def load(target: str) -> Any:
    """"package.module:attribute" (or a factory "package:create_app()") → the object."""
    module_name, _, attribute = target.removesuffix("()").partition(":")
    value: Any = importlib.import_module(module_name)
    for part in attribute.split("."):
        value = getattr(value, part)
    return value
`;
