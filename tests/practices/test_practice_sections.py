"""The practices' sections rendered with Django's templates: the dashboard card, the report page,
its headline and the respondent's block (pure, no database)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from assessments.slices import Scope, View
from practices.results import PracticeMeans
from practices.slice import PracticeSlice
from tests.practices.helpers import IT, scope, texts

SLICE = PracticeSlice()
SHOWN = {"business": "", "it": "", "overall": ""}


def view(it=IT, notes=SHOWN, language="en"):
    # The core's scores are not needed by this slice's presenters.
    return View(scores=None, result=SLICE.score(scope(it)), texts=texts(language), notes=notes)


def render(section):
    return render_to_string(section.template, {"section": section.context})


def test_the_dashboard_card_shows_each_cluster_and_the_overall_figures():
    with translation.override("en"):
        section = SLICE.dashboard(view(it=None))
        html = render(section)
    assert section.template == "practices/dashboard.html"
    assert "BiSL practice maturity: current vs target" in html
    # Overall: current 25/9 = 2.78 -> 2.8, target (8 + 8 + 4 + 8 + 10) / 9 = 4.2
    assert "Overall: current <strong>2.8</strong>, target <strong>4.2</strong>." in html
    assert "Day-to-day use" in html and "management" in html
    assert "for 2 BiSL clusters" in html
    assert "hidden" in html  # the IT side is not reported
    # The page script's series: two clusters, rounded as the JSON (2 decimals).
    assert section.chart == {
        "labels": ["Day-to-day use", "management"],
        "current": [2.71, 3.0],
        "target": [4.25, 4.0],
    }


def test_the_dashboard_card_speaks_the_readers_language():
    with translation.override("nb"):
        html = render(SLICE.dashboard(view(language="nb")))
    assert "Daglig bruk" in html
    assert "2,7" in html  # the use cluster's current maturity, Norwegian notation


def test_the_report_page_shows_the_chart_the_clusters_and_the_largest_gaps():
    with translation.override("en"):
        html = render(SLICE.report(view()))
    assert '<section class="page" id="practices">' in html
    assert "<svg" in html and "BiSL maturity per cluster, everyone (1-5)" in html
    # use cluster, business current 7/3 and gap 4.0 - 7/3
    assert "2.33" in html and "+1.67" in html
    assert '<span class="code">BISL-SUP</span> End-user support' in html
    assert "A dash means" not in html
    # The department heat map is the core's now.
    assert "Current maturity by department" not in html


def test_the_report_page_says_why_a_group_has_no_figures():
    notes = {"business": "", "it": "not shown (fewer than 3 responses)", "overall": ""}
    with translation.override("en"):
        html = render(SLICE.report(view(it=None, notes=notes)))
    assert "A dash means IT: not shown (fewer than 3 responses)." in html
    assert "–" in html


def test_the_report_page_without_ratings_has_no_chart():
    empty = SLICE.score(Scope(items=(), dimensions={}, groups={}, form="full"))
    notes = {"business": "no responses", "it": "no responses", "overall": "no responses"}
    with translation.override("en"):
        html = render(SLICE.report(View(scores=None, result=empty, texts=texts(), notes=notes)))
    assert "No figures to chart: no responses." in html
    assert "No practice shows a gap." in html
    assert SLICE.headlines(View(scores=None, result=empty, texts=texts(), notes=notes)) == []


def test_the_headline_is_the_largest_practice_gap():
    with translation.override("en"):
        (headline,) = SLICE.headlines(view())
    assert headline.title == "Largest BiSL practice gap"
    assert headline.text == "“End-user support”: current maturity 2.50, target 4.00 (gap +1.50)."


def test_the_respondent_sees_their_own_current_and_target():
    with translation.override("en"):
        html = render(SLICE.respondent_section(PracticeMeans(current=2.25, target=4.0), texts()))
        only_current = render(SLICE.respondent_section(PracticeMeans(current=3.0, target=None), texts()))
    assert "Managing information and IT (maturity 1–5)" in html
    assert "Now <strong>2.3</strong>, where you want to be <strong>4.0</strong>." in html
    assert "Now <strong>3.0</strong>." in only_current
    assert SLICE.respondent_section(PracticeMeans(current=None, target=None), texts()) is None
    assert SLICE.respondent_section(None, texts()) is None
