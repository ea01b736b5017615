"""Edge cases of the method (issue #16, item 8) read as a person reads them: all "don't know",
one side only, a side under the threshold. Overall maturity then reads "not enough answers" on
the dashboard, in the PDF (its HTML's words) and in the JSON, never a blank or "Overall maturity: ."."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.maturity import MATURITY_MISSING
from tests.helpers import scores_of, submit_columns
from tests.reports.reading import html_text, report_html

pytestmark = pytest.mark.django_db


def all_dont_know(campaign):
    for side in ("business", "it", "business", "it", "business", "it"):
        submit_columns(campaign, side, columns={}, default="dk")


def one_side_only(campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={}, default="4")


def a_side_under_the_threshold(campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={}, default="4")
    for _ in range(2):
        submit_columns(campaign, "it", columns={}, default="2")


@pytest.mark.parametrize("answers", [all_dont_know, one_side_only, a_side_under_the_threshold])
def test_it_says_not_enough_answers_everywhere(client, alice, campaign, answers):
    answers(campaign)
    scores = scores_of(campaign=campaign)
    assert scores["maturity"]["overall"] is None and scores["maturity"]["available"] is False
    missing = str(MATURITY_MISSING)
    client.force_login(alice)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert missing in html
    text = html_text(report_html(campaign=campaign))
    assert missing in text
    assert "Overall maturity: ." not in text and "Overall maturity: ." not in html
