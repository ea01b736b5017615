"""The action plan's forms: they parse; the services check codes, prerequisites and dates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.actions import DESCRIPTION_MAX, TITLE_MAX, Action

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_name = forms.CharField(label=_("Owner"), max_length=200, help_text=_("A person, not necessarily a member."))
    owner_email = forms.EmailField(
        label=_("Owner's e-mail address"),
        help_text=_("The owner gets an e-mail a week before the due date, and one when it is overdue."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=_DATE)
    targets = forms.MultipleChoiceField(
        label=_("Targets"),
        required=False,
        help_text=_("The items, behaviours or practices it should move: the next round reports how they moved."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    prerequisites = forms.TypedMultipleChoiceField(
        label=_("Waits for"),
        required=False,
        coerce=int,
        help_text=_("Other actions that must be done first."),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    # The recommendation or item the action was planned from (a link's ?source=): kept as it came.
    source = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        targets: Sequence[tuple[str, Any]],
        prerequisites: Sequence[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = list(targets)  # type: ignore[attr-defined]
        self.fields["prerequisites"].choices = list(prerequisites)  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices)
    done_on = forms.DateField(required=False, widget=_DATE)


class ActionFilterForm(forms.Form):
    """The list's filters (GET): each empty value filters nothing."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Action.Status.choices]
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    target = forms.ChoiceField(label=_("Target"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(
        self, *args: Any, owners: Sequence[tuple[str, str]], targets: Sequence[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Anyone")), *owners]  # type: ignore[attr-defined]
        self.fields["target"].choices = [("", _("Anything")), *targets]  # type: ignore[attr-defined]
