"""The consensus workshop's forms: they parse; the services check codes and scale bounds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.consensus import ConsensusModel


class ConsensusValueForm(forms.Form):
    # The agenda position the form was shown at: the save goes on to the next one.
    item = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    current = forms.DecimalField(label=_("Agreed current value"), required=False, max_digits=4, decimal_places=2)
    target = forms.DecimalField(label=_("Agreed target value"), required=False, max_digits=4, decimal_places=2)
    # One line, not a textarea: Enter saves and moves on, as the facilitator expects.
    rationale = forms.CharField(label=_("Rationale"), required=False, max_length=1000)


_SELECT = forms.Select(attrs={"class": "form-select form-select-lg"})


class ConsensusModelForm(forms.Form):
    today = forms.ChoiceField(
        label=_("Agreed model today"),
        required=False,
        choices=[("", "—"), *ConsensusModel.Model.choices],
        widget=_SELECT,
    )
    target = forms.ChoiceField(
        label=_("Target model chosen by leadership"),
        required=False,
        choices=[("", "—"), *ConsensusModel.Model.choices],
        widget=_SELECT,
    )
    rationale = forms.CharField(label=_("Rationale"), required=False, max_length=1000)
