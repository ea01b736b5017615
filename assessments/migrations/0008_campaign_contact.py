# Issue #15: whom respondents may ask, named on the thank-you and closed pages.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_invitation_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="contact_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="contact name"),
        ),
        migrations.AddField(
            model_name="campaign",
            name="contact_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="contact e-mail"),
        ),
    ]
