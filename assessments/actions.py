"""The action plan (issue #19 item 2): what the organisation decided to do about its results.

An action is planned in one campaign (the round whose results it answers), targets the items,
dimensions or clusters it is meant to move, and belongs to a person by name and e-mail address,
who need not have an account. The next round reports how those items moved
(`assessments.selectors.action_movement`). django-auditlog keeps every change
(settings.AUDITLOG_INCLUDE_TRACKING_MODELS), the prerequisites included.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation
from brmportal.lib.models import BaseModel

TITLE_MAX = 200
DESCRIPTION_MAX = 2000


class Action(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("action status", "Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("action status", "In progress")
        DONE = "done", pgettext_lazy("action status", "Done")
        DROPPED = "dropped", pgettext_lazy("action status", "Dropped")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("assessments.Campaign", on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    owner_name = models.CharField(_("owner"), max_length=200)
    owner_email = models.EmailField(_("owner's e-mail address"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Codes of the campaign's questionnaire version, as the scores name them: items (TRU-2),
    # dimensions (partner) or clusters. A list, not a table: a plan has a handful of actions.
    targets = models.JSONField(_("targets"), default=list, blank=True)
    # The recommendation or item the action was planned from (its code), if any.
    source = models.CharField(_("made from"), max_length=40, blank=True)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents", verbose_name=_("prerequisites")
    )
    # Each reminder goes out once (assessments.services.actions.action_reminders_send); a new
    # due date clears both, so the new date is reminded of again.
    reminded_soon_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "done", "dropped"]), name="action_status_valid"
            ),
            # The date it was done exactly when it is done: leaving "done" clears it.
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | (~Q(status="done") & Q(done_on__isnull=True)),
                name="action_done_on_when_done",
            ),
        ]
        indexes = [
            # The daily reminders look for open actions by due date.
            models.Index(fields=["status", "due_on"], name="action_status_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict[str, int | None]:
        # As Campaign.get_additional_data: the audit page finds the entry by its organisation.
        return {"organisation": self.organisation_id, "campaign": self.campaign_id}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


# Still to be done: these are reminded of, in the calendar and "overdue" when late.
OPEN_STATUSES = (Action.Status.PLANNED, Action.Status.IN_PROGRESS)
