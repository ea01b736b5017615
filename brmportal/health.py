"""State of the services the portal depends on, for /healthz."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection

from brmportal.celery import app


def database_status() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down"; the message says why
        return {"status": "down", "error": str(exc)[:200]}
    return {"status": "ok", "vendor": connection.vendor, "ms": round((time.monotonic() - started) * 1000, 1)}


def broker_status() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager", "detail": "tasks run in the web process (no broker configured)"}
    started = time.monotonic()
    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
    except Exception as exc:
        return {"status": "down", "error": str(exc)[:200]}
    return {"status": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}


def workers_status(broker_ok: bool) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager", "count": 0}
    if not broker_ok:
        return {"status": "unknown", "count": 0}
    try:
        replies = app.control.ping(timeout=0.5) or []
    except Exception as exc:
        return {"status": "unknown", "count": 0, "error": str(exc)[:200]}
    names = sorted(name for reply in replies for name in reply)
    return {"status": "ok" if names else "none", "count": len(names), "workers": names}


def health() -> tuple[dict, bool]:
    """(report, healthy): healthy means the database answers; broker and workers are reported."""
    database = database_status()
    broker = broker_status()
    workers = workers_status(broker["status"] == "ok")
    healthy = database["status"] == "ok"
    return {"status": "ok" if healthy else "down", "database": database, "broker": broker, "workers": workers}, healthy
