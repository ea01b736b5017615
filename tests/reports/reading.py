"""How the report tests read a report: its PDF read back as a person reads it (pdftotext, pypdf),
or its HTML where only the words matter, and one render shared by every test that reads the
same report (`shared`).

A report costs WeasyPrint seconds, its HTML a fraction of one: a test renders the PDF when what it
checks is the PDF's (pages, what is on which page, text extraction, fonts, images, the layout of
a table as pdftotext reads it), and reads the HTML when it checks what the report says.
"""

from __future__ import annotations

import html as html_module
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Any

from django.utils import translation
from django.utils.functional import Promise


@lru_cache(maxsize=64)
def pdftotext(content: bytes, *args: str) -> str:
    """poppler's pdftotext of `content` (`-layout`, `-f 2 -l 2`...): the text a person sees."""
    done = subprocess.run(["pdftotext", *args, "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()


@lru_cache(maxsize=32)
def pypdf_text(content: bytes) -> str:
    """pypdf's text of every page, spaces normalised (about a second a report: cached)."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


_BLOCKS = re.compile(
    r"(?i)</?(?:p|div|li|ul|ol|tr|td|th|table|thead|tbody|section|h[1-6]|br|img|colgroup|col|blockquote)\b[^>]*>"
)


def html_text(html: str) -> str:
    """The words of a report's HTML as its PDF reads, spaces normalised: the body without styles
    or chart images; cells, paragraphs and list items apart, inline tags (strong, span) joined
    to their words. The running header and footer (CSS `content`) are the PDF's only."""
    body = html.split("<body", 1)[-1]
    body = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", body)
    body = re.sub(r"<[^>]+>", "", _BLOCKS.sub(" ", body))
    return re.sub(r"\s+", " ", html_module.unescape(body)).strip()


def report_html(*, campaign: Any, department: str = "", language: str = "en") -> str:
    """The report's HTML, as reports.pdf.render_report hands it to WeasyPrint."""
    from reports.pdf import render_report_html
    from reports.presenter import report_context

    with translation.override(language):
        return render_report_html(report_context(campaign=campaign, department=department))


def plain(value: Any) -> Any:
    """`value` with every lazy translation made a string now, in the active language (a value
    kept after its `translation.override` would otherwise be worded in the next one)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(plain(item) for item in value)
    return value


@dataclass(frozen=True)
class Rendered:
    """One rendered report: the PDF, its page and response counts, and the HTML it was made from."""

    content: bytes
    pages: int
    response_count: int
    html: str


def rendered(*, campaign: Any, department: str = "", language: str = "en", html_class: Any = None) -> Rendered:
    """reports.pdf.render_report, keeping the HTML it rendered; `html_class` stands in for
    weasyprint.HTML (conftest's, which renders each distinct HTML once a run)."""
    import weasyprint

    from reports.pdf import render_report

    real, seen = weasyprint.HTML, {}
    make = html_class or real

    def keeping(**options: Any) -> Any:
        seen["html"] = options["string"]
        return make(**options)

    weasyprint.HTML = keeping
    try:
        report = render_report(campaign=campaign, department=department, language=language)
    finally:
        weasyprint.HTML = real
    return Rendered(content=report.content, pages=report.pages, response_count=report.response_count, html=seen["html"])


@contextmanager
def shared(django_db_blocker: Any) -> Iterator[None]:
    """Rows made inside are gone at the end: a fixture wider than a test builds a report's
    campaign, renders and reads what its tests check, and keeps only that (bytes, text, numbers);
    the transaction is rolled back and the cache emptied, so every test still starts from the
    database and cache it expects."""
    from django.db import transaction

    from tests.helpers import cache_clear

    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                yield
                transaction.set_rollback(True)
        finally:
            cache_clear()
            translation.activate("en")
