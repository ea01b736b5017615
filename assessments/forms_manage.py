"""Forms of the BRM and consultant workspace. They parse and validate input; services write."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.content import content_prepare
from assessments.models import Campaign, Instrument, Side
from assessments.selectors.invitations import campaign_invited_emails
from assessments.services.imports import department_parse, parse_file, quote
from brmportal.lib.exceptions import ApplicationError

MAX_DEPARTMENTS = 50
MAX_INVITATION_ROWS = 2000
MAX_INSTRUMENT_BYTES = 2 * 1024 * 1024
MAX_SHOWN_ERRORS = 50
_LIST_SPLIT_RE = re.compile(r"[\n,;]+")
_DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _split_list(text: str) -> list[str]:
    """Entries of a list typed one per line or separated by commas or semicolons, blanks dropped."""
    return [part.strip() for part in _LIST_SPLIT_RE.split(text or "") if part.strip()]


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

    def __init__(
        self,
        *args: Any,
        instruments: QuerySet[Instrument],
        default_instrument: Instrument | None = None,
        threshold_floor: int = 0,
        **kwargs: Any,
    ) -> None:
        """`instruments`: the versions the organisation may use; `default_instrument`: the one a
        new campaign starts with; `threshold_floor`: the lowest threshold allowed besides the
        setting's minimum (the current one, once respondents have answered)."""
        super().__init__(*args, **kwargs)
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

    def clean_departments(self) -> list[str]:
        departments: dict[str, str] = {}
        for raw in _split_list(self.cleaned_data["departments"]):
            department, message = department_parse(raw, [])
            if message:
                raise ValidationError(message)
            departments.setdefault(department.casefold(), department)
        if len(departments) > MAX_DEPARTMENTS:
            raise ValidationError(gettext("At most %(max)s departments.") % {"max": MAX_DEPARTMENTS})
        return list(departments.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", gettext("The close date must be after the open date."))
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
        }


# ---------------------------------------------------------------------------------------------
# Adding respondents: paste or CSV -> checked rows (preview) -> confirm


@dataclass
class InvitationRow:
    """One address to invite, as the preview shows it; `error` is empty for a row that can be added."""

    number: int
    email: str
    side: str
    department: str
    error: str = ""

    def as_data(self) -> dict[str, Any]:
        return asdict(self)


def invitation_rows_check(*, campaign: Campaign, rows: list[InvitationRow], unit: str = "entry") -> list[InvitationRow]:
    """Set `error` on every row that cannot be invited; the others keep an empty error.

    A row fails for a bad e-mail address, an unknown side, a department the campaign does not
    list (or an unsafe free-text one), an address repeated earlier in the list, or one already
    invited to the campaign. Addresses compare case-insensitively and are stored lower-case.
    `unit` names the numbering in messages ("entry" of a pasted list, "row" of a file).
    """
    invited = campaign_invited_emails(campaign=campaign)
    departments = list(campaign.departments or [])
    seen: dict[str, int] = {}
    for row in rows:
        row.error = ""
        email = row.email.strip()
        if "<" in email and email.endswith(">"):
            email = email[email.rindex("<") + 1 : -1].strip()  # "Pat Doe <pat@example.com>"
        row.email = email.lower()
        side = row.side.strip().casefold()
        row.side = side
        if not email:
            row.error = gettext("The e-mail address is missing.")
        else:
            try:
                validate_email(email)
            except ValidationError:
                row.error = gettext("%(value)s is not a valid e-mail address.") % {"value": quote(email)}
        if not row.error and side not in Side.values:
            if row.side:
                row.error = gettext("%(value)s is not a side: use business or it.") % {"value": quote(row.side)}
            else:
                row.error = gettext("An empty side is not a side: use business or it.")
        if not row.error:
            row.department, message = department_parse(row.department, departments)
            row.error = message[:1].upper() + message[1:] + "." if message else ""
        if not row.error and row.email in seen:
            if unit == "row":
                row.error = gettext("Appears twice in this list (also row %(number)s).") % {"number": seen[row.email]}
            else:
                row.error = gettext("Appears twice in this list (also entry %(number)s).") % {"number": seen[row.email]}
        if not row.error and row.email in invited:
            row.error = gettext("Already invited to this campaign.")
        seen.setdefault(row.email, row.number)
    return rows


class _InvitationOptions(forms.Form):
    send_now = forms.BooleanField(
        required=False,
        initial=True,
        label=_("E-mail each new respondent their personal link now"),
        help_text=_("Only when the campaign is open. You can also send or copy links later."),
    )


class InvitationPasteForm(_InvitationOptions):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "pat@example.com\nsam@example.com"}),
        help_text=_("One per line or separated by commas."),
    )
    side = forms.ChoiceField(choices=Side.choices, widget=forms.RadioSelect, label=_("They answer as"))
    department = forms.CharField(required=False, max_length=100, label=_("Department"))

    field_order = ["emails", "side", "department", "send_now"]

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        if campaign.departments:
            choices = [("", gettext("No department")), *((d, d) for d in campaign.departments)]
            self.fields["department"] = forms.ChoiceField(choices=choices, required=False, label=gettext("Department"))
        self.fields["department"].help_text = gettext("Optional; applies to every address above.")

    def clean_emails(self) -> list[str]:
        entries = _split_list(self.cleaned_data["emails"])
        if not entries:
            raise ValidationError(gettext("Paste at least one e-mail address."))
        if len(entries) > MAX_INVITATION_ROWS:
            raise ValidationError(
                gettext("At most %(max)s addresses at a time: split the list.")
                % {"max": number_format(MAX_INVITATION_ROWS, force_grouping=True)}
            )
        return entries

    def rows(self) -> list[InvitationRow]:
        data = self.cleaned_data
        rows = [
            InvitationRow(number=n, email=email, side=data["side"], department=data.get("department") or "")
            for n, email in enumerate(data["emails"], start=1)
        ]
        return invitation_rows_check(campaign=self.campaign, rows=rows)


