"""The relationship's sections rendered with Django's templates: the dashboard card, the report's
page and summary block, its headlines and the respondent's summary (pure: no database)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from assessments.texts import InstrumentTexts
from relationships.names import fit_name, model_names
from tests.relationships.helpers import DESIRED, TODAY, answers, scope, view

# IT: provider 3.5, partner 3.375 (mixed, lead 0.125), index (1 + 5 + 7.125) / 5.875
IT_TODAY = {"passive": 16, "provider": 28, "partner": 27, "peer": 8}
GROUPS = {"business": answers(TODAY, DESIRED), "it": answers(IT_TODAY), "overall": answers(TODAY, DESIRED)}
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


def test_it_words_a_mixed_fit_with_its_leaders(relationship, texts):
    result = relationship.score(scope(GROUPS))
    names = model_names(texts)
    assert fit_name(result.fit("it", "today"), names) == "Mixed (Provider / Partner)"
    assert fit_name(result.fit("business", "today"), names) == "Passive"
    assert fit_name(None, names) == ""
    with translation.override("nb"):
        assert fit_name(result.fit("it", "today"), names) == "Blandet (Provider / Partner)"


def test_it_renders_the_dashboard_card(relationship, texts):
    notes = {"business": "", "it": "", "overall": ""}
    result = relationship.score(scope(GROUPS))
    section = relationship.dashboard(view(result, texts, notes, RESPONSES))
    assert section.chart is None
    html = render(section)
    assert "Relationship model: today and desired" in html
    for name in ("Passive", "Provider", "Partner", "Peer"):
        assert f"<span>{name}</span>" in html
    # business today: passive, index 10/6, lead 1.0; IT: mixed, lead 0.125 shown as the JSON's 0.12
    assert "Passive <span" in html and "(index 1.67, lead 1.00)" in html
    assert "Mixed (Provider / Partner)" in html and "(index 2.23, lead 0.12)" in html
    # The marker sits at (index - 1) / 3 of the track.
    assert 'rel-marker rel-marker-business" data-left="22.3"' in html
    # IT answered nothing desired: the reason, as no group note explains it.
    assert "No answers." in html
    # Business leads with Passive, IT with Provider and Partner: no model in common.
    assert "Business and IT disagree on today's model." in html


def test_it_says_why_a_group_is_missing_on_the_dashboard(relationship, texts):
    groups = {"business": answers(TODAY), "it": answers(TODAY), "overall": None}
    notes = {"business": "", "it": "", "overall": "Fewer than 3 responses: not shown on its own to protect anonymity."}
    result = relationship.score(scope(groups))
    assert not result.disagree_today
    html = render(relationship.dashboard(view(result, texts, notes, RESPONSES)))
    assert "Business and IT disagree" not in html
    assert '<strong>Everyone:</strong> <span class="text-body-secondary">Fewer than 3 responses' in html


def test_it_renders_the_report_page(relationship, texts):
    notes = {}
    result = relationship.score(scope(GROUPS))
    html = render(relationship.report(view(result, texts, notes, RESPONSES)))
    assert 'id="relationship"' in html
    assert "1. Passive" in html and "4. Peer" in html
    assert "The business places orders and IT delivers them" in html  # a model's summary
    assert "<svg" in html and "Agreement with each model" in html
    # business passive today 4.00, desired 1.50, gap −2.50; partner gap +2.50
    assert '<td class="num">4.00</td><td class="num">1.50</td>' in html
    assert "−2.50" in html and "+2.50" in html
    assert "Business and IT disagree about today's relationship" in html
    assert "indices are 0.5 or more apart" in html


def test_it_says_when_a_side_is_not_shown_in_the_report(relationship, texts):
    groups = {"business": answers(TODAY, DESIRED), "it": None, "overall": answers(TODAY, DESIRED)}
    notes = {"it": "not shown (fewer than 3 responses)"}
    result = relationship.score(scope(groups))
    html = render(relationship.report(view(result, texts, notes, {"business": 4, "it": 2})))
    assert "IT: not shown (fewer than 3 responses)." in html
    assert "not shown</td>" in html
    assert "Business and IT cannot be compared here (one side is not shown)." in html
    assert "broadly agree" not in html


def test_it_renders_the_summary_block_with_the_mixed_margin(relationship, texts):
    notes = {"it": "no responses"}
    groups = {"business": answers(TODAY, DESIRED), "it": None, "overall": answers(TODAY, DESIRED)}
    result = relationship.score(scope(groups))
    html = render(relationship.report_summary(view(result, texts, notes, {"business": 4, "it": 0})))
    assert "Relationship model, today and desired" in html
    # everyone: passive 1.67 -> partner 3.06, gap +1.39
    assert '<td>Passive</td><td class="num">1.67</td>' in html
    assert '<td>Partner</td><td class="num">3.06</td>' in html
    assert "+1.39" in html
    assert "no responses" in html
    assert "“Mixed” means the best-fitting models are less than 0.25 apart." in html


def test_it_opens_the_report_with_its_headlines(relationship, texts):
    it_today = {"passive": 8, "provider": 32, "partner": 16, "peer": 8}
    groups = {"business": answers(TODAY), "it": answers(it_today), "overall": answers(TODAY, DESIRED)}
    result = relationship.score(scope(groups))
    lines = relationship.headlines(view(result, texts, {}, RESPONSES))
    assert [line.title for line in lines] == ["Relationship: today vs desired", "Business and IT disagree about today"]
    assert lines[0].text == (
        "Today the relationship is seen as Passive (index 1.67); respondents want Partner (index 3.06), "
        "a gap of +1.39 on the 1-4 scale."
    )
    assert lines[1].text.startswith("The business sees today's relationship as Passive (index 1.67); IT sees Provider")


def test_it_summarises_a_respondent_s_own_answers(relationship, texts):
    mine = answers(TODAY, IT_TODAY)
    own = relationship.respondent(scope({"overall": mine}), mine, "it")
    html = render(relationship.respondent_section(own, texts))
    assert "Today:</strong> Passive" in html
    assert "(index 1.7 on a scale from 1 Passive to 4 Peer)" in html
    # A tie is "Mixed", which the content does not name.
    assert "Desired:</strong> Mixed" in html and "(index 2.2)" in html
    assert "IT is part of the business" in html  # the models' descriptions
    assert relationship.respondent_section(None, texts) is None
