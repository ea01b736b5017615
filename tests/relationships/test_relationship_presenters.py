"""The relationship's sections rendered with Django's templates: the dashboard card, the report's
page and summary block, its headlines and the respondent's summary (pure: no database).

t(0.975, df) from a table: df 3: 3.182446, df 6: 2.446912.
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import translation

from assessments.texts import InstrumentTexts
from relationships.names import fit_name, model_names
from tests.helpers import report_charts
from tests.relationships.helpers import group, levels, levels_of, respondent, scope, view


def people(today: tuple[int | None, ...], desired: tuple[int | None, ...]):
    pairs = zip(levels_of("today", *today), levels_of("desired", *desired), strict=True)
    return group(*({**t, **d} for t, d in pairs))


# business today 1, 1, 2, 2: 1.5, sd sqrt(1/3), se 0.288675, df 3: 1.5 -+ 0.918689 = 0.58 .. 2.42,
# shown clipped to the ladder, 1.0 .. 2.4: between Passive and Provider. Desired 3, 3, 4, 4: 3.5
# (2.6 .. 4.4 shown 2.6 .. 4.0): between Partner and Peer.
# IT today 4, 4, 4 and one who agrees with no model: 4.0 exactly, Peer; desired 3 x 4: Partner.
BUSINESS = people((1, 1, 2, 2), (3, 3, 4, 4))
IT = people((4, 4, 4, None), (3, 3, 3, 3))
SCOPE = scope(BUSINESS, IT)
NOTES = {"business": "", "it": "", "overall": ""}
RESPONSES = {"business": 4, "it": 4}


def render(section) -> str:
    return render_to_string(section.template, {"section": section.context})


def test_it_names_the_models_from_the_content_in_the_reader_s_language(content):
    names = model_names(InstrumentTexts(language="nb", content=content))
    assert [(m.code, m.name) for m in names.values()] == [
        ("passive", "Passiv"),
        ("provider", "Leverandør"),
        ("partner", "Partner"),
        ("peer", "Likeverdig"),
    ]
    # A model the content does not name is its code, capitalised.
    assert model_names(InstrumentTexts(language="en", content={}))["peer"].name == "Peer"


def test_it_words_a_place_from_the_index(relationship, texts, content):
    result = relationship.score(SCOPE)
    names = model_names(texts)
    assert fit_name(result.fit("business", "today"), names) == "between Passive and Provider"
    with translation.override("nb"):
        nb = model_names(InstrumentTexts(language="nb", content=content))
        # The models' names come from the content in the reader's language.
        worded = fit_name(result.fit("business", "today"), nb)
        assert "Passiv" in worded and "Leverandør" in worded
    assert fit_name(result.fit("it", "today"), names) == "Peer"
    assert fit_name(None, names) == ""
    nobody = relationship.score(scope(group(*[respondent(today={"peer": 2})] * 3)))
    assert fit_name(nobody.fit("business", "today"), names) == "No model"


def test_it_renders_the_dashboard_card(relationship, texts):
    result = relationship.score(SCOPE)
    section = relationship.dashboard(view(result, texts, NOTES, RESPONSES))
    assert section.context["charts"]["profile"] is not None and section.context["charts"]["index"] is not None
    html = render(section)
    assert "Relationship model: today and desired" in html
    # The label and the marker come from one index: the index chart (the PDF's spec) puts
    # business today at 1.5, labelled as the card's words say.
    assert "<strong>Business:</strong> between Passive and Provider" in html
    assert "(index 1.5 (1.0–2.4, n 4))" in html
    assert 'id="chart-relationship-index-spec"' in html
    points = [p for layer in section.context["charts"]["index"]["layer"] for p in layer["data"]["values"] if "row" in p]
    business_today = [p for p in points if p["value"] == 1.5]
    assert business_today and "between Passive and Provider" in business_today[0]["label"]
    assert "<strong>IT:</strong> Peer" in html and "(index 4.0 (4.0–4.0, n 3))" in html
    # shares, in a table as in the PDF: IT today 3 of 4 Peer, 1 agrees with no model
    cells = '<td class="text-end">{}</td>'.format
    assert "Respondents by their own level" in html
    assert "".join(cells(v) for v in ("0 %", "0 %", "0 %", "75 %", "25 %", 4)) in html
    # everyone's shares: the sides' mean, (50 + 0) / 2 = 25 % Passive, (0 + 75) / 2 = 37.5 -> 38 %
    assert "".join(cells(v) for v in ("25 %", "25 %", "0 %", "38 %", "13 %")) in html
    # the target model is leadership's decision, not an average (issue #18 item 3)
    assert "Which model to aim for is a decision for leadership, not an average of these answers" in html
    # business - IT today: 1.5 - 4.0 = -2.5 -+ 0.918689 (IT has no spread, df 3): clear.
    assert "<strong>Business − IT:</strong> −2.5, clear" in html
    assert "Business and IT disagree on today's model." in html
    # desired: 3.5 - 3.0 = +0.5 -+ 0.918689: within the noise, greyed.
    assert '<li class="noise"><strong>Business − IT:</strong> +0.5, within the noise</li>' in html
    assert "Business and IT want different models." not in html
    # desired - today, business: 2.0 -+ 2.446912 x sqrt(1/12 + 1/12) = 2.0 -+ 0.998947: clear
    assert "Business +2.0, clear" in html


def test_it_counts_flagged_respondents_on_the_dashboard(relationship, texts):
    agree_all = respondent(today=dict.fromkeys(("passive", "provider", "partner", "peer"), 5))
    result = relationship.score(scope(group(agree_all, *levels_of("today", 2, 2)), levels(2, 2, 2)))
    html = render(relationship.dashboard(view(result, texts, NOTES, RESPONSES)))
    assert "Flagged for agreeing with both the Passive and the Peer statements (kept and counted):" in html
    assert "Business 1" in html


def test_it_says_why_a_group_is_missing_on_the_dashboard(relationship, texts):
    notes = {"business": "", "it": "", "overall": "Fewer than 3 responses: not shown on its own to protect anonymity."}
    result = relationship.score(scope(levels(2, 2, 2), levels(2, 2, 3), overall=None))
    assert not result.disagree_today
    html = render(relationship.dashboard(view(result, texts, notes, RESPONSES)))
    assert "Business and IT disagree" not in html
    # Everyone is left out with one line, not listed with a reason in place of its figures.
    assert "<strong>Everyone:</strong>" not in html
    assert "Everyone left out: fewer than 3 responses" in html
    # IT answered nothing desired and no note explains it.
    assert "No answers." in html


def test_it_renders_the_report_page(relationship, texts):
    result = relationship.score(SCOPE)
    html = render(relationship.report(view(result, texts, {}, RESPONSES)))
    assert 'id="relationship"' in html
    assert "1. Passive" in html and "4. Peer" in html
    assert "The business places orders and IT delivers them" in html  # a model's summary
    charts = report_charts(html)
    assert (
        "<svg" in charts
        and "Agreement with each model" in charts
        and "Relationship index (1 Passive – 4 Peer)" in charts
    )
    assert 'between Passive and Provider<br><span class="small">1.5 (1.0–2.4, n 4)</span>' in html
    assert '<td class="">+2.0, clear</td>' in html  # business desired - today
    assert '<span class="noise">Desired +0.5, within the noise</span>' in html
    assert "Business and IT clearly disagree about today's relationship." in html
    # IT: one of four agrees with no model today
    assert "IT: agreeing with no model: today 1, desired 0" in html
    # business partner agreement: today 2.0, desired (4 + 4 + 2 + 2) / 4 = 3.0, gap +1.0 with
    # se sqrt(4/3) / 2 = 0.577 at df 3: -+ 1.84, within the noise (greyed)
    # each with its n and 95 % interval (issue #18 item 2): n 4 per side
    assert re.search(
        r'<td class="num">2\.0 \([0-9.]+–[0-9.]+, n 4\)</td><td class="num">3\.0 \([0-9.]+–[0-9.]+, n 4\)</td>', html
    )
    assert '<td class="num noise">+1.0, within the noise</td>' in html
    assert "Which model to aim for is a decision for leadership, not an average of these answers" in html


def test_it_says_when_a_side_is_not_shown_in_the_report(relationship, texts):
    notes = {"it": "not shown (fewer than 3 responses)"}
    result = relationship.score(scope(BUSINESS, None))
    html = render(relationship.report(view(result, texts, notes, {"business": 4, "it": 2})))
    # IT is left out of every table, with one line that says why (issue #18 item 5).
    assert "IT left out: not shown (fewer than 3 responses)." in html
    assert "not shown</td>" not in html and "<th>IT</th>" not in html and "<td>IT</td>" not in html
    assert "clearly disagree" not in html


def test_it_renders_the_summary_block(relationship, texts):
    result = relationship.score(scope(BUSINESS, None))
    html = render(relationship.report_summary(view(result, texts, {"it": "no responses"}, {"business": 4, "it": 0})))
    assert "Relationship model, today and desired" in html
    # everyone = the business alone: between Passive and Provider 1.5 -> between Partner and Peer 3.5
    assert '<td>between Passive and Provider</td><td class="num">1.5 (1.0–2.4, n 4)</td>' in html
    assert '<td>between Partner and Peer</td><td class="num">3.5 (2.6–4.0, n 4)</td>' in html
    assert "+2.0, clear" in html
    # IT (no responses) and everyone (the business alone) have no rows: one line says so (issue #18 item 5).
    assert "Only business respondents answered: IT&#x27;s columns are left out" in html
    assert "no responses" not in html and "<th>Everyone</th>" not in html
    assert "the interval reaches into both" in html


def test_it_opens_the_report_with_its_headlines(relationship, texts):
    result = relationship.score(SCOPE)
    lines = relationship.headlines(view(result, texts, {}, RESPONSES))
    assert [line.title for line in lines] == ["Relationship: today vs desired", "Business and IT disagree about today"]
    # everyone today (1.5 + 4.0) / 2 = 2.75, se sqrt(1/12) / 2 = 0.144338, df 3: -+ 0.459344;
    # desired (3.5 + 3.0) / 2 = 3.25, same se: the gap +0.5, se 0.204124, df 6: -+ 0.499474, clear.
    assert lines[0].text == (
        "Today the relationship is seen as between Provider and Partner (index 2.8 (2.3–3.2, n 7)); respondents "
        "want between Partner and Peer (index 3.2 (2.8–3.7, n 8)). Desired − today on the 1-4 scale: +0.5, clear."
    )
    assert lines[1].text.startswith(
        "Today, the business places the relationship at between Passive and Provider (index 1.5 (1.0–2.4, n 4)); "
        "IT at Peer (index 4.0 (4.0–4.0, n 3)). Business − IT: −2.5, clear."
    )


def test_it_summarises_a_respondent_s_own_answers(relationship, texts):
    mine = respondent(today={"passive": 5, "provider": 2}, desired={"peer": 2})
    own = relationship.respondent(scope(), mine, "it")
    html = render(relationship.respondent_section(own, texts))
    assert "Today:</strong> Passive" in html
    assert "(level 1 on a scale from 1 Passive to 4 Peer: the highest model whose statements you agree with)" in html
    assert "Desired:</strong> No model" in html and "(you agree with none of the models' statements)" in html
    assert "IT is part of the business" in html  # the models' descriptions
    assert relationship.respondent_section(None, texts) is None
