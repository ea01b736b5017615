"""The behaviour slice's parts of the pages: the dashboard card and its chart, the report's page
and headline, the respondent's summary, rendered with Django's templates (no database)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from assessments.slices import Scope
from behaviours.slice import BehaviourSlice
from brmportal.lib.scoring import Tally, merge
from tests.behaviours.helpers import ITEMS, ratings, texts, worked_scope
from tests.helpers import report_charts, slice_view

SLICE = BehaviourSlice()
BUSINESS = ratings(9, 13, 6)  # 3.0; self 4.33; mirror 2.0
IT = ratings(12, 6, 14)  # 4.0; mirror 2.0; self 4.67
TEXTS = texts()
HIDDEN = "not shown (fewer than 3 responses)"


def view(business=BUSINESS, it=IT, notes=None):
    groups = {"business": business, "it": it, "overall": merge([BUSINESS, IT])}
    result = SLICE.score(Scope(items=ITEMS, dimensions={}, groups=groups))
    return slice_view(SLICE.key, result, TEXTS, notes=notes)


def worked_view(notes=None):
    return slice_view(SLICE.key, SLICE.score(worked_scope()), TEXTS, notes=notes)


def render(section) -> str:
    return render_to_string(section.template, {"section": section.context})


def test_it_shows_the_dashboard_card_with_self_and_mirror():
    with translation.override("en"):
        section = SLICE.dashboard(view())
        html = render(section)
    assert section.template == "behaviours/dashboard.html"
    assert "Behaviours: self vs mirror" in html
    # IT people: self 4.67 (IT), mirror 2.0 (business), shown with one decimal.
    assert '<span class="text-body-secondary small">IT people:</span> Plain reporting' in html
    assert "4.7" in html and "2.7" in html  # blind spot 4.67 - 2.0
    assert "Ongoing dialogue" in html  # the enterprise table
    assert 'id="chart-behaviours"' in html
    assert "chart-behaviours-spec" in html
    # These tallies hold no answer values: no spread to draw, so no distribution chart.
    assert "chart-behaviours-distribution" not in html


def test_it_gives_the_dashboard_its_charts_specs():
    with translation.override("en"):
        charts = SLICE.dashboard(view()).context["charts"]
    # The side whose behaviour it is, then its name; self and mirror, one decimal and n printed.
    bars = charts["self_mirror"]["data"]["values"]
    assert [(b["category"], b["value"]) for b in bars] == [
        ("Business: Clear demand", pytest.approx(4.333, abs=0.001)),
        ("Business: Clear demand", 2.0),
        ("IT: Plain reporting", pytest.approx(4.667, abs=0.001)),
        ("IT: Plain reporting", 2.0),
    ]
    assert bars[0]["label"].startswith("4.3 (n ")
    assert charts["distribution"] is None  # these tallies hold no answer values to spread


def test_it_words_the_dashboard_in_the_readers_language():
    with translation.override("nb"):
        html = render(SLICE.dashboard(view()))
    assert "4,7" in html and "Plain reporting" in html


def test_it_draws_the_report_page():
    with translation.override("en"):
        section = SLICE.report(worked_view())
        html = render(section)
    assert html.strip().startswith('<section class="page" id="behaviours">')
    assert "IT: Plain reporting" in report_charts(html)  # the chart (behaviours.charts)
    # The groups' table, the clear blind spots and the weakest behaviours, with intervals and n.
    assert "<th>Enterprise (both sides)</th>" in html
    # IT-7: self 4.75 (3.95-5.55 drawn to the scale's top: 3.95-5.0, n 4), mirror 2.0 (0.70-3.30 drawn
    # from its bottom: 1.0-3.30, n 4), blind spot +2.75, clear
    assert "<tr><td>Plain, honest reporting</td>" in html  # no internal code before the appendix (issue #18)
    assert "4.8 (4.0–5.0, n 4)" in html and "2.0 (1.0–3.3, n 4)" in html and "+2.8, clear" in html
    # The weakest: ENT-1 1.5 (1.0-2.0, n 8), every answer a 1 or a 2
    assert "1.5 (1.0–2.0, n 8)" in html and "100 / 0 / 0 %" in html
    assert "Weakest behaviours" in html and "<tr><td>Ongoing dialogue</td>" in html


def test_it_greys_a_blind_spot_within_the_noise():
    with translation.override("en"):
        html = render(SLICE.dashboard(worked_view()))
    # BUS-1: 3.75 - 3.0 = +0.75 (-0.80 to 2.30): within the noise, greyed
    assert '<td class="text-end noise">+0.8, within the noise</td>' in html
    # IT-7: clear, not greyed
    assert '<td class="text-end ">+2.8, clear</td>' in html
    # IT-7's answers, sides counting equally: low (0.75 + 0) / 2, middle 0.125, high 0.5
    assert "38 / 12 / 50 %" in html


def test_it_says_when_every_blind_spot_is_within_the_noise():
    from tests.behaviours.helpers import WORKED_BUSINESS, WORKED_IT, answers

    quiet = {**WORKED_IT, ("BEH-IT-7", "value"): answers(2, 3, 1, 2)}
    scope = worked_scope(WORKED_BUSINESS, quiet)
    with translation.override("en"):
        html = render(SLICE.report(slice_view(SLICE.key, SLICE.score(scope), TEXTS)))
    assert "No clear blind spot: every difference between self and mirror is within the noise." in html


def test_it_says_on_the_report_page_why_a_side_is_missing():
    notes = {"it": HIDDEN}
    with translation.override("en"):
        section = SLICE.report(view(it=None, notes=notes))
        html = render(section)
    assert section.context["side_note"] == HIDDEN
    # Self vs mirror compares the two sides: with one missing there is no chart of "n/a" bars,
    # only the line that says why (issue #18 item 5).
    assert report_charts(html) == "" and "n/a" not in html
    assert "No self and mirror chart: it compares the two sides, and one side has no figures" in html
    assert "Left out: blind spots compare the two sides, and only one side has figures here." in html
    # IT's column is left out of the groups' table, with one line (issue #18 item 5)
    assert ">not shown<" not in html and "IT left out: " in html


def test_it_says_why_there_is_no_chart():
    notes = {"business": HIDDEN, "it": HIDDEN}
    with translation.override("en"):
        html = render(SLICE.report(view(business=None, it=None, notes=notes)))
    assert report_charts(html) == ""
    assert f"No self and mirror chart: it compares the two sides, and one side has no figures ({HIDDEN})." in html


def test_it_opens_the_report_with_the_largest_blind_spot():
    with translation.override("en"):
        (headline,) = SLICE.headlines(worked_view())
    assert headline.title == "Largest blind spot"
    # self 4.75 (3.95-5.55) and mirror 2.0 (0.70-3.30), each drawn within the scale 1-5
    assert headline.text == (
        "IT rates its own “Plain, honest reporting” 4.8 (4.0–5.0); the business rates it 2.0 (1.0–3.3): "
        "blind spot +2.8 (+1.5 to +4.0), clear."
    )
    with translation.override("en"):
        assert SLICE.headlines(view(it=None)) == []


@pytest.mark.parametrize(("language", "expected"), [("en", "4.5"), ("nl", "4,5")])
def test_it_shows_the_respondent_their_own_answers(language, expected):
    result = SLICE.respondent(
        Scope(items=ITEMS, dimensions={}, groups={}), IT | {("BEH-IT-1", "value"): Tally(2, 9)}, "it"
    )
    with translation.override(language):
        html = render(SLICE.respondent_section(result, TEXTS))
    # Own side IT-1 = 4.5, the other side BUS-1 = 2.0, the organisation ENT-1 = 4.0.
    assert expected in html
    assert html.count("<li>") == 3
    assert SLICE.respondent_section(None, TEXTS) is None
