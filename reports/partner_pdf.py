"""A business-IT pair's one-page PDF (issue #20): template -> HTML -> WeasyPrint -> bytes.

Rendered in the request that asks for it: one page of text and the executive page's model
ladder (HTML and SVG, no Vega chart) takes 0.15 s (0.35 s with the scores not cached, 0.9 s for
a process's first, WeasyPrint loading its fonts), so it needs neither the report's Celery task
nor a stored file. WeasyPrint fetches only project files, through the report's
`local_only_url_fetcher`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from assessments.models import Campaign
from reports.pdf import local_only_url_fetcher, pdf_template_dir

TEMPLATE = "pdf/partner.html"


@dataclass(frozen=True)
class RenderedPartner:
    content: bytes
    pages: int


def partner_pdf_html(*, campaign: Campaign, partner: dict[str, Any], generated_at: datetime | None = None) -> str:
    """The one-pager's HTML in the active language; `partner` is `reports.partner.partner_view`'s."""
    return render_to_string(
        TEMPLATE,
        {
            "campaign": campaign,
            "organisation": campaign.organisation,
            "partner": partner,
            "generated_at": generated_at or timezone.now(),
        },
    )


def partner_pdf_render(*, html: str) -> RenderedPartner:
    from weasyprint import HTML

    document = HTML(
        string=html, base_url=pdf_template_dir().as_uri() + "/", url_fetcher=local_only_url_fetcher()
    ).render()
    return RenderedPartner(content=document.write_pdf(), pages=len(document.pages))


def partner_pdf_name(*, campaign: Campaign, name: str, day: datetime | None = None) -> str:
    """brm-partner-<org-slug>-<campaign-slug or id>-<unit-slug>-<YYYY-MM-DD>.pdf"""
    campaign_part = slugify(campaign.name) or str(campaign.pk)
    unit_part = slugify(name) or "unit"
    when = timezone.localdate(day or timezone.now())
    return f"brm-partner-{campaign.organisation.slug}-{campaign_part}-{unit_part}-{when:%Y-%m-%d}.pdf"
