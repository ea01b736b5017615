# Issue #15, items 1 and 12: when a campaign actually closed, and the outbox every e-mail waits in
# for a Celery worker (one row per invitation for its invitation/reminder: its e-mail state).

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Least


def closed_at_backfill(apps, schema_editor):
    # Campaigns closed before this field existed: the last change is the best known close time
    # (never later than the truth unless edited after closing), or the close date if earlier.
    Campaign = apps.get_model("assessments", "Campaign")
    closed = Campaign.objects.filter(status="closed", closed_at__isnull=True)
    closed.filter(closes_at__isnull=True).update(closed_at=F("updated_at"))
    closed.filter(closes_at__isnull=False).update(closed_at=Least("updated_at", "closes_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("assessments", "0006_kind_choices_from_slices"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="closed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(closed_at_backfill, migrations.RunPython.noop),
        migrations.CreateModel(
            name="OutgoingEmail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("invitation", "Invitation"),
                            ("reminder", "Reminder"),
                            ("resume", "Continue on another device"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("sending", "Sending"),
                            ("sent", "Sent"),
                            ("retrying", "Will retry"),
                            ("failed", "Failed"),
                            ("cancelled", "Not sent"),
                        ],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("to", models.EmailField(blank=True, max_length=254)),
                ("reply_to", models.EmailField(blank=True, max_length=254)),
                ("subject", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
                ("html", models.TextField(blank=True)),
                ("language", models.CharField(blank=True, max_length=10)),
                ("base_url", models.CharField(blank=True, max_length=200)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("error", models.CharField(blank=True, max_length=500)),
                ("queued_at", models.DateTimeField()),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("expires_at", models.DateTimeField(blank=True, null=True)),
                (
                    "invitation",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mail",
                        to="assessments.invitation",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outgoing_emails",
                        to="accounts.organisation",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=Q(("status__in", ["queued", "sending", "retrying"])),
                        fields=["status", "updated_at"],
                        name="outgoing_email_pending",
                    )
                ],
            },
        ),
    ]
