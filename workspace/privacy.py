"""What deleting a campaign or an organisation takes with it, for the pages that ask first.

The counts come from the rows that point at the campaign or organisation (one COUNT per kind of
row, `brmportal.lib.deletion.related_row_counts`) and from `assessments.selectors.privacy`; the
template words them in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User

from accounts.models import Organisation
from accounts.selectors import organisation_sole_accounts
from assessments.models import Campaign
from assessments.selectors.privacy import PersonalDataCounts, personal_data_counts
from brmportal.lib.deletion import related_row_counts


@dataclass(frozen=True)
class DeletionSummary:
    people: PersonalDataCounts
    reports: int
    open_links: int
    campaigns: int = 0
    instruments: int = 0
    api_tokens: int = 0
    members: int = 0
    # Accounts deleted with the organisation (they belong to no other); the person deleting stays.
    accounts: list[User] = field(default_factory=list)


def campaign_deletion_summary(*, campaign: Campaign) -> DeletionSummary:
    rows = related_row_counts(campaign)
    return DeletionSummary(
        people=personal_data_counts(organisation=campaign.organisation, campaign=campaign),
        reports=rows.get("reports.Report", 0),
        open_links=rows.get("assessments.OpenLink", 0),
    )


def organisation_deletion_summary(*, organisation: Organisation, user: User) -> DeletionSummary:
    rows = related_row_counts(organisation)
    return DeletionSummary(
        people=personal_data_counts(organisation=organisation),
        reports=rows.get("reports.Report", 0),
        open_links=rows.get("assessments.OpenLink", 0),
        campaigns=rows.get("assessments.Campaign", 0),
        instruments=rows.get("assessments.Instrument", 0),
        api_tokens=rows.get("api.ApiToken", 0),
        members=rows.get("accounts.Membership", 0),
        accounts=organisation_sole_accounts(organisation=organisation, keep=user),
    )
