"""The trust slice's sections rendered with Django's templates: the dashboard card, the report's
summary block and page, the headline and the respondent's own index (no database)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from assessments.slices import Scope
from brmportal.lib.scoring import Tally
from tests.trust.helpers import ITEMS, SLICE, scope, view


def render(section) -> str:
    return render_to_string(section.template, {"section": section.context})


def test_it_shows_the_index_per_group_and_the_perception_gap_on_the_dashboard():
    section = SLICE.dashboard(view(SLICE.score(scope())))
    assert section.chart is None
    html = render(section)
    # business 35.71, IT 87.5, everyone 54.55: rounded for the label, two decimals for the bar
    assert "<strong>36</strong>" in html and "<strong>88</strong>" in html and "<strong>55</strong>" in html
    assert 'class="progress-bar trust-business" data-width="35.71"' in html
    assert "Business: trust index 36 of 100" in html
    assert "Perception gap (IT − business): <strong>51.8</strong> points." in html
    assert "IT thinks it is trusted more than the business says it is." in html
    # the deficits: everyone's mean of the statement
    assert "<li>Understanding what IT does: 2.7 of 5</li>" in html
    assert "<li>Seeing what we pay for: 3.8 of 5</li>" in html


def test_it_says_why_a_side_is_missing_on_the_dashboard():
    result = SLICE.score(scope(it=None))
    notes = {"business": "", "it": "Not shown: fewer than 3 responses.", "overall": ""}
    html = render(SLICE.dashboard(view(result, notes=notes)))
    assert "not shown" in html and "Not shown: fewer than 3 responses." in html
    assert "Perception gap" not in html
    html = render(SLICE.dashboard(view(result, responses={"business": 7, "it": 0})))
    assert "no responses" in html and "No answers." not in html


def test_it_formats_the_dashboard_in_the_readers_notation():
    with translation.override("nb"):
        html = render(SLICE.dashboard(view(SLICE.score(scope()), language="nb")))
    assert "<strong>51,8</strong>" in html
    assert "Forstår hva IT gjør: 2,7 av 5" in html
    # the bar's width is CSS, never localised
    assert 'data-width="35.71"' in html


def test_it_gives_the_trust_table_of_the_executive_summary():
    html = render(
        SLICE.report_summary(view(SLICE.score(scope(it=None)), notes={"it": "not shown (fewer than 3 responses)"}))
    )
    assert "Trust index (0-100)" in html
    assert '<td class="num strong">35.71</td><td class="num">2.43</td>' in html
    assert '<td colspan="2" class="muted">not shown (fewer than 3 responses)</td>' in html
    assert "Perception gap" not in html
    html = render(SLICE.report_summary(view(SLICE.score(scope()))))
    assert "Perception gap (IT − business): +51.79 points." in html


def test_it_gives_the_trust_page_of_the_report():
    html = render(SLICE.report(view(SLICE.score(scope()))))
    assert html.startswith('<section class="page-flow" id="trust">')
    assert (
        '<tr><td><span class="code">TRU-1</span> Understanding what IT does</td><td class="num">2.00</td>'
        '<td class="num">4.00</td><td class="num strong">2.67</td><td class="num">2.33</td></tr>'
    ) in html
    assert "A dash means" not in html
    html = render(SLICE.report(view(SLICE.score(scope(it=None)), notes={"it": "no responses"})))
    assert '<td class="num">–</td>' in html
    assert "A dash means IT: no responses." in html


def test_it_opens_the_report_with_the_perception_gap():
    (line,) = SLICE.headlines(view(SLICE.score(scope())))
    assert line.title == "Trust"
    assert line.text == (
        "Trust index: business 35.71, IT 87.50 of 100; IT believes it is trusted 51.79 points more than the business says."
    )
    (line,) = SLICE.headlines(view(SLICE.score(scope(it=None))))
    assert line.text == "Trust index: 54.55 of 100."


def test_it_says_when_it_believes_it_is_trusted_less():
    low_it = {("TRU-1", "value"): Tally(n=2, total=2), ("TRU-2", "value"): Tally(n=2, total=2)}  # all 1: index 0
    (line,) = SLICE.headlines(view(SLICE.score(scope(it=low_it))))
    assert line.text.endswith("IT believes it is trusted 35.71 points less than the business says.")


def test_it_has_no_headline_without_anyone_reported():
    result = SLICE.score(Scope(items=ITEMS, dimensions={}, groups={"overall": None}))
    assert SLICE.headlines(view(result)) == []


def test_it_shows_the_respondent_their_own_index():
    own = SLICE.respondent(
        scope(), {("TRU-1", "value"): Tally(n=1, total=4), ("TRU-2", "value"): Tally(n=1, total=3)}, "it"
    )
    html = render(SLICE.respondent_section(own, view(own).texts))
    assert "<h3" in html and "Trust" in html
    assert "<strong>63</strong> out of 100." in html  # 3.5 -> 62.5, rounded half up
    assert SLICE.respondent_section(None, view(own).texts) is None
