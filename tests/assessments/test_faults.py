"""The respondent journey holding up when parts of the deployment fail (real PostgreSQL and Redis)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Response
from assessments.selectors.instruments import campaign_pages
from respondent.forms import field_name


def _page_data(page, value: str) -> dict[str, str]:
    return {field_name(c, a): value for c, a in page.fields} | {"action": "next"}


@pytest.mark.django_db(transaction=True)
def test_it_shows_a_retry_page_when_the_database_refuses_connections(invitation):
    client = Client()
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    url = reverse("respondent:page", args=[invitation.token, 1])
    assert client.post(url, _page_data(pages[0], "4")).status_code == 302
    saved = Answer.objects.filter(response__invitation=invitation).count()
    assert saved == len(pages[0].fields)

    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens there: the connection is refused
    try:
        r = client.get(reverse("respondent:page", args=[invitation.token, 2]))
        assert r.status_code == 503
        assert r["Retry-After"] == "5"
        body = r.content.decode()
        assert "One moment, please" in body and "Traceback" not in body
        assert client.get("/healthz").status_code == 503
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    # The page saved before the outage is intact, and the journey goes on.
    assert Answer.objects.filter(response__invitation=invitation).count() == saved
    assert client.get(reverse("respondent:page", args=[invitation.token, 2])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_row_per_answer_when_two_tabs_save_at_once(invitation):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    url = reverse("respondent:page", args=[invitation.token, 1])
    owner = Client()
    owner.post(url, {"action": "save"})  # the response exists, claimed by the browser of both tabs
    claim = owner.cookies["brm_claim"].value
    barrier = threading.Barrier(4)
    statuses: list[int] = []

    def save(value: str) -> None:
        try:
            tab = Client()
            tab.cookies["brm_claim"] = claim
            barrier.wait()
            statuses.append(tab.post(url, _page_data(page, value)).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(v,)) for v in ("1", "2", "4", "5")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert statuses == [302, 302, 302, 302]
    answers = Answer.objects.filter(response__invitation=invitation)
    assert answers.count() == len(page.fields)
    # The last save wins cleanly: each page's answers come from one save, not a mixture.
    assert answers.values("value").distinct().count() == 1
    assert Response.objects.filter(invitation=invitation).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_accepts_submissions_while_the_broker_is_down(invitation, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # Redis unreachable
    client = Client()
    for page in campaign_pages(campaign=invitation.campaign, side="business"):
        r = client.post(reverse("respondent:page", args=[invitation.token, page.number]), _page_data(page, "3"))
        assert r.status_code == 302
    r = client.post(reverse("respondent:submit", args=[invitation.token]), follow=True)
    assert r.status_code == 200 and "Thank you" in r.content.decode()
    assert Response.objects.get(campaign=invitation.campaign).submitted_at is not None
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["broker"]["status"] == "down"
