"""Words for the respondent: the personal summary of the thank-you page, the campaign's contact."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

from assessments.models import Campaign, Response
from assessments.scoring import response_scores
from assessments.slices import Section, slices
from assessments.texts import instrument_texts


def respondent_summary(*, response: Response) -> dict[str, list[Section]]:
    """A respondent's own results, one part per instrument from its slice, in the active language
    (the respondent pages run in the response's language)."""
    scores = response_scores(response=response)
    texts = instrument_texts(response.campaign.instrument)
    return {
        "sections": [
            section for s in slices() if (section := s.respondent_section(scores.results[s.key], texts)) is not None
        ]
    }


def campaign_contact(*, campaign: Campaign) -> SafeString | str:
    """Whom a respondent may ask: "Name (address)" with the address as a mailto link, either one
    alone, or "" when the campaign names nobody (the pages then name the business relationship
    manager instead). Escaped here, so pages can put it inside a translated sentence."""
    name, email = campaign.contact_name.strip(), campaign.contact_email.strip()
    link = format_html('<a href="mailto:{}">{}</a>', email, email) if email else ""
    if name and link:
        return format_html("{} ({})", name, link)
    return link or name
