# Placeholder in the chain of issue #15's migrations (filled by the part that needs it).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_invitation_email"),
    ]

    operations = []
