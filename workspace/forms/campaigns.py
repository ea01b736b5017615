"""The campaign form: what a campaign asks, of whom, when, and how its results are protected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import Campaign, Instrument
from assessments.partners import MAX_SERVED, BusinessUnit
from assessments.services.imports.validation import department_parse
from workspace.forms import split_list

MAX_DEPARTMENTS = 50
# One limit, the model's (its column).
FOREWORD_MAX_LENGTH: int = Campaign._meta.get_field("foreword").max_length or 2000
YOU_SAID_MAX_LENGTH: int = Campaign._meta.get_field("you_said_we_did").max_length or 1500
_DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"), help_text=_("For example “Business-IT assessment 2026”."))
    instrument = forms.ModelChoiceField(
        queryset=Instrument.objects.none(),
        empty_label=None,
        label=_("Instrument version"),
        help_text=_(
            "The portal's current version is chosen for you; keep the version of earlier rounds to compare them."
        ),
    )
    opens_at = forms.DateTimeField(required=False, widget=_DATETIME_WIDGET, label=_("Opens"))
    closes_at = forms.DateTimeField(required=False, widget=_DATETIME_WIDGET, label=_("Closes"))
    anonymity_threshold = forms.IntegerField(
        min_value=1,
        max_value=100,
        initial=3,
        label=_("Anonymity threshold"),
        help_text=_("Groups with fewer submitted responses are never shown on their own."),
    )
    departments = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Departments"),
        help_text=_("Optional: one per line or separated by commas. Respondents are then grouped by department."),
    )
    # Only when the organisation has business units (issue #20): their choices are set per form.
    partners = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Business units covered"),
    )
    practice_form = forms.ChoiceField(
        choices=Campaign.PracticeForm.choices,
        initial=Campaign.PracticeForm.SHORT,
        widget=forms.RadioSelect,
        label=_("BiSL practices"),
    )
    show_summary = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Show respondents a summary of their own answers after they submit"),
    )
    # Optional: respondents' pages fall back to "the business relationship manager".
    contact_name = forms.CharField(
        max_length=200,
        required=False,
        # Not "Contact name": the campaign's Name stays the one field whose label says "name".
        label=_("Contact person"),
        help_text=_("Whom respondents may ask about this assessment; shown on the thank-you and closed pages."),
    )
    contact_email = forms.EmailField(
        max_length=254,
        required=False,
        label=_("Contact e-mail"),
        help_text=_("Optional; shown beside the contact person, as a link to write to."),
    )
    # Not max_length: browsers send each line break as two characters, counted after normalising.
    foreword = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": FOREWORD_MAX_LENGTH}),
        label=_("Foreword for the report"),
        help_text=_(
            "Optional, at most 2,000 characters: your own words to the reader, printed under your consultancy's "
            "name on the report's executive summary. Plain text; a blank line starts a new paragraph. It is "
            "printed as you write it in every language's report."
        ),
    )
    you_said_we_did = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("You said, we did"),
        help_text=_(
            "Optional, at most 1,500 characters: what changed since the last round because of what respondents "
            "said. Shown to this round's respondents on the welcome page and in the invitation and reminder "
            "e-mails, as you write it. Plain text; a blank line starts a new paragraph."
        ),
    )
    next_measurement_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        label=_("Next measurement"),
        help_text=_(
            "Optional: when you plan to measure again, shown with the next steps on the dashboard and the "
            "report. Empty: a date twelve months after the campaign closes is proposed."
        ),
    )

    language = forms.ChoiceField(
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,  # a form posted without it (an older page, a script) keeps the default
        label=_("Language"),
        help_text=_("The questionnaire opens in this language and invitations are written in it."),
    )
    languages = forms.MultipleChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Respondents may also choose"),
        help_text=_("Offered on the welcome page. Every language offered must be fully translated."),
    )

    # Only on an existing campaign's settings (`editing`): it acts once the campaign is closed.
    exclude_flagged = forms.BooleanField(
        required=False,
        initial=False,
        label=_("Leave flagged respondents out of the results"),
        help_text=_(
            "Respondents who gave the same answer to every question, or agreed with statements that "
            "contradict each other, are always counted and shown as flagged. Tick to leave them out of "
            "the results once the campaign is closed (only where that cannot single anyone out)."
        ),
    )

    def __init__(
        self,
        *args: Any,
        instruments: QuerySet[Instrument],
        default_instrument: Instrument | None = None,
        threshold_floor: int = 0,
        editing: bool = False,
        units: Sequence[BusinessUnit] = (),
        **kwargs: Any,
    ) -> None:
        """`instruments`: the versions the organisation may use; `default_instrument`: the one a
        new campaign starts with; `threshold_floor`: the lowest threshold allowed besides the
        setting's minimum (the current one, once respondents have answered); `editing`: the
        settings of an existing campaign (with the flagged respondents' setting); `units`: the
        business units it may cover (`assessments.selectors.partners_admin.unit_choices`)."""
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["exclude_flagged"]
        partners = self.fields["partners"]
        assert isinstance(partners, forms.TypedMultipleChoiceField)
        if units:
            archived = gettext("%(name)s (archived)")
            partners.choices = [(u.pk, u.name if u.active else archived % {"name": u.name}) for u in units]
            partners.help_text = gettext(
                "Each business respondent rates their own unit, each IT respondent up to %(max)s units they serve, "
                "and the results are shown per unit where enough people answered. None: the relationship as a "
                "whole. Units are added and archived on the Business units page."
            ) % {"max": MAX_SERVED}
        else:
            del self.fields["partners"]
        field = self.fields["instrument"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = instruments
        if "instrument" not in self.initial:
            self.initial["instrument"] = default_instrument or instruments.first()
        # The services check the same rules (campaign_create, campaign_update); here they land
        # beside the field. Read per form so a changed setting applies without a restart.
        minimum = settings.ANONYMITY_MIN_THRESHOLD
        threshold = self.fields["anonymity_threshold"]
        self.fields["anonymity_threshold"] = forms.IntegerField(
            min_value=minimum,
            max_value=100,
            initial=max(minimum, 3),
            label=threshold.label,
            help_text=threshold.help_text,
        )
        self.threshold_floor = threshold_floor

    def clean_anonymity_threshold(self) -> int:
        value = self.cleaned_data["anonymity_threshold"]
        if value < self.threshold_floor:
            raise ValidationError(
                gettext(
                    "The anonymity threshold cannot be lowered once respondents have answered "
                    "(it is %(threshold)s; it may only go up)."
                )
                % {"threshold": self.threshold_floor}
            )
        return value

    def clean_foreword(self) -> str:
        text = self.cleaned_data["foreword"].replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > FOREWORD_MAX_LENGTH:
            raise ValidationError(
                gettext("The foreword has %(count)s characters; at most %(max)s fit on the summary page.")
                % {"count": len(text), "max": FOREWORD_MAX_LENGTH}
            )
        return text

    def clean_you_said_we_did(self) -> str:
        text = self.cleaned_data["you_said_we_did"].replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > YOU_SAID_MAX_LENGTH:
            raise ValidationError(
                gettext("“You said, we did” has %(count)s characters; at most %(max)s fit on the welcome page.")
                % {"count": len(text), "max": YOU_SAID_MAX_LENGTH}
            )
        return text

    def clean_departments(self) -> list[str]:
        departments: dict[str, str] = {}
        for raw in split_list(self.cleaned_data["departments"]):
            department, message = department_parse(raw, [])
            if message:
                raise ValidationError(message)
            departments.setdefault(department.casefold(), department)
        if len(departments) > MAX_DEPARTMENTS:
            raise ValidationError(gettext("At most %(max)s departments.") % {"max": MAX_DEPARTMENTS})
        return list(departments.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data; the stub allows None for overrides
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", gettext("The close date must be after the open date."))
        # The next round measures what changed after this one: it cannot come before it ends.
        next_on, ends = data.get("next_measurement_on"), closes_at or opens_at
        if next_on and ends and next_on <= timezone.localdate(ends):
            self.add_error("next_measurement_on", gettext("The next measurement must come after this campaign closes."))
        data["language"] = data.get("language") or settings.LANGUAGE_CODE
        instrument, language = data.get("instrument"), data["language"]
        if instrument and language:
            # The model's check, run here so the message lands beside the languages field.
            probe = Campaign(instrument=instrument, language=language, languages=data.get("languages") or [])
            try:
                probe.clean()
            except ValidationError as exc:
                for message in exc.message_dict.get("languages", []):
                    self.add_error("languages", message)
        return data

    def campaign_fields(self) -> dict[str, Any]:
        """The cleaned values under the names services.campaign_create / campaign_update take."""
        return {name: self.cleaned_data[name] for name in self.fields}

    @staticmethod
    def initial_from(campaign: Campaign) -> dict[str, Any]:
        return {
            "name": campaign.name,
            "instrument": campaign.instrument,
            "opens_at": campaign.opens_at,
            "closes_at": campaign.closes_at,
            "anonymity_threshold": campaign.anonymity_threshold,
            "departments": "\n".join(campaign.departments or []),
            "practice_form": campaign.practice_form,
            "show_summary": campaign.show_summary,
            "language": campaign.language,
            "languages": list(campaign.languages or []),
            "contact_name": campaign.contact_name,
            "contact_email": campaign.contact_email,
            "exclude_flagged": campaign.exclude_flagged,
            "foreword": campaign.foreword,
            "you_said_we_did": campaign.you_said_we_did,
            "next_measurement_on": campaign.next_measurement_on,
            "partners": list(campaign.partners.values_list("pk", flat=True)),
        }
