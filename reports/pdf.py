"""The PDF gap report renderer: template -> HTML -> WeasyPrint -> bytes. No storage here.

`render_report` is the one code path behind both the Celery task (reports.services) and
`manage.py render_report`. WeasyPrint fetches nothing from the network: the HTML is passed as a
string and every resource it asks for goes through `LocalOnlyURLFetcher`, which serves only
files inside the project's template and static folders.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from assessments.models import Campaign
from reports.presenter import report_context

if TYPE_CHECKING:  # WeasyPrint is imported on call: loading it loads Pango
    from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/report.html"


def pdf_template_dir() -> Path:
    return Path(settings.BASE_DIR) / "templates" / "pdf"


def allowed_roots() -> list[Path]:
    """The only folders WeasyPrint may read from: PDF templates and static files."""
    roots = [pdf_template_dir(), *(Path(d) for d in settings.STATICFILES_DIRS)]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def local_only_url_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that serves project files and `data:` URLs and refuses the rest.

    Built on call because importing WeasyPrint loads Pango, which the web process rarely needs.

    Refused URLs (http, https, ftp, files outside the allowed folders, `..` escapes) raise
    ValueError, which WeasyPrint logs and skips: a report never waits on, or leaks to, a server.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = allowed_roots()

    class _LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
                raise ValueError(f"refused to fetch {url!r}: only project files may be used in reports")
            path = Path(unquote(parsed.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
                raise ValueError(f"refused to fetch {url!r}: not a file in the allowed folders")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type})

    return _LocalOnly(allowed_protocols=["file", "data"], allow_redirects=False)


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    pages: int
    response_count: int
    instrument_version: str


def render_report_html(context: dict) -> str:
    return render_to_string(TEMPLATE, context)


def render_report(
    *,
    campaign: Campaign,
    department: str = "",
    language: str = "en",
    generated_at: datetime | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> RenderedReport:
    """Render the campaign's gap report (optionally one department) to PDF, written in `language`.

    Progress (0-100) is reported through `on_progress` at each step, so a caller can show it.
    """
    from weasyprint import HTML

    progress = on_progress or (lambda _: None)
    progress(10)
    # The template's texts, the content texts (campaign_scores picks them in the active
    # language) and the dates all follow the report's language, whoever runs the render.
    with translation.override(language):
        context = report_context(campaign=campaign, department=department, generated_at=generated_at)
        progress(35)
        html = render_report_html(context)
    progress(50)
    document = HTML(
        string=html, base_url=pdf_template_dir().as_uri() + "/", url_fetcher=local_only_url_fetcher()
    ).render()
    progress(85)
    content = document.write_pdf()
    progress(95)
    return RenderedReport(
        content=content,
        pages=len(document.pages),
        response_count=context["responses"]["total"],
        instrument_version=campaign.instrument.version,
    )
