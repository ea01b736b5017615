"""Adding respondents: paste or CSV -> checked rows (preview) -> confirm."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import Campaign, Invitation, Side
from assessments.partner_rules import NAME_SEPARATOR, partner_count_problem
from assessments.partners import MAX_SERVED, BusinessUnit
from assessments.selectors.invitations import InvitationFilters, MailFilter, campaign_invited_emails
from assessments.selectors.partners_admin import campaign_unit_names
from assessments.services.imports.validation import department_parse
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tabular import default_limits, parse_file, quote
from workspace.forms import split_list

# A campaign of a large organisation is invited in one go; rows are checked in memory and
# e-mailed by workers, so the request stays quick (about a second for 5,000).
MAX_INVITATION_ROWS = 10_000
# Read in the request, so tighter than an answers file (issue #15): one row past the limit is
# read so that the form's own message names it; a few columns of addresses, names, departments.
INVITATION_FILE_LIMITS = default_limits(
    rows=MAX_INVITATION_ROWS + 1,
    cells=(MAX_INVITATION_ROWS + 1) * 20,
    uncompressed_bytes=30 * 1024 * 1024,
    shared_strings=5 * MAX_INVITATION_ROWS,
)


@dataclass
class InvitationRow:
    """One address to invite, as the preview shows it; `error` is empty for a row that can be added."""

    number: int
    email: str
    side: str
    department: str
    error: str = ""
    # The business units as given ("Finance; Sales", issue #20), and their ids once checked.
    partner: str = ""
    partner_ids: list[int] = field(default_factory=list)

    def as_data(self) -> list[Any]:
        """Compact, for the session (10,000 rows wait there between preview and confirmation).
        The units go by name: they are checked again at confirmation, as everything else is."""
        return [self.number, self.email, self.side, self.department, self.partner]

    @classmethod
    def from_data(cls, data: list[Any]) -> InvitationRow:
        number, email, side, department, *rest = data
        return cls(number=number, email=email, side=side, department=department, partner=rest[0] if rest else "")


def invitation_rows_check(*, campaign: Campaign, rows: list[InvitationRow], unit: str = "entry") -> list[InvitationRow]:
    """Set `error` on every row that cannot be invited; the others keep an empty error.

    A row fails for a bad e-mail address, an unknown side, a department the campaign does not
    list (or an unsafe free-text one), a business unit the campaign does not cover (or more
    than the side rates), an address repeated earlier in the list, or one already invited to
    the campaign. Addresses compare case-insensitively and are stored lower-case.
    `unit` names the numbering in messages ("entry" of a pasted list, "row" of a file).
    """
    invited = campaign_invited_emails(campaign=campaign)
    departments = list(campaign.departments or [])
    units = campaign_unit_names(campaign=campaign)
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
        if not row.error:
            row.partner_ids, message = units.parse(row.partner)
            message = message or partner_count_problem(side=side, count=len(row.partner_ids))
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
        help_text=_("The e-mails go out in the background. You can also send or copy links later."),
    )

    def _send_now_for(self, campaign: Campaign) -> None:
        """Ticked only when e-mails can go out: a draft's (or a closed campaign's) links do not
        work, so the box is off and says why instead of promising an e-mail."""
        if campaign.status == Campaign.Status.OPEN and campaign.availability() != "closed":
            return
        field = self.fields["send_now"]
        field.initial = False
        field.disabled = True
        if campaign.status == Campaign.Status.DRAFT:
            field.help_text = gettext(
                "Nothing is e-mailed while the campaign is a draft. Open it, then send the invitations from this page."
            )
        else:
            field.help_text = gettext("Nothing is e-mailed: the campaign is closed.")


class InvitationPasteForm(_InvitationOptions):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "pat@example.com\nsam@example.com"}),
        help_text=_("One per line or separated by commas."),
    )
    side = forms.ChoiceField(choices=Side.choices, widget=forms.RadioSelect, label=_("They answer as"))
    department = forms.CharField(required=False, max_length=100, label=_("Department"))
    # Only when the campaign covers business units (issue #20): its units, set per form.
    partners = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Business units they rate")
    )

    field_order = ["emails", "side", "department", "partners", "send_now"]

    def __init__(self, *args: Any, campaign: Campaign, units: Sequence[BusinessUnit] = (), **kwargs: Any) -> None:
        """`units`: the business units the campaign covers (`campaign_units`)."""
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self._send_now_for(campaign)
        if campaign.departments:
            choices = [("", gettext("No department")), *((d, d) for d in campaign.departments)]
            self.fields["department"] = forms.ChoiceField(choices=choices, required=False, label=gettext("Department"))
        self.fields["department"].help_text = gettext("Optional; applies to every address above.")
        partners = self.fields["partners"]
        assert isinstance(partners, forms.MultipleChoiceField)
        if units:
            # By name: the rows are checked by name, as a file's are.
            partners.choices = [(unit.name, unit.name) for unit in units]
            partners.help_text = gettext(
                "Optional; applies to every address above. Business: their own unit (one). IT: up to %(max)s units "
                "they serve. None: each respondent chooses on the welcome page."
            ) % {"max": MAX_SERVED}
        else:
            del self.fields["partners"]

    def clean_emails(self) -> list[str]:
        entries = split_list(self.cleaned_data["emails"])
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
            InvitationRow(
                number=n,
                email=email,
                side=data["side"],
                department=data.get("department") or "",
                partner=f"{NAME_SEPARATOR} ".join(data.get("partners") or []),
            )
            for n, email in enumerate(data["emails"], start=1)
        ]
        return invitation_rows_check(campaign=self.campaign, rows=rows)


class InvitationUploadForm(_InvitationOptions):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A header row with the columns email, side and (optionally) department and partner; one respondent a "
            "row. partner: the business units they rate, separated by “;” (business: their own; IT: those they serve)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    field_order = ["file", "send_now"]

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self._send_now_for(campaign)
        self.ignored_columns: list[str] = []
        self._rows: list[InvitationRow] = []

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        try:
            header, raw_rows = parse_file(upload, upload.name, limits=INVITATION_FILE_LIMITS)
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc
        columns = [name.strip().lstrip("\ufeff").casefold() for name in header]
        if "email" not in columns or "side" not in columns:
            raise ValidationError(
                gettext(
                    "Row 1 must be a header naming the columns email and side (and optionally department and partner)."
                )
            )
        if len(raw_rows) > MAX_INVITATION_ROWS:
            raise ValidationError(
                gettext("At most %(max)s respondents a file: split the file.")
                % {"max": number_format(MAX_INVITATION_ROWS, force_grouping=True)}
            )
        if not raw_rows:
            raise ValidationError(gettext("The file has a header row but no respondents."))
        index: dict[str, int] = {
            name: columns.index(name) for name in ("email", "side", "department", "partner") if name in columns
        }
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
                partner=cell(raw.cells, "partner"),
            )
            for raw in raw_rows
        ]
        return upload

    def rows(self) -> list[InvitationRow]:
        return invitation_rows_check(campaign=self.campaign, rows=self._rows, unit="row")


class InvitationFilterForm(forms.Form):
    """The Respondents page's search and filters (GET). A value that is not one of the choices is
    reported beside its field and ignored; the others still filter."""

    search = forms.CharField(
        required=False, max_length=254, label=_("Search"), widget=forms.TextInput(attrs={"type": "search"})
    )
    state = forms.ChoiceField(required=False, label=_("Status"))
    side = forms.ChoiceField(required=False, label=_("Side"))
    department = forms.ChoiceField(required=False, label=_("Department"))
    mail = forms.ChoiceField(required=False, label=_("E-mail"))

    def __init__(self, *args: Any, departments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mail = [
            (MailFilter.TO_INVITE, gettext("Not e-mailed yet")),
            (MailFilter.TO_REMIND, gettext("Would get a reminder")),
            (MailFilter.PENDING, gettext("On its way")),
            (MailFilter.SENT, gettext("Sent")),
            (MailFilter.FAILED, gettext("Failed or not sent")),
        ]
        options: dict[str, list[tuple[str, Any]]] = {
            "state": Invitation.State.choices,
            "side": Side.choices,
            "department": [(d, d) for d in departments],
            "mail": mail,
        }
        for name, choices in options.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", gettext("All")), *choices]

    def filters(self) -> InvitationFilters:
        if not self.is_bound:
            return InvitationFilters()
        self.is_valid()
        data = self.cleaned_data  # only the fields that are valid
        return InvitationFilters(**{name: data.get(name) or "" for name in self.fields})
