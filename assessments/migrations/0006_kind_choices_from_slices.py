# The instrument kinds come from the registered slices (assessments.slices), so a new
# instrument needs no migration of the core. No database change.

import assessments.slices
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_unlink_submitted_responses"),
    ]

    operations = [
        migrations.AlterField(
            model_name="item",
            name="kind",
            field=models.CharField(choices=assessments.slices.kind_choices, max_length=20),
        ),
        migrations.AlterField(
            model_name="section",
            name="kind",
            field=models.CharField(choices=assessments.slices.kind_choices, max_length=20),
        ),
    ]