class InvitationUploadForm(_InvitationOptions):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A header row with the columns email, side and (optionally) department; one respondent a row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    field_order = ["file", "send_now"]

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.ignored_columns: list[str] = []
        self._rows: list[InvitationRow] = []

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        try:
            header, raw_rows = parse_file(upload, upload.name)
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc
        columns = [name.strip().lstrip("\ufeff").casefold() for name in header]
        if "email" not in columns or "side" not in columns:
            raise ValidationError(
                gettext("Row 1 must be a header naming the columns email and side (and optionally department).")
            )
        if len(raw_rows) > MAX_INVITATION_ROWS:
            raise ValidationError(
                gettext("At most %(max)s respondents a file: split the file.")
                % {"max": number_format(MAX_INVITATION_ROWS, force_grouping=True)}
            )
        if not raw_rows:
            raise ValidationError(gettext("The file has a header row but no respondents."))
        index = {name: columns.index(name) for name in ("email", "side", "department") if name in columns}
        self.ignored_columns = [h for h, c in zip(header, columns, strict=True) if c and c not in index]

        def cell(cells: list[str], name: str) -> str:
            position = index.get(name)
            return cells[position] if position is not None and position < len(cells) else ""

        # Numbered as the spreadsheet shows them (header = row 1), like the answers import.
        self._rows = [
            InvitationRow(
                number=raw.number,
                email=cell(raw.cells, "email"),
                side=cell(raw.cells, "side"),
                department=cell(raw.cells, "department"),
            )
            for raw in raw_rows
        ]
        return upload

    def rows(self) -> list[InvitationRow]:
        return invitation_rows_check(campaign=self.campaign, rows=self._rows, unit="row")


# ---------------------------------------------------------------------------------------------
# Uploads: answers collected offline, instrument versions


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Answers file (CSV or XLSX)"),
        help_text=_("One row per respondent: side, optional department, then the answer columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise ValidationError(gettext("Upload a .csv or .xlsx file."))
        return upload


def _limited(errors: list[str]) -> list[str]:
    if len(errors) > MAX_SHOWN_ERRORS:
        hidden = len(errors) - MAX_SHOWN_ERRORS
        return [*errors[:MAX_SHOWN_ERRORS], gettext("... and %(count)s more") % {"count": hidden}]
    return errors


MAX_INSTRUMENT_DEPTH = 32  # the content files nest about 10 levels deep


def _too_deep_message() -> str:
    return gettext("The file nests lists or mappings more than %(max)s levels deep: it is not a content file.") % {
        "max": MAX_INSTRUMENT_DEPTH
    }


def _nesting_depth(data: Any, limit: int) -> int:
    """How deep lists and mappings nest in `data`, counted without recursion and up to limit + 1."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, dict | list):
            continue
        deepest = max(deepest, depth)
        if depth > limit:
            return depth
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children)
    return deepest


class _NoAliasLoader(yaml.SafeLoader):
    """safe_load without anchors and aliases: a few nested aliases expand to gigabytes on the
    JSON round trip (the "billion laughs"), and content files never need them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file (YAML or JSON)"),
        help_text=_(
            'One mapping {"overview": ..., "instruments": {"relationship": ..., "behaviour": ..., '
            '"practice": ..., "trust": ...}} in the shape of the content files, with a new overview.version.'
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".yaml", ".yml", ".json"):
            raise ValidationError(gettext("Upload a .yaml, .yml or .json file."))
        if upload.size > MAX_INSTRUMENT_BYTES:
            raise ValidationError(
                gettext("The file is larger than %(size)s MB.") % {"size": MAX_INSTRUMENT_BYTES // (1024 * 1024)}
            )
        try:
            text = upload.read().decode("utf-8-sig")
            data = json.loads(text) if suffix == ".json" else yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506
        except UnicodeDecodeError as exc:
            raise ValidationError(gettext("The file is not UTF-8 encoded.")) from exc
        except RecursionError as exc:
            # Both parsers recurse once per level: "[[[[..." runs out of stack long before 2 MB.
            raise ValidationError(_too_deep_message()) from exc
        except (ValueError, yaml.YAMLError) as exc:
            raise ValidationError(gettext("The file cannot be parsed: %(error)s") % {"error": exc}) from exc
        if _nesting_depth(data, MAX_INSTRUMENT_DEPTH) > MAX_INSTRUMENT_DEPTH:
            # What parsed can still be too deep for the recursive checks and the JSON round trip.
            raise ValidationError(_too_deep_message())
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("overview"), dict)
            or not isinstance(data.get("instruments"), dict)
        ):
            raise ValidationError(
                gettext('The file must hold a mapping with "overview" and "instruments" (one per kind).')
            )
        try:
            self.content = content_prepare(instruments=data["instruments"], overview=data["overview"])
        except ApplicationError as exc:
            raise ValidationError(_limited(exc.extra.get("errors") or [exc.message])) from exc
        except (AttributeError, TypeError, ValueError, KeyError) as exc:
            # validate_content expects the documented shape; a list where a mapping belongs lands here.
            raise ValidationError(
                gettext("The content does not have the shape of a content file (near %(near)s).") % {"near": exc}
            ) from exc
        return upload
