# Issue #15, item 13: personal data kept only as long as needed.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0009_import_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="personal_data_erased_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
