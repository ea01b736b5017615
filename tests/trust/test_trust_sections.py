"""The trust slice's sections rendered with Django's templates: the dashboard card, the report's
summary block and page, the headline and the respondent's own index (no database). The numbers
are tests/trust/helpers.py's, worked by hand in test_trust_scoring.py."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from assessments.slices import Scope
from brmportal.lib.scoring import Tally
from tests.behaviours.helpers import answers
from tests.trust.helpers import IT, ITEMS, SLICE, scope, view


def render(section) -> str:
    return render_to_string(section.template, {"section": section.context})


def test_it_shows_the_business_trust_and_its_view_from_it_side_by_side_on_the_dashboard():
    section = SLICE.dashboard(view(SLICE.score(scope())))
    assert section.context["charts"]["chart"] is not None
    html = render(section)
    # business 31.25 (11.36-51.14, n 4), IT's view 68.75 (57.27-80.23, n 4): whole numbers
    assert "Business: its trust in IT" in html and "IT: how it thinks the business sees it" in html
    assert "<strong>31 (11–51, n 4)</strong>" in html and "<strong>69 (57–80, n 4)</strong>" in html
    assert 'class="progress-bar trust-business" data-width="31.25"' in html
    assert "Business: its trust in IT: trust index 31 of 100" in html
    # no pooled "everyone" trust
    assert "Everyone" not in html
    # 37.5 (18.71 to 56.29): clear
    assert "Perception gap (IT − business): <strong>+38, clear</strong> points." in html
    assert "IT thinks it is trusted more than the business says it is." in html
    # the business's answers: TRU-1 all low, TRU-2 3, 4, 2, 3: 3 of 8 ... low 5/8, middle 2/8, high 1/8
    assert "Answers: 62 % disagree, 25 % neutral, 12 % agree." in html
    # the clear deficit: TRU-1's business index 12.5, se 0.2887 x 25 = 7.22, t(0.975, 3) = 3.182:
    # 12.5 +- 22.97 -> (-10.5, 35.5), shown clipped to the scale: (0, 35)
    assert "<li>Understanding what IT does: 12 (0–35, n 4)</li>" in html


def test_it_greys_a_perception_gap_within_the_noise():
    # IT's view the same as the business's trust: gap 0, within the noise
    same = SLICE.score(
        scope(it={**IT, ("TRU-1", "value"): answers(1, 2, 2, 1), ("TRU-2", "value"): answers(3, 4, 2, 3)}, measures={})
    )
    html = render(SLICE.dashboard(view(same)))
    assert '<p class="small mb-2 noise">' in html and "+0, within the noise" in html
    assert "IT thinks it is trusted more" not in html


def test_it_says_why_a_side_is_missing_on_the_dashboard():
    result = SLICE.score(scope(it=None))
    notes = {"business": "", "it": "Not shown: fewer than 3 responses.", "overall": ""}
    html = render(SLICE.dashboard(view(result, notes=notes)))
    # IT is left out with one line (issue #18 item 5), not listed as "not shown"
    assert "IT left out: not shown: fewer than 3 responses." in html and ">not shown<" not in html
    assert "Perception gap" not in html
    html = render(SLICE.dashboard(view(result, responses={"business": 4, "it": 0})))
    assert "the business&#x27;s columns" not in html
    assert "Only business respondents answered: IT&#x27;s columns are left out" in html
    assert "no responses" not in html and "No answers." not in html


def test_it_formats_the_dashboard_in_the_readers_notation():
    with translation.override("nb"):
        html = render(SLICE.dashboard(view(SLICE.score(scope()), language="nb")))
    assert "Forstår hva IT gjør" in html
    # the bar's width is CSS, never localised
    assert 'data-width="31.25"' in html


def test_it_gives_the_trust_table_of_the_executive_summary():
    html = render(
        SLICE.report_summary(view(SLICE.score(scope(it=None)), notes={"it": "not shown (fewer than 3 responses)"}))
    )
    assert "Trust index (0-100)" in html
    # index 31 (11-51, n 4); mean 2.25 (1.45-3.05, n 4)
    assert '<td class="num strong">31 (11–51, n 4)</td><td class="num">2.2 (1.5–3.0, n 4)</td>' in html
    # IT's row is left out, with one line that says why (issue #18 item 5).
    assert "IT left out: not shown (fewer than 3 responses)." in html
    assert 'class="muted">not shown' not in html
    assert "Perception gap" not in html and "Everyone" not in html
    html = render(SLICE.report_summary(view(SLICE.score(scope()))))
    assert '<p class="small ">Perception gap (IT − business): +38, clear points.</p>' in html


def test_it_gives_the_trust_page_of_the_report():
    html = render(SLICE.report(view(SLICE.score(scope()))))
    assert html.startswith('<section class="page-flow" id="trust">')
    # TRU-1: the business 12.5 (0-35), IT's view 87.5 +- 22.97 (64.5-100, clipped), gap +75 (50 to 100)
    # clear, the business's answers all low
    assert (
        "<tr><td>Understanding what IT does</td>"
        '<td class="num strong">12 (0–35, n 4)</td><td class="num">88 (65–100, n 4)</td>'
        '<td class="num ">+75, clear</td><td class="num">100 / 0 / 0 %</td></tr>'
    ) in html
    # TRU-2: the same on both sides, greyed
    assert '<td class="num noise">+0, within the noise</td>' in html
    assert "Everyone" not in html and "A dash means" not in html
    html = render(
        SLICE.report(
            view(SLICE.score(scope(it=None)), notes={"it": "no responses"}, responses={"business": 4, "it": 0})
        )
    )
    # IT's columns and the gap are left out, with one line (issue #18 item 5), not a column of dashes
    assert '<td class="num">–</td>' not in html and "IT&#x27;s view" not in html and "Gap (IT − business)" not in html
    assert "Only business respondents answered: IT&#x27;s columns are left out" in html


def test_it_opens_the_report_with_the_perception_gap():
    (line,) = SLICE.headlines(view(SLICE.score(scope())))
    assert line.title == "Trust"
    assert line.text == (
        "Trust index: the business 31 (11–51) of 100, IT's view 69 (57–80); IT believes it is trusted 38 points "
        "more than the business says (+19 to +56), clear."
    )
    (line,) = SLICE.headlines(view(SLICE.score(scope(it=None))))
    assert line.text == "The business's trust index: 31 (11–51) of 100."


def test_it_says_when_it_believes_it_is_trusted_less_or_when_the_gap_is_noise():
    low_it = {("TRU-1", "value"): answers(1, 1, 1, 1), ("TRU-2", "value"): answers(1, 1, 1, 2)}
    (line,) = SLICE.headlines(view(SLICE.score(scope(it=low_it, measures={}))))
    # IT 9 / 8 = 1.125 -> 3.1; the business 31.25: -28.1 points, clear
    assert "IT believes it is trusted 28 points less than the business says" in line.text
    same = {("TRU-1", "value"): answers(1, 2, 2, 1), ("TRU-2", "value"): answers(3, 4, 2, 3)}
    (line,) = SLICE.headlines(view(SLICE.score(scope(it=same, measures={}))))
    # both sides' 8 answers as independent (no respondent figures): se 9.15 each, df 14: 0 +- 27.8
    assert line.text.endswith("the difference, +0 points (−28 to +28), is within the noise.")


def test_it_has_no_headline_without_the_business_reported():
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
