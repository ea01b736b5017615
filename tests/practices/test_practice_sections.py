"""The practices' sections rendered with Django's templates: the dashboard card, the report page,
its headline and the respondent's block (pure, no database)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from assessments.slices import Scope, View
from practices.results import PracticeMeans
from practices.slice import PracticeSlice
from tests.helpers import report_charts
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
    # IT hidden: everyone is the business. Current over all practices: 12 answers, sum 26, sum of
    # squares 66: mean 2.17, variance (66 - 26^2 / 12) / 11 = 0.879, se 0.271, t(11) 2.201:
    # 1.57-2.76. Target: sum 46, squares 182: mean 3.83, variance 0.515, se 0.207: 3.38-4.29.
    assert "current <strong>2.2 (1.6–2.8, n 12)</strong>, target <strong>3.8 (3.4–4.3, n 12)</strong>" in html
    assert 'gap <span class="">+1.7, clear</span>' in html
    assert "Day-to-day use" in html and "management" in html
    assert "hidden" in html  # the IT side is not reported
    # The chart's spec (practices.charts): two clusters, current and target, printed as the tables round.
    spec = section.context["charts"]["maturity"]
    bars = spec["data"]["values"]
    assert [(b["category"], b["series"], b["value"]) for b in bars] == [
        ("Day-to-day use", "Current", 2.5),
        ("Day-to-day use", "Target", 4.0),
        ("management", "Current", 1.5),
        ("management", "Target", 3.5),
    ]
    assert 'id="chart-practices"' in html and "chart-practices-spec" in html


def test_the_dashboard_card_greys_a_gap_within_the_noise():
    with translation.override("en"):
        html = render(SLICE.dashboard(view()))
    # The use cluster, business: its respondents' own scores 1.5, 2.5, 2.5, 3.5 -> 2.5 (1.2-3.8, n 4)
    assert "2.5 (1.2–3.8, n 4)" in html
    # Business use gap: target 4.0 (3, 4, 4, 5: se 0.408) - 2.5 (se 0.408) = 1.5 +- 2.447 x 0.577:
    # 0.09 to 2.91, clear. IT's (pooled answers): target 30 / 8 = 3.75 (variance (116 - 30^2 / 8) / 7
    # = 0.5, se 0.25) - 3.0 (se 0.267) = 0.75 +- about 2.14 x 0.366: -0.03 to 1.53, within the noise.
    assert '<td class="text-end ">+1.5, clear</td>' in html
    assert '<td class="text-end noise">+0.8, within the noise</td>' in html


def test_the_dashboard_card_speaks_the_readers_language():
    with translation.override("nb"):
        html = render(SLICE.dashboard(view(language="nb")))
    assert "Daglig bruk" in html
    assert "2,5" in html  # the use cluster's business current maturity, Norwegian notation


def test_the_report_page_shows_the_chart_each_group_of_each_cluster_and_the_largest_gaps():
    with translation.override("en"):
        html = render(SLICE.report(view()))
    assert '<section class="page" id="practices">' in html
    assert "BiSL maturity per cluster, everyone (1-5)" in report_charts(html)
    # One row per group of each cluster, each mean with its interval: use, IT (pooled answers
    # 2, 3, 3, 4 twice: se sqrt(4/7 / 8) = 0.267, t(7) 2.365): 3.0 (2.4-3.6, n 8)
    assert "<td>Business</td>" in html and "<td>IT</td>" in html and "<td>Everyone</td>" in html
    assert "3.0 (2.4–3.6, n 8)" in html
    # By name: no internal code before the appendix (issue #18).
    assert "<tr><td>Planning and control</td>" in html
    assert "<tr><td>End-user support</td>" in html
    assert "<tr><td>Business data management</td>" not in html  # its gap is within the noise
    assert "A dash means" not in html
    # The department heat map is the core's now.
    assert "Current maturity by department" not in html


def test_the_report_page_says_why_a_group_has_no_figures():
    notes = {"business": "", "it": "not shown (fewer than 3 responses)", "overall": ""}
    with translation.override("en"):
        html = render(SLICE.report(view(it=None, notes=notes)))
    # IT is left out with one line (issue #18 item 5), not rows of dashes.
    assert "IT left out: not shown (fewer than 3 responses)." in html
    assert "<td>IT</td>" not in html and "–</td>" not in html


def test_the_report_page_without_ratings_has_no_chart():
    empty = SLICE.score(Scope(items=(), dimensions={}, groups={}, form="full"))
    notes = {"business": "no responses", "it": "no responses", "overall": "no responses"}
    with translation.override("en"):
        html = render(SLICE.report(View(scores=None, result=empty, texts=texts(), notes=notes)))
    assert "No figures to chart: no responses." in html
    assert "No practice shows a clear gap between target and current maturity." in html
    assert SLICE.headlines(View(scores=None, result=empty, texts=texts(), notes=notes)) == []


def test_the_headlines_are_the_largest_clear_gap_and_the_weakest_cluster():
    with translation.override("en"):
        gap, weakest = SLICE.headlines(view())
    assert gap.title == "Largest BiSL practice gap"
    # PLC, business only: current 1.5 +- 3.182 x 0.289 = (0.58, 2.42), drawn from the scale's bottom:
    # (1.0, 2.42); target 3.5 +- the same = (2.58, 4.42); gap 2.0 +- 2.447 x 0.408 (not clipped)
    assert gap.text == (
        "“Planning and control”: current maturity 1.5 (1.0–2.4, n 4), target 3.5 (2.6–4.4, n 4); gap +2.0, clear."
    )
    assert weakest.title == "Weakest BiSL cluster"
    # "management" is PLC alone: the same 1.5 (1.0-2.42)
    assert weakest.text == (
        "“management”: current maturity 1.5 (1.0–2.4, n 4), clearly below the middle of the scale (3.0)."
    )


def test_the_respondent_sees_their_own_current_and_target():
    with translation.override("en"):
        html = render(SLICE.respondent_section(PracticeMeans(current=2.25, target=4.0), texts()))
        only_current = render(SLICE.respondent_section(PracticeMeans(current=3.0, target=None), texts()))
    assert "Managing information and IT (maturity 1–5)" in html
    assert "Now <strong>2.3</strong>, where you want to be <strong>4.0</strong>." in html
    assert "Now <strong>3.0</strong>." in only_current
    assert SLICE.respondent_section(PracticeMeans(current=None, target=None), texts()) is None
    assert SLICE.respondent_section(None, texts()) is None
