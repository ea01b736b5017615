from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from assessments.content import missing_translations
from assessments.slices import kind_choices
from brmportal.lib.models import BaseModel


class Side(models.TextChoices):
    BUSINESS = "business", _("Business")
    IT = "it", _("IT")


class Special(models.TextChoices):
    """Answers that are not a score: kept and counted, excluded from every mean."""

    NONE = "", _("Score")
    DONT_KNOW = "dk", _("Don't know")
    NOT_APPLICABLE = "na", _("Not applicable")


class Instrument(BaseModel):
    """One version of the questionnaire, loaded from the content files in the repository: sections
    and items copied into rows so that answers reference them and scoring can GROUP BY item in SQL;
    `content` keeps the parsed source for what rows don't hold (dimension texts, ladder, method)."""

    # Empty for the versions bundled with the portal (assessments/content, every tenant sees
    # them); set for a version an organisation uploaded, which only that organisation sees.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="instruments"
    )
    version = models.CharField(max_length=40)
    name = models.CharField(max_length=200, default="BRM Portal assessment")
    content = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version"], condition=Q(organisation__isnull=True), name="instrument_unique_bundled_version"
            ),
            models.UniqueConstraint(
                fields=["organisation", "version"],
                condition=Q(organisation__isnull=False),
                name="instrument_unique_version_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Section(BaseModel):
    """One questionnaire page."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=kind_choices)
    order = models.PositiveSmallIntegerField()
    form = models.CharField(max_length=10, blank=True, help_text=_("BiSL form: short, full or empty"))
    title = models.JSONField(default=dict)
    intro = models.JSONField(default=dict)

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="section_unique_code"),
        ]

    def __str__(self) -> str:
        return self.code


class Item(BaseModel):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=kind_choices)
    dimension = models.CharField(max_length=40)
    group = models.CharField(max_length=40, blank=True, help_text=_("behaviour group or BiSL cluster"))
    order = models.PositiveSmallIntegerField()
    sides = models.JSONField(default=list)
    aspects = models.JSONField(default=list)
    required = models.BooleanField(default=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    allow_dont_know = models.BooleanField(default=True)
    allow_not_applicable = models.BooleanField(default=False)
    data = models.JSONField(default=dict, help_text=_("texts, recommendation, effort, weight, levels, source"))

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_unique_code"),
        ]

    def __str__(self) -> str:
        return self.code

    def column(self, aspect: str) -> str:
        """The answer column name used by import and export (`REL-PAS-1.today`, `BEH-IT-3`)."""
        return self.code if aspect == "value" else f"{self.code}.{aspect}"

    @property
    def columns(self) -> list[str]:
        return [self.column(aspect) for aspect in self.aspects]

    def text_for(self, side: str, language: str = "en") -> str:
        text = self.data.get("text", {})
        per_side = text.get(side) if isinstance(text.get(side), dict) else text
        return per_side.get(language) or per_side.get("en", "")


class Campaign(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("campaign status", "Draft")
        OPEN = "open", pgettext_lazy("campaign status", "Open")
        CLOSED = "closed", pgettext_lazy("campaign status", "Closed")

    class PracticeForm(models.TextChoices):
        SHORT = "short", _("Short (one question per BiSL cluster)")
        FULL = "full", _("Full (one question per BiSL process)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="campaigns")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    anonymity_threshold = models.PositiveSmallIntegerField(
        default=3, help_text=_("Groups with fewer submitted responses are not shown on their own.")
    )
    departments = models.JSONField(default=list, blank=True)
    practice_form = models.CharField(max_length=10, choices=PracticeForm.choices, default=PracticeForm.SHORT)
    # The questionnaire's and e-mails' language (respondents may switch to any of `languages`). No
    # `choices`: settings.LANGUAGES would put the list of languages into migrations; forms validate.
    language = models.CharField(max_length=10, default="en")
    languages = models.JSONField(default=list, blank=True)
    show_summary = models.BooleanField(
        default=True, help_text=_("Respondents see a one-page summary of their own answers after submitting.")
    )
    # Whom respondents may ask (thank-you and notice pages); optional: else "the business relationship manager".
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    foreword = models.CharField(_("foreword"), max_length=2000, blank=True)  # issue #18: never translated
    next_measurement_on = models.DateField(_("next measurement"), blank=True, null=True)  # issue #18
    you_said_we_did = models.CharField(_("you said, we did"), max_length=1500, blank=True)  # issue #19: as written
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Applied only where it singles nobody out (assessments.scoring.flagged_exclusion).
    exclude_flagged = models.BooleanField(_("leave flagged respondents out"), default=False)
    # When it stopped taking answers, if it was closed (by hand, or its close date if that came first).
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When respondents' e-mail addresses were erased, PERSONAL_DATA_RETENTION_DAYS after the
    # campaign closed (assessments.services.privacy); empty while they are kept.
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(anonymity_threshold__gte=1), name="campaign_threshold_positive"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict[str, int | None]:
        # django-auditlog stores this with every entry about the row; the audit page filters on it.
        return {"organisation": self.organisation_id, "campaign": self.pk}

    @property
    def offered_languages(self) -> list[str]:
        """The campaign's own language first, then the other languages respondents may choose."""
        return [self.language, *(code for code in self.languages if code != self.language)]

    def clean(self) -> None:
        # Every language a campaign offers must be complete in its instrument version: a
        # respondent must never meet an English statement in the middle of a Dutch page.
        names = dict(settings.LANGUAGES)
        offered = self.offered_languages
        unknown = [code for code in offered if code not in names]
        if unknown:
            raise ValidationError(
                {"languages": gettext("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}}
            )
        if self.instrument_id is None:
            return
        missing = missing_translations(self.instrument.content, [code for code in offered if code != "en"])
        if missing:
            languages = sorted({entry.rsplit(": ", 1)[1].split(" ", 1)[0] for entry in missing})
            raise ValidationError(
                {
                    "languages": gettext(
                        "Instrument version %(version)s is not fully translated into %(languages)s "
                        "(%(count)s texts missing, e.g. %(example)s). Offer only complete languages."
                    )
                    % {
                        "version": self.instrument.version,
                        "languages": ", ".join(str(names[code]) for code in languages),
                        "count": len(missing),
                        "example": missing[0],
                    }
                }
            )

    def availability(self, now=None) -> str:
        """'open', 'not_open' (draft or before opens_at) or 'closed' (closed or after closes_at)."""
        now = now or timezone.now()
        if self.status == self.Status.CLOSED or (self.closes_at and now >= self.closes_at):
            return "closed"
        if self.status == self.Status.DRAFT or (self.opens_at and now < self.opens_at):
            return "not_open"
        return "open"


def new_token() -> str:
    # 32 random bytes = 256 bits, URL-safe: unguessable and never derived from an id.
    return secrets.token_urlsafe(32)


class Invitation(BaseModel):
    class State(models.TextChoices):
        NEW = "new", pgettext_lazy("invitation state", "New")
        STARTED = "started", pgettext_lazy("invitation state", "Started")
        SUBMITTED = "submitted", pgettext_lazy("invitation state", "Submitted")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    side = models.CharField(max_length=10, choices=Side.choices)
    email = models.EmailField(blank=True)
    department = models.CharField(max_length=100, blank=True)
    # Business unit ids (assessments.partners): one for a business respondent, up to MAX_SERVED
    # for IT; empty: the respondent chooses on the welcome page.
    partners = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    # The open link a visitor started from (None: a personal invitation); counts the link's cap.
    open_link = models.ForeignKey(
        "OpenLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    # Once the link has been opened by its holder or e-mailed, the workspace stops showing it:
    # whoever holds it from then on is presumed to be the respondent.
    opened_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # A one-time link e-mailed to the invitation's address to continue on another device:
    # only its SHA-256 is stored, and it expires.
    resume_hash = models.CharField(max_length=64, blank=True, editable=False)
    resume_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email"], condition=~Q(email=""), name="invitation_unique_email_per_campaign"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "side", "state"])]

    def __str__(self) -> str:
        return f"{self.campaign} / {self.side} / {self.email or self.token[:6]}"

    @property
    def link_visible(self) -> bool:
        """The workspace may show (and copy) the personal link only before anyone used it; a link
        made for a visitor of an open link was theirs from the start."""
        untouched = self.opened_at is None and self.emailed_at is None and self.open_link_id is None
        return untouched and self.state == self.State.NEW


class Response(BaseModel):
    """One respondent's answers; saved page by page, submitted exactly once."""

    class Source(models.TextChoices):
        LINK = "link", _("Personal link")
        OPEN = "open", _("Open link")
        IMPORT = "import", _("Imported file")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="responses")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    # One response per invitation, enforced by the database: a double submit cannot create two.
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="response"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    department = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=10, default="en")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LINK)
    current_page = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 of a secret held in a cookie by the browser that started the response: only that
    # browser can read or change the answers, whoever else holds the link.
    claim_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # When the response was taken into the campaign's published snapshot (None: not yet).
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["campaign", "submitted_at", "side"]),
            models.Index(fields=["campaign", "published_at"]),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} ({self.side})"


