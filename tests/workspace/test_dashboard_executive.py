"""The dashboard's executive page (issue #18 item 1): on the first screen, before the instrument
cards, the same content as page 2 of the PDF; a department view says which side did not answer."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessments.demo import demo_seed
from assessments.scoring import campaign_scores
from workspace.dashboard import dashboard_context

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b(?:REL|BEH|BISL|TRU|OPEN)-[A-Z0-9-]+\b")


def _visible_text(page: str) -> str:
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))


@pytest.fixture
def demo(client):
    seeded = demo_seed(responses=60, seed=7)
    client.force_login(get_user_model().objects.get(username="brm"))
    return seeded.campaign


def _page(client, campaign, query: str = "") -> str:
    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_it_opens_with_the_executive_page_in_order_before_the_instrument_cards(client, demo):
    page = _page(client, demo)
    start = page.index('id="executive"')
    # In the page's order: models, response rate, themes, strengths, priorities, next steps; all
    # before the actions, the maturity card and every instrument's card.
    order = [
        page.index(marker, start)
        for marker in (
            'id="executive-models"',
            'class="model-ladder"',
            'id="executive-rates"',
            'id="executive-themes"',
            'id="executive-strengths"',
            'id="executive-priorities"',
            'id="executive-next"',
        )
    ]
    assert order == sorted(order)
    assert order[-1] < page.index("dashboard-actions") < page.index('id="relationship-title"')

    data = dashboard_context(campaign=demo)["executive"]
    text = _visible_text(page[start : page.index("dashboard-actions")])
    # Each side's model today and desired, worded from the index as the marker is placed.
    scores = campaign_scores(campaign=demo)
    for side in data["models"]["sides"]:
        assert side["label"] in text
        for mark in side["marks"]:
            assert f"{mark['aspect_label']}: {mark['label']} ({mark['index_text']})" in text
    assert "between Passive and Provider" in text  # the demo's business side today
    business_today = scores.results["relationship"].fit("business", "today").index
    assert f"({business_today:.1f})" in text
    # A marker on the figure at that index: the centre of band k is (k - 0.5) / 4.
    assert f'cx="{(business_today - 0.5) / 4 * 100:.1f}%"' in page
    # Response rate per side, invited vs responded.
    for rate in data["rates"]:
        assert f"{rate['label']}: {rate['text']}" in text
        assert re.search(rf"{rate['submitted']} of {rate['invited']} invited responded \(\d+ %\)", text)
    # 3-5 themes, each with its meaning and evidence in words.
    themes = data["themes"]["rows"]
    assert 3 <= len(themes) <= 5
    for theme in themes:
        assert theme["title"] in text and theme["meaning"] in text
        assert theme["evidence"] and all(cited in text for cited in theme["evidence"])
    # The top three strengths and top five priorities, by title.
    assert len(data["strengths"]) == 3 and len(data["priorities"]) == 5
    for row in (*data["strengths"], *data["priorities"]):
        assert row["title"] in text
    assert data["priorities"][0]["code"] == scores.recommendations[0].code
    # Next steps: the workshop and a proposed date a year after the campaign closes.
    assert "consensus workshop" in text and "leadership decides the target model" in text
    # In the portal's time zone, as the page dates it (23:30 UTC is the next day in Oslo).
    closes = timezone.localdate(demo.closes_at)
    proposed = closes.replace(year=closes.year + 1)
    assert data["next_steps"]["proposed"] and data["next_steps"]["date"] == proposed
    assert "a proposal" in data["next_steps"]["text"] and data["next_steps"]["text"] in text
    assert CODE.findall(text) == []


def test_it_shows_the_planned_next_measurement(client, demo):
    demo.next_measurement_on = datetime.date(2028, 3, 15)
    demo.save(update_fields=["next_measurement_on"])
    text = _visible_text(_page(client, demo))
    assert "Next measurement: 15 March 2028." in text
    assert "a proposal" not in text


def test_a_department_view_says_which_side_did_not_answer(client, demo):
    scores = campaign_scores(campaign=demo)
    # A department only one side answered for (the demo's business departments have no IT respondents).
    department = next(
        row.department
        for row in scores.departments or ()
        if row.side == "business"
        and row.reported
        and not any(other.department == row.department and other.side == "it" for other in scores.departments or ())
    )
    page = _page(client, demo, f"?department={department}")
    text = _visible_text(page[page.index('id="executive"') : page.index("dashboard-actions")])
    assert f"Executive summary: {department}" in text
    assert f"No IT respondents answered for {department}." in text
    assert "n/a" not in text
    assert "Business" in text and "Today:" in text


def test_it_is_in_norwegian_for_a_norwegian_reader(client, demo):
    client.cookies["django_language"] = "nb"
    page = _page(client, demo)
    text = _visible_text(page[page.index('id="executive"') : page.index("dashboard-actions")])
    # The themes and the models' names come from the content, in the reader's language.
    assert "Bereikbaarheid" not in text and "Reach and communication" not in text
    assert "Tilgjengelighet og kommunikasjon" in text
    assert re.search(r"\bPassiv\b", text) and not re.search(r"\bPassive\b", text)
