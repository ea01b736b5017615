"""Links are right wherever the portal runs (issue #15.2): with SITE_URL unset, the links shown in
the workspace and e-mailed to respondents start with the address the request came to (so
`make run PORT=8100` links to port 8100); with SITE_URL set, with that. Every absolute URL is
built by brmportal.lib.urls."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from assessments.models import Invitation
from assessments.services.open_links import open_link_set_active
from brmportal.lib.urls import FALLBACK_SITE_URL, absolute_url, site_url

pytestmark = pytest.mark.django_db

PORT_8100 = "127.0.0.1:8100"
# (SITE_URL, extra request headers, the base every link must start with)
CASES = {
    "unset: the request's address": ("", {}, f"http://{PORT_8100}"),
    "unset, behind a TLS proxy": ("", {"HTTP_X_FORWARDED_PROTO": "https"}, f"https://{PORT_8100}"),
    "set: that address": ("https://brm.example.com/", {}, "https://brm.example.com"),
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def case(request, settings):
    site, headers, base = CASES[request.param]
    settings.SITE_URL = site
    return {"HTTP_HOST": PORT_8100, **headers}, base


@pytest.fixture
def eager_celery(settings):
    """E-mails may be handed to Celery: run its tasks here, so the link that arrives is checked
    with the base the view captured (see tests/browser/test_journeys.py for why both are set)."""
    from brmportal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    changes = app.conf.changes
    had, previous = "task_always_eager" in changes, changes.get("task_always_eager")
    app.conf.task_always_eager = True
    yield
    if had:
        app.conf.task_always_eager = previous
    else:
        changes.pop("task_always_eager", None)


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def _mailed_links(outbox) -> list[str]:
    links = []
    for message in outbox:
        links += _links(message.body)
        links += _links(message.alternatives[0][0])  # the HTML part
    return links


def test_it_takes_the_base_from_site_url_the_request_or_the_fallback(settings):
    request = RequestFactory().get("/", HTTP_HOST=PORT_8100)
    settings.SITE_URL = ""
    assert site_url(request) == f"http://{PORT_8100}"
    assert site_url() == FALLBACK_SITE_URL
    assert absolute_url("/r/abc/", request) == f"http://{PORT_8100}/r/abc/"
    # A base captured earlier (for a worker) wins over everything else.
    assert absolute_url("/r/abc/", base="http://10.0.0.7:8100") == "http://10.0.0.7:8100/r/abc/"
    settings.SITE_URL = "https://brm.example.com"
    assert site_url(request) == site_url() == "https://brm.example.com"


def test_it_shows_the_copied_link_and_open_links_on_the_right_address(client, alice, campaign, invitation, case):
    headers, base = case
    open_link_set_active(campaign=campaign, side="it", active=True)
    client.force_login(alice)
    page = client.get(reverse("manage:invitation_list", args=[campaign.pk]), **headers).content.decode()
    shown = [link for link in _links(page) if "/r/" in link]
    assert shown and all(link.startswith(base + "/r/open/") for link in shown), shown

    r = client.post(
        reverse("manage:invitation_link", args=[campaign.pk, invitation.pk]), HTTP_ACCEPT="application/json", **headers
    )
    assert r.json()["url"] == f"{base}/r/{invitation.token}/"


def test_it_e_mails_links_on_the_address_the_brm_used(client, alice, campaign, invitation, it_invitation, case,
                                                      eager_celery, django_capture_on_commit_callbacks):  # fmt: skip
    headers, base = case
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("manage:invitation_send", args=[campaign.pk, invitation.pk]), **headers)
        # "Send invitations" asks first; the POST carries the count the BRM saw (1: it_invitation).
        client.post(reverse("manage:invitations_invite", args=[campaign.pk]), {"expected": "1"}, **headers)
        client.post(
            reverse("manage:invitation_add", args=[campaign.pk]),
            {"source": "paste", "paste-emails": "new@example.com", "paste-side": "it", "paste-send_now": "on"},
            **headers,
        )
        client.post(reverse("manage:invitation_confirm", args=[campaign.pk]), **headers)
    new = Invitation.objects.get(email="new@example.com")
    expected = {f"{base}/r/{token}/" for token in (invitation.token, it_invitation.token, new.token)}
    links = _mailed_links(mail.outbox)
    assert expected <= set(links)
    assert links and all(link.startswith(base + "/r/") for link in links), links


def test_it_e_mails_the_resume_link_on_the_address_the_respondent_used(client, campaign, invitation, case,
                                                                      eager_celery, django_capture_on_commit_callbacks):  # fmt: skip
    """The "e-mail me a link to continue here" button: the link comes back to this address."""
    from assessments.services.responses import response_start
    from brmportal.lib.tokens import token_hash

    headers, base = case
    response_start(invitation=invitation, claim_hash=token_hash("another-browser"))  # started elsewhere
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("respondent:resume_request", args=[invitation.token]), **headers)
    assert r.status_code == 302
    links = _mailed_links(mail.outbox)
    assert links and all(link.startswith(f"{base}/r/{invitation.token}/resume/") for link in links), links


def test_it_never_puts_a_forged_host_into_a_link(client, alice, campaign, invitation, settings):
    settings.SITE_URL = ""
    client.force_login(alice)
    r = client.post(reverse("manage:invitation_send", args=[campaign.pk, invitation.pk]), HTTP_HOST="evil.example")
    assert r.status_code == 400  # DisallowedHost: not in ALLOWED_HOSTS
    assert not mail.outbox


def test_it_gives_api_links_on_site_url_when_set(client, campaign, org, instrument, settings):
    from api.services import api_token_create
    from tests.helpers import open_campaign

    open_campaign(org, instrument, "Round 2")  # two campaigns: a page of one has a next link
    settings.SITE_URL = "https://brm.example.com"
    _, key = api_token_create(organisation=org, name="BI")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_HOST": PORT_8100}
    detail = client.get(reverse("api:campaign_detail", kwargs={"campaign_id": campaign.pk}), **auth).json()
    assert detail["scores_url"].startswith("https://brm.example.com/api/v1/")
    listing = client.get(reverse("api:campaign_list") + "?page_size=1", **auth).json()
    assert listing["results"][0]["url"].startswith("https://brm.example.com/api/v1/")
    assert listing["next"].startswith("https://brm.example.com/api/v1/campaigns/?")
    previous = client.get(listing["next"].removeprefix("https://brm.example.com"), **auth).json()["previous"]
    assert previous.startswith("https://brm.example.com/api/v1/campaigns/?")
