from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Organisation
from brmportal.lib.models import BaseModel


class PublishedSnapshot(BaseModel):
    """The aggregate of a campaign's published responses, which every result is computed from.

    Responses enter it in batches (assessments.services.snapshots), so comparing two snapshots
    cannot isolate one person. A cache of the published responses' answers, never the source of truth.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.OneToOneField("assessments.Campaign", on_delete=models.CASCADE, related_name="snapshot")
    responses = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)
    # The same for the business-partner pairs (assessments.selectors.partners): cells are
    # (side, unit id); an IT respondent counts in every unit they serve. Empty without units.
    pairs = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.campaign} snapshot ({self.responses} responses)"
