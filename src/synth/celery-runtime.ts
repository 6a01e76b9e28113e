import { GENERATE_DEFAULTS as D } from '../config/defaults.ts';
import type { AppModel } from '../model/app.ts';
import { CELERY_MODULE } from './commands.ts';
import type { ResolvedOptions } from './options.ts';

/** File name of the generated Celery wrapper in `layout.runtimeDir` (copied to RUNTIME_DIR, which is on PYTHONPATH). */
export const CELERY_RUNTIME_FILE = `${CELERY_MODULE}.py`;

/** A Python string literal for any text (JSON strings are valid Python literals for the characters we emit). */
function pyString(value: string): string {
  return JSON.stringify(value);
}

/**
 * The liveness probe of a Celery worker container: succeeds while the heartbeat file the
 * wrapper's bootstep touches is younger than `heartbeatMaxAgeSeconds`. It starts a bare
 * interpreter (no app import, no broker round trip), so it is cheap and about THIS pod only,
 * unlike `celery inspect ping` (runtime facts 5.12). A missing file (the worker has not
 * started consuming yet) fails, which the startup probe's budget covers.
 */
export function celeryLivenessCommand(): string[] {
  const c = D.celery;
  return [
    'python', '-c',
    `import os, sys, time; sys.exit(0 if time.time() - os.stat(${pyString(c.heartbeatFile)}).st_mtime < ${c.heartbeatMaxAgeSeconds} else 1)`,
  ];
}

/**
 * The content of `py2kube_celery.py`: imports the project's Celery app the way `celery -A`
 * finds it, applies the delivery settings that have no command-line flag, and registers the
 * liveness heartbeat. Workers and beat run `celery -A py2kube_celery …`, so the project's own
 * code stays untouched.
 */
export function celeryRuntimeModule(model: AppModel, options: ResolvedOptions): string {
  if (model.celery === null || options.celery === null) throw new Error('celeryRuntimeModule called without Celery');
  const c = D.celery;
  return `# Celery wrapper written by py2kube generate for the app "${model.celery.app}"; edits are overwritten.
# Change its inputs in [tool.py2kube] (celery.app, celery.max-task-seconds) in pyproject.toml or py2kube.toml.
"""Celery entry point for the Kubernetes worker and beat: \`celery -A ${CELERY_MODULE} worker|beat\`.

It loads the project's app and adds what a worker in a pod needs but has no command-line flag:
- acks_late + reject_on_worker_lost: a task whose pod is killed mid-run (rollout, eviction,
  OOM) is redelivered instead of lost, so tasks must be idempotent;
- prefetch 1: a worker reserves only what it runs, so a stopping pod holds no extra messages;
- with a Redis broker, a visibility timeout longer than the longest task, or an acks_late task
  still running is handed to a second worker (Redis redelivers unacknowledged messages after it);
- a heartbeat file touched from the worker's own event loop, read by the liveness probe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery import Celery, bootsteps
from celery.app.utils import find_app

APP_TARGET = ${pyString(model.celery.app)}
HEARTBEAT_FILE = Path(${pyString(c.heartbeatFile)})
HEARTBEAT_SECONDS = ${c.heartbeatSeconds}
VISIBILITY_TIMEOUT_SECONDS = ${options.celery.visibilityTimeoutSeconds}
REDIS_SCHEMES = ("redis://", "rediss://", "redis+socket://", "sentinel://")

# find_app is what \`celery -A\` uses: "pkg.mod:attr", or a bare module's app/celery attribute,
# its celery submodule, or any Celery instance in it.
app: Celery = find_app(APP_TARGET)

# Set before the worker reads its configuration, so they win over the project's config source.
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
)


def _uses_redis(url: Any) -> bool:
    return isinstance(url, str) and url.startswith(REDIS_SCHEMES)


def _with_visibility_timeout(options: Any) -> dict[str, Any]:
    # The shortest value among apps sharing a broker wins, so never lower a longer one already set.
    merged = dict(options or {})
    merged["visibility_timeout"] = max(int(merged.get("visibility_timeout", 0)), VISIBILITY_TIMEOUT_SECONDS)
    return merged


# The broker URL usually comes from the environment (CELERY_BROKER_URL), so it is read here at
# start-up rather than decided when the file was generated.
if _uses_redis(app.conf.broker_url):
    app.conf.broker_transport_options = _with_visibility_timeout(app.conf.broker_transport_options)
    app.conf.visibility_timeout = max(int(app.conf.get("visibility_timeout") or 0), VISIBILITY_TIMEOUT_SECONDS)
if _uses_redis(app.conf.result_backend):
    app.conf.result_backend_transport_options = _with_visibility_timeout(app.conf.result_backend_transport_options)


def _touch_heartbeat() -> None:
    HEARTBEAT_FILE.touch()


class LivenessHeartbeat(bootsteps.StartStopStep):
    """Touches HEARTBEAT_FILE every HEARTBEAT_SECONDS from the consumer's timer.

    The timer fires from the same event loop that receives tasks, so a stale file means this
    worker's loop is stuck (or it has been reconnecting to the broker for longer than the
    probe allows; a restart reconnects the same way), which the exec probe turns into a restart.
    """

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self._timer_entry: Any = None

    def start(self, parent: Any) -> None:
        _touch_heartbeat()
        self._timer_entry = parent.timer.call_repeatedly(HEARTBEAT_SECONDS, _touch_heartbeat)

    def stop(self, parent: Any) -> None:
        if self._timer_entry is not None:
            self._timer_entry.cancel()
            self._timer_entry = None

    def shutdown(self, parent: Any) -> None:
        self.stop(parent)
        # A stopped worker must not look alive to a probe that runs before the container exits.
        HEARTBEAT_FILE.unlink(missing_ok=True)


app.steps["consumer"].add(LivenessHeartbeat)

__all__ = ["app"]
`;
}
