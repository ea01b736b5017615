"""Celery task of the action plan (assessments.services.actions). Thin: it calls the service."""

from __future__ import annotations

from datetime import date

from celery import shared_task


@shared_task(acks_late=True)
def action_reminders_send(today: str | None = None) -> dict[str, int]:
    """Periodic (beat, daily): e-mail each open action's owner a week before its due date and once
    when it is overdue; {"soon": n, "overdue": n}. `today` (ISO date) defaults to the local date.
    Safe to run twice or at once: each reminder is marked sent with its message (the service)."""
    from django.utils import timezone

    from assessments.services.actions import action_reminders_send as action_reminders_send_service

    return action_reminders_send_service(today=date.fromisoformat(today) if today else timezone.localdate())
