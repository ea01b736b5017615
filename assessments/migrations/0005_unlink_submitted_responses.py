from django.db import migrations


def forwards(apps, schema_editor):
    """Responses submitted before issue #13 still point at their invitation (and through it at an
    e-mail address); a submit now breaks that link (response_submit). The invitation keeps the
    state "submitted", which is all the response rate and a second submit need."""
    Response = apps.get_model("assessments", "Response")
    Response.objects.filter(submitted_at__isnull=False, invitation__isnull=False).update(invitation=None)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_privacy"),
    ]

    # Not reversible in substance: which invitation a submitted response came from is forgotten on purpose.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
