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
    "action-reminders": {
        "task": "assessments.tasks.actions.action_reminders_send",
        # https://crontab.guru/#41_7_*_*_* : every day at 07:41, so owners find it at the start of the working day
        "schedule": crontab(minute=41, hour=7),
    },
    "benchmark-publish": {
        "task": "assessments.tasks.benchmark.benchmark_publish",
        # https://crontab.guru/#23_4_*_*_* : every day at 04:23; a version follows only when five contributions changed
        "schedule": crontab(minute=23, hour=4),
    },
}
