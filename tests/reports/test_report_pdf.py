"""The pure renderer: campaign -> PDF bytes, with the numbers of campaign_scores and no network.

`scored_campaign`'s report is rendered once for the tests that read it (`shared_scored`); a test of
what the report says about another campaign reads that report's HTML (tests/reports/reading.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from assessments.presentation import maturity_text
from reports.pdf import local_only_url_fetcher, render_report, render_report_html
from reports.presenter import report_context
from tests.helpers import scores_of, submit_columns
from tests.reports.reading import html_text, pypdf_text, report_html

pytestmark = pytest.mark.django_db


# pypdf's text of every page (about a second a report, cached); other test modules read with it too.
pdf_text = pypdf_text


def test_it_renders_a_pdf_with_the_campaign_numbers(shared_scored):
    rendered = shared_scored.en
    assert rendered.content.startswith(b"%PDF")
    assert rendered.pages >= 6
    assert rendered.response_count == 7
    text = pdf_text(rendered.content)
    scores = shared_scored.scores
    assert "Acme Shipping" in text
    assert "Round 1" in text
    for model in ("Passive", "Provider", "Partner", "Peer"):
        assert model in text
    # The instruments' own figures are their slices' pages (tests of each slice); the core's:
    assert maturity_text(scores["maturity"]["overall"]["score"])[1] in text  # rounded for reading (issue #18)
    for rec in scores["recommendations"]:
        assert rec["code"] in text
    assert re.search(r"Page 2 of \d+", text)


def test_it_says_which_groups_are_not_shown(scored_campaign):
    # 3 IT responses are under a threshold of 4; the business side is then hidden too, since
    # everyone - business would give IT away.
    scored_campaign.anonymity_threshold = 4
    scored_campaign.save(update_fields=["anonymity_threshold"])
    scores = scores_of(campaign=scored_campaign)
    assert scores["relationship"]["it"] is None
    assert scores["relationship"]["business"] is None
    text = html_text(report_html(campaign=scored_campaign))
    assert "not shown (fewer than 4 responses)" in text
    assert "not shown (it would reveal a group of fewer than 4 responses)" in text
    assert "anonymity threshold of this campaign is 4" in text


def test_it_renders_a_campaign_without_responses(campaign):
    text = pdf_text(render_report(campaign=campaign).content)
    assert "Acme Shipping" in text
    assert "no responses" in text


def test_it_compares_with_the_previous_campaign(scored_campaign, org, instrument):
    from assessments.services.campaigns import campaign_create

    later = campaign_create(organisation=org, instrument=instrument, name="Round 2", status="open")
    for side in ("business", "business", "business", "it", "it", "it"):
        submit_columns(later, side, columns={}, default="4")
    context = report_context(campaign=later)
    assert context["comparison"]["campaign"] == scored_campaign
    text = html_text(report_html(campaign=later))
    # Two rounds: the trend across rounds says it (its change since the previous round), once.
    assert "Across rounds" in text and "Compared with the previous campaign" not in text
    assert "Round 1" in text
    assert "▲" in text or "▼" in text
    before = scores_of(campaign=scored_campaign)["trust"]["business"]["index"]
    after = scores_of(campaign=later)["trust"]["business"]["index"]
    # A 0-100 index is read as a whole number (issue #18), as the dashboard shows it.
    assert f"{before:.0f}" in text and f"{after:.0f}" in text
    direction = "up" if after > before else "down"
    # Written as the dashboard writes it: the change of the two-decimal scores, in the index's own
    # whole numbers (issue #18; a mean's change has CHANGE_PLACES, brmportal.lib.labels).
    assert f"{direction} {abs(round(after - before, 2)):.0f}" in text


def test_it_has_no_comparison_for_a_first_campaign(scored_campaign):
    assert report_context(campaign=scored_campaign)["comparison"] is None


def test_it_renders_one_department(scored_campaign):
    text = html_text(report_html(campaign=scored_campaign, department="Sales"))
    assert "department Sales" in text


def test_it_fetches_only_project_files():
    fetcher = local_only_url_fetcher()
    css = (Path(settings.BASE_DIR) / "templates" / "pdf" / "report.css").as_uri()
    assert fetcher(css).read().startswith(b"/*")
    for url in (
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/static/css/portal.css",
        "file:///etc/passwd",
        (Path(settings.BASE_DIR) / "templates" / "pdf" / ".." / ".." / "manage.py").as_uri(),
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError):
            fetcher(url)


def test_it_renders_page_one_to_png_for_a_person_to_look_at(shared_scored, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(shared_scored.en.content)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    pngs = list(tmp_path.glob("page-*1.png"))
    assert len(pngs) == 1
    assert pngs[0].stat().st_size > 1000
    assert pngs[0].read_bytes().startswith(b"\x89PNG")


def test_it_picks_content_texts_in_the_report_language_one_language_after_the_other(scored_campaign):
    content = scored_campaign.instrument.content
    models = {d["code"]: d["name"] for d in content["instruments"]["relationship"]["dimensions"]}
    ladder = content["overview"]["ladder"]
    for language in ("nb", "en", "nl", "en"):
        with translation.override(language):
            context = report_context(campaign=scored_campaign)
            html = render_report_html(context)
        relationship = next(s for s in context["sections"] if s.template == "relationships/report.html")
        assert [m.name for m in relationship.context["models"]] == [
            models[c][language] for c in ("passive", "provider", "partner", "peer")
        ]
        assert [step.name for step in context["method"]["ladder"]] == [step["name"][language] for step in ladder]
        assert context["method"]["text"] == content["overview"]["method"][language]
        assert f'<html lang="{language}">' in html
        assert models["provider"][language] in html


def test_it_renders_the_pdf_in_the_language_asked_for(shared_scored, instrument):
    models = {d["code"]: d["name"] for d in instrument.content["instruments"]["relationship"]["dimensions"]}
    dutch = pdf_text(shared_scored.nl.content)
    english = pdf_text(shared_scored.en.content)
    assert models["provider"]["nl"] in dutch and models["provider"]["nl"] not in english
    assert models["peer"]["nl"] in dutch
    # The running header and footer are still there (they come from the template, translated).
    assert re.search(r"Page 2 of \d+", english)
    assert "BRM Portal · confidential" in english
    cover = PdfReader(BytesIO(shared_scored.en.content)).pages[0].extract_text()
    assert "confidential" not in cover.replace("Confidential", "")


@pytest.mark.parametrize("side", ["business", "it"])
def test_it_renders_a_department_that_only_one_side_answered(campaign, side):
    # Regression: the "one side has no figures" notes raised when only the other side had one.
    for i in range(3):
        submit_columns(campaign, side, columns={}, default=str(2 + i), department="Finance")
    text = html_text(report_html(campaign=campaign, department="Finance"))
    assert "one side has no figures (no responses)" in text