class Answer(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="answers")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    aspect = models.CharField(max_length=10, default="value")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    special = models.CharField(max_length=2, choices=Special.choices, blank=True, default="")

    class Meta:
        constraints = [
            # Two tabs saving the same page: the upsert hits this and the last save wins.
            models.UniqueConstraint(fields=["response", "item", "aspect"], name="answer_unique_per_response"),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(special=""))
                | (Q(value__isnull=True) & Q(special__in=["dk", "na"])),
                name="answer_value_xor_special",
            ),
        ]
        # Serves the scoring GROUP BY (campaign, item, aspect).
        indexes = [models.Index(fields=["campaign", "item", "aspect"])]

    def __str__(self) -> str:
        return f"{self.item_id}.{self.aspect}={self.value or self.special}"


class OpenLink(BaseModel):
    """A campaign-level link per side, for campaigns that share one link instead of e-mailing. Each
    visitor gets their own invitation on first use (see `open_link_invitation_create`), so answers
    stay resumable per person while the shared link itself never collects answers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="open_links")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="open_links")
    side = models.CharField(max_length=10, choices=Side.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    active = models.BooleanField(default=True)
    # The most respondents this link may start: a shared link cannot be used to pad a small group
    # with made-up answers without limit. The BRM sets it from the expected headcount.
    cap = models.PositiveIntegerField(
        default=100, help_text=_("The most respondents this link can start; it stops accepting new ones after that.")
    )

    class Meta:
        ordering = ["campaign", "side"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "side"], name="openlink_unique_side_per_campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} / open link {self.side}"

    def get_additional_data(self) -> dict[str, int | None]:
        # As Campaign.get_additional_data: the audit page finds the entry by its organisation.
        return {"organisation": self.organisation_id, "campaign": self.campaign_id}


# Models kept in their own modules (one per sub-domain), registered here by being imported.
from assessments.actions import Action  # noqa: E402, F401
from assessments.benchmark import BenchmarkSnapshot  # noqa: E402, F401
from assessments.comments import Comment, CommentDraft, OpenQuestion  # noqa: E402, F401
from assessments.consensus import ConsensusModel, ConsensusValue  # noqa: E402, F401
from assessments.import_jobs import ImportJob  # noqa: E402, F401
from assessments.outbox import OutgoingEmail  # noqa: E402, F401
from assessments.partners import BusinessUnit, PartnerAnswer, ResponsePartner  # noqa: E402, F401
from assessments.published import PublishedSnapshot  # noqa: E402, F401
from assessments.stored_scores import StoredScores  # noqa: E402, F401
