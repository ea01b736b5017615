"""A new API token: only its name; the key is made by the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("A name that says who uses it, e.g. 'Power BI' or 'data warehouse'."),
    )
