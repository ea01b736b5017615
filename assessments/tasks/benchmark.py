"""Celery task of the benchmark across organisations (issue #20). Thin: it calls the service."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def benchmark_publish() -> int | None:
    """Periodic (beat, daily): publish a new version of the benchmark when at least five
    contributions changed; the new version's number, or None. Safe to run twice or concurrently
    (the service locks the current version)."""
    from assessments.services.benchmark import benchmark_publish as benchmark_publish_service

    snapshot = benchmark_publish_service().snapshot
    return snapshot.version if snapshot is not None else None
