"""The organisation's business units (issue #20): a name to add or rename one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.partner_rules import UNIT_NAME_MAX_LENGTH


class BusinessUnitForm(forms.Form):
    # The rules of a name (and its uniqueness) are the service's: unit_create, unit_update.
    name = forms.CharField(
        max_length=UNIT_NAME_MAX_LENGTH,
        label=_("Name"),
        help_text=_("A business partner of IT, as its people call it: Finance, Sales, Operations…"),
    )
