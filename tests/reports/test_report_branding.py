"""The consultant's own report (issue #18): the consultancy's logo and name on the cover, the
campaign's foreword on the executive summary page, as written, in every language's PDF (the
English PDF read back; the other language's and the plain foreword's words from the HTML)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from accounts.logos import logo_prepare
from accounts.services import branding_update
from reports.pdf import render_report, render_report_html
from reports.presenter import report_context
from tests.reports.reading import html_text, report_html

pytestmark = pytest.mark.django_db

FOREWORD = "We thank every respondent at Acme.\n\nThe <figures> show where Ops & IT differ: read them together."


def _poppler(tool: str, content: bytes, tmp_path: Path, *args: str) -> str:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    return subprocess.run([tool, *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _page_text(content: bytes, tmp_path: Path, page: int) -> str:
    text = _poppler("pdftotext", content, tmp_path, "-f", str(page), "-l", str(page))
    return re.sub(r"\s+", " ", text)


def _squeezed(text: str) -> str:
    """Without spaces and case: the cover's brand line is letter-spaced capitals (report.css)."""
    return re.sub(r"\s+", "", text).casefold()


def _images(content: bytes, tmp_path: Path) -> list[list[str]]:
    """`pdfimages -list` rows: page, num, type, width, height, ..."""
    pdf = tmp_path / "images.pdf"
    pdf.write_bytes(content)
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def _section(html: str, kind: str) -> str:
    """The words of the report's cover ("cover") or executive page ("executive"), from its HTML."""
    found = re.search(rf'<section class="(?:page )?{kind}"(.*?)</section>', html, re.DOTALL)
    assert found, kind
    return html_text(found.group(1))


def _logo_png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (300, 100), (242, 140, 40)).save(data, format="PNG")
    data.seek(0)
    return data


@pytest.fixture
def branded_campaign(scored_campaign):
    branding_update(
        organisation=scored_campaign.organisation,
        consultancy_name="Nordic BRM Advisers",
        logo=logo_prepare(_logo_png()),
    )
    scored_campaign.foreword = FOREWORD
    scored_campaign.save(update_fields=["foreword"])
    return scored_campaign


def test_it_signs_the_report(branded_campaign, tmp_path):
    content = render_report(campaign=branded_campaign, language="en").content
    cover = _page_text(content, tmp_path, 1)
    assert _squeezed("Prepared by Nordic BRM Advisers") in _squeezed(cover)
    summary = _page_text(content, tmp_path, 2)
    # As the consultant wrote it: not translated, escaped, two paragraphs.
    assert "We thank every respondent at Acme." in summary
    assert "The <figures> show where Ops & IT differ: read them together." in summary
    assert "Foreword from Nordic BRM Advisers" in summary
    # The logo is embedded in the PDF, on the cover, at the size it was stored.
    [logo] = [row for row in _images(content, tmp_path) if row[0] == "1"]
    assert (logo[3], logo[4]) == ("300", "100")


def test_it_signs_the_report_in_every_language(branded_campaign):
    html = report_html(campaign=branded_campaign, language="nb")
    assert _squeezed("Nordic BRM Advisers") in _squeezed(_section(html, "cover"))
    summary = _section(html, "executive")
    # As the consultant wrote it, whatever the report's language: not translated.
    assert "We thank every respondent at Acme." in summary
    assert "The <figures> show where Ops & IT differ: read them together." in summary
    # The same logo on the cover, at the size it was stored.
    assert re.search(r'<img class="cover-logo" src="data:image/png;base64,[^"]+" width="300" height="100"', html)


def test_it_escapes_the_foreword_and_keeps_its_paragraphs(branded_campaign):
    html = render_report_html(report_context(campaign=branded_campaign))
    assert "<p>We thank every respondent at Acme.</p>" in html
    assert "The &lt;figures&gt; show where Ops &amp; IT differ" in html
    assert "<figures>" not in html
    # Embedded, never fetched: the logo is a data: URI.
    assert re.search(r'<img class="cover-logo" src="data:image/png;base64,[A-Za-z0-9+/=]+"', html)


def test_it_renders_as_before_without_branding_or_foreword(shared_scored, tmp_path):
    content = shared_scored.en.content
    assert content.startswith(b"%PDF")
    cover = _squeezed(_page_text(content, tmp_path, 1))
    assert "brmportal" in cover and "preparedby" not in cover
    assert "Foreword" not in _page_text(content, tmp_path, 2)
    assert _images(content, tmp_path) == []
    html = shared_scored.en.html
    assert "cover-logo" not in html and 'class="foreword' not in html


def test_it_titles_a_foreword_without_a_consultancy_name_plainly(scored_campaign):
    scored_campaign.foreword = "A few words."
    scored_campaign.save(update_fields=["foreword"])
    assert "Foreword A few words." in _section(report_html(campaign=scored_campaign), "executive")


def test_the_dashboard_opens_with_the_same_foreword(client, alice, branded_campaign):
    client.force_login(alice)
    html = client.get(f"/campaigns/{branded_campaign.pk}/").content.decode()
    assert "Foreword from Nordic BRM Advisers" in html
    assert "<p>We thank every respondent at Acme.</p>" in html
    assert "<figures>" not in html  # escaped as in the PDF
    # Before the figures: on the first screen, above the maturity card.
    assert html.index("Foreword from") < html.index("Overall BRM maturity")


def test_a_dashboard_without_a_foreword_has_none(client, alice, scored_campaign):
    client.force_login(alice)
    assert 'id="foreword-heading"' not in client.get(f"/campaigns/{scored_campaign.pk}/").content.decode()
