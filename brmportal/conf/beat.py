"""The periodic tasks Celery beat schedules (exactly one beat process runs; see README, Deployment)."""

from __future__ import annotations

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    "mail-requeue-stale": {
        "task": "assessments.tasks.mail.mail_requeue_stale",
        # https://crontab.guru/#*/5_*_*_*_* : every 5 minutes
        "schedule": crontab(minute="*/5"),
    },
    "reports-requeue-stale": {
        "task": "reports.tasks.reports_requeue_stale",
        # https://crontab.guru/#*/5_*_*_*_* : every 5 minutes
        "schedule": crontab(minute="*/5"),
    },
    "personal-data-erase": {
        "task": "assessments.tasks.retention.personal_data_erase_due",
        # https://crontab.guru/#17_3_*_*_* : every day at 03:17 (a quiet hour, off the full hour)
        "schedule": crontab(minute=17, hour=3),
    },
}
