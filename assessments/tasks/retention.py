"""Celery task for personal data retention (assessments.services.privacy). Thin: it calls the services."""

from __future__ import annotations

from importlib import import_module

from celery import shared_task


@shared_task(acks_late=True)
def personal_data_erase_due() -> dict[int, int]:
    """Periodic (beat, daily): erase respondents' e-mail addresses PERSONAL_DATA_RETENTION_DAYS after
    their campaign closed; {campaign id: invitations erased}. Safe to run twice or concurrently."""
    from django.conf import settings

    from assessments.services.privacy import personal_data_erase_due as personal_data_erase_due_service

    erased = personal_data_erase_due_service()
    # Expired sessions are personal data too (a pasted list of addresses waits in its session until
    # it is confirmed), and Django deletes them only when asked (`manage.py clearsessions`).
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return erased
