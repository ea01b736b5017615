"""State of the services the portal depends on, for /healthz.

The answer is for load balancers and operators' dashboards, and anyone can read it: it says
what is up or down, never why in the service's own words (an error text names hosts, ports,
users) and never a worker's name (its host). The reasons go to the log.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import connection

from brmportal.celery import app

logger = logging.getLogger(__name__)

# How long /healthz waits for workers to say which queues they consume (a broadcast: every
# worker answers, and the wait is the whole timeout).
WORKERS_TIMEOUT_SECONDS = 0.5


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def database_status() -> dict[str, Any]:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down"; the log says why
        logger.warning("healthz: the database does not answer", exc_info=True)
        return {"status": "down"}
    return {"status": "ok", "vendor": connection.vendor, "ms": _ms(started)}


def broker_status() -> dict[str, Any]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager", "detail": "tasks run in the web process (no broker configured)"}
    started = time.monotonic()
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
    except Exception:
        logger.warning("healthz: the broker does not answer", exc_info=True)
        return {"status": "down"}
    return {"status": "ok", "ms": _ms(started)}


def task_queues() -> list[str]:
    """The queues the portal sends tasks to: Celery's default one, and the optional queues of
    their own for reports and e-mail (each needs a worker consuming it)."""
    names = [
        getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "") or "celery",
        settings.REPORTS_TASK_QUEUE,
        getattr(settings, "MAIL_TASK_QUEUE", ""),
    ]
    return list(dict.fromkeys(name for name in names if name))


def workers_status(broker_ok: bool) -> dict[str, Any]:
    """How many workers answer, and how many consume each of the portal's queues.

    status: "ok" (every queue has a worker), "none" (no worker answers), "missing" (some queue has
    no worker: its tasks wait), "unknown" (the broker is down), "eager" (no workers needed).
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager", "count": 0}
    if not broker_ok:
        return {"status": "unknown", "count": 0}
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            replies = app.control.inspect(timeout=WORKERS_TIMEOUT_SECONDS, connection=conn).active_queues() or {}
    except Exception:
        logger.warning("healthz: could not ask the workers", exc_info=True)
        return {"status": "unknown", "count": 0}
    consumed = [{queue.get("name") for queue in queues or ()} for queues in replies.values()]
    queues = {name: sum(1 for names in consumed if name in names) for name in task_queues()}
    missing = [name for name, count in queues.items() if not count]
    result: dict[str, Any] = {"status": "ok", "count": len(replies), "queues": queues}
    if missing:
        result["status"] = "missing" if replies else "none"
        result["detail"] = "no worker is consuming the queue" + ("s " if len(missing) > 1 else " ") + ", ".join(missing)
    return result


def health() -> tuple[dict[str, Any], bool]:
    """(report, healthy): healthy means the database answers; broker and workers are reported."""
    database = database_status()
    broker = broker_status()
    workers = workers_status(broker["status"] == "ok")
    healthy = database["status"] == "ok"
    return {"status": "ok" if healthy else "down", "database": database, "broker": broker, "workers": workers}, healthy
