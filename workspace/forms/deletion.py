"""The confirmation of a deletion: the person types the name of what they delete."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext


class DeletionConfirmForm(forms.Form):
    name = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))

    def __init__(self, *args: Any, expected: str, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["name"].label = label

    def clean_name(self) -> str:
        # Exactly the name (spaces around it aside): typing it is the point, so nothing is guessed.
        name = self.cleaned_data["name"]
        if name != self.expected.strip():
            raise ValidationError(
                gettext("That is not the name. Type “%(name)s” exactly as shown, or cancel.") % {"name": self.expected}
            )
        return name
