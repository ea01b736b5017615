"""Anonymity against the portal's own operators, in the workspace (issue #13): the threshold
only goes up, personal links disappear once used, and row-level answers leave only when the
campaign is closed, renumbered and reshuffled every time, without groups under the threshold."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, Invitation, OpenLink, Response
from assessments.services.campaigns import campaign_close, campaign_create, campaign_duplicate, campaign_update
from assessments.services.responses import response_create_submitted, response_start
from brmportal.lib.exceptions import ApplicationError
from tests.helpers import all_fields
from tests.outbox import deliver_queued_mail

pytestmark = pytest.mark.django_db


def answered(campaign: Campaign, side: str, count: int, *, department: str = "", value: str = "3") -> None:
    """`count` complete responses that came in online (personal links)."""
    answers = dict.fromkeys(all_fields(campaign, side), value)
    for _ in range(count):
        response_create_submitted(campaign=campaign, side=side, answers=answers, department=department, source="link")


def _edit_data(campaign: Campaign, **overrides) -> dict:
    data = {
        "name": campaign.name,
        "instrument": campaign.instrument_id,
        "opens_at": "",
        "closes_at": "",
        "anonymity_threshold": str(campaign.anonymity_threshold),
        "departments": "\n".join(campaign.departments),
        "practice_form": campaign.practice_form,
        "show_summary": "on",
        "language": "en",
    }
    data.update(overrides)
    return data


# --- (a) the anonymity threshold -----------------------------------------------------------------


def test_it_refuses_to_lower_the_threshold_once_anyone_answered(client, alice, campaign):
    answered(campaign, "business", 1)
    client.force_login(alice)
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    r = client.post(url, _edit_data(campaign, anonymity_threshold="1"))
    assert r.status_code == 200
    assert r.context["form"].errors["anonymity_threshold"]
    campaign.refresh_from_db()
    assert campaign.anonymity_threshold == 3

    assert client.post(url, _edit_data(campaign, anonymity_threshold="6")).status_code == 302  # raising is allowed
    campaign.refresh_from_db()
    assert campaign.anonymity_threshold == 6
    r = client.post(url, _edit_data(campaign, anonymity_threshold="5"))
    assert "cannot be lowered once respondents have answered" in r.content.decode()
    campaign.refresh_from_db()
    assert campaign.anonymity_threshold == 6


def test_it_counts_a_started_response_as_answered(campaign, invitation):
    response_start(invitation=invitation)  # started, nothing submitted
    Campaign.objects.filter(pk=campaign.pk).update(anonymity_threshold=5)
    campaign.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot be lowered"):
        campaign_update(campaign=campaign, **{**_service_fields(campaign), "anonymity_threshold": 4})
    campaign.refresh_from_db()
    assert campaign.anonymity_threshold == 5


def _service_fields(campaign: Campaign) -> dict:
    return {
        "name": campaign.name,
        "instrument": campaign.instrument,
        "opens_at": campaign.opens_at,
        "closes_at": campaign.closes_at,
        "anonymity_threshold": campaign.anonymity_threshold,
        "departments": list(campaign.departments),
        "practice_form": campaign.practice_form,
        "show_summary": campaign.show_summary,
    }


def test_it_lowers_the_threshold_while_nobody_answered(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(anonymity_threshold=5)
    campaign.refresh_from_db()
    campaign_update(campaign=campaign, **{**_service_fields(campaign), "anonymity_threshold": 3})
    campaign.refresh_from_db()
    assert campaign.anonymity_threshold == 3


def test_it_never_goes_below_the_minimum_setting(client, alice, org, instrument, campaign, settings):
    settings.ANONYMITY_MIN_THRESHOLD = 4
    client.force_login(alice)
    r = client.post(
        reverse("manage:campaign_create", args=[org.slug]),
        _edit_data(campaign, name="Too low", anonymity_threshold="3"),
    )
    assert r.status_code == 200
    assert r.context["form"].errors["anonymity_threshold"]
    assert 'min="4"' in r.content.decode()
    assert not Campaign.objects.filter(name="Too low").exists()
    with pytest.raises(ValidationError, match="at least 4"):
        campaign_create(organisation=org, instrument=instrument, name="Service", anonymity_threshold=2)
    # Editing (nobody answered yet) and duplicating an older campaign with threshold 3.
    with pytest.raises(ValidationError, match="at least 4"):
        campaign_update(campaign=campaign, **_service_fields(campaign))
    assert campaign_duplicate(campaign=campaign).anonymity_threshold == 4


# --- (b) personal links in the workspace -----------------------------------------------------------


def _list(client, campaign) -> str:
    return client.get(reverse("manage:invitation_list", args=[campaign.pk])).content.decode()


def _reveal_url(campaign, invitation) -> str:
    return reverse("manage:invitation_link", args=[campaign.pk, invitation.pk])


def test_it_offers_the_link_only_until_it_is_opened_or_emailed(client, alice, campaign, invitation, it_invitation):
    client.force_login(alice)
    html = _list(client, campaign)
    assert _reveal_url(campaign, invitation) in html and _reveal_url(campaign, it_invitation) in html
    assert invitation.token not in html

    Invitation.objects.filter(pk=invitation.pk).update(opened_at=timezone.now())
    html = _list(client, campaign)
    assert _reveal_url(campaign, invitation) not in html
    assert "pat@example.com" in html  # still listed, with its state
    assert _reveal_url(campaign, it_invitation) in html

    client.post(reverse("manage:invitation_send", args=[campaign.pk, it_invitation.pk]))
    it_invitation.refresh_from_db()
    assert it_invitation.emailed_at is None  # queued: shown until a worker has sent it
    assert deliver_queued_mail() == 1
    assert len(mail.outbox) == 1
    it_invitation.refresh_from_db()
    assert it_invitation.emailed_at is not None
    html = _list(client, campaign)
    assert _reveal_url(campaign, it_invitation) not in html
    assert it_invitation.token not in html
    # Refused through the endpoint too.
    assert client.post(_reveal_url(campaign, it_invitation)).status_code == 409
    r = client.post(_reveal_url(campaign, invitation), HTTP_ACCEPT="application/json")
    assert r.status_code == 409 and "url" not in r.json()


def test_it_marks_invitations_e_mailed_in_bulk_as_emailed(client, alice, campaign, invitation):
    client.force_login(alice)
    client.post(reverse("manage:invitations_invite", args=[campaign.pk]), {"expected": "1"})
    assert deliver_queued_mail() == 1  # once a worker has sent it
    invitation.refresh_from_db()
    assert invitation.emailed_at is not None and not invitation.link_visible


def test_it_reveals_a_link_through_an_audited_post(client, alice, campaign, invitation):
    from auditlog.models import LogEntry

    client.force_login(alice)
    r = client.post(_reveal_url(campaign, invitation))
    assert r.status_code == 200
    assert f"/r/{invitation.token}/" in r.content.decode()  # without JavaScript: a page with the link
    assert r["Cache-Control"] == "no-store"
    r = client.post(_reveal_url(campaign, invitation), HTTP_ACCEPT="application/json")
    assert r.json()["url"].endswith(f"/r/{invitation.token}/")
    entries = LogEntry.objects.filter(additional_data__event="link_reveal")
    assert entries.count() == 2
    entry = entries.first()
    assert entry.actor == alice
    assert entry.additional_data["organisation"] == campaign.organisation_id
    assert entry.additional_data["campaign"] == campaign.pk
    assert entry.additional_data["invitation"] == invitation.pk
    assert "pat@example.com" not in json.dumps(entry.additional_data)


def test_it_reveals_links_only_by_post(client, alice, campaign, invitation):
    client.force_login(alice)
    assert client.get(_reveal_url(campaign, invitation)).status_code == 405


def test_it_checks_access_to_the_link(client, alice, bob, charlie, campaign, invitation, org, instrument):
    from auditlog.models import LogEntry

    client.force_login(charlie)  # another organisation
    assert client.post(_reveal_url(campaign, invitation)).status_code == 404
    client.force_login(bob)  # a viewer
    assert client.post(_reveal_url(campaign, invitation)).status_code == 403
    other = campaign_create(organisation=org, instrument=instrument, name="Other")
    client.force_login(alice)
    # An invitation of another campaign under this campaign's URL.
    assert client.post(reverse("manage:invitation_link", args=[other.pk, invitation.pk])).status_code == 404
    assert not LogEntry.objects.filter(additional_data__event="link_reveal").exists()


def test_it_sets_the_open_link_cap(client, alice, bob, charlie, campaign):
    url = reverse("manage:open_link_cap", args=[campaign.pk])
    client.force_login(alice)
    client.post(reverse("manage:open_link_update", args=[campaign.pk]), {"side": "it", "active": "1"})
    assert client.post(url, {"side": "it", "cap": "40"}).status_code == 302
    link = OpenLink.objects.get(campaign=campaign, side="it")
    assert (link.cap, link.active) == (40, True)
    html = _list(client, campaign)
    assert f"/r/open/{link.token}/" in html  # open links are public by design
    assert 'name="cap"' in html and 'value="40"' in html
    for bad in ("0", "10001", "many"):
        r = client.post(url, {"side": "it", "cap": bad}, follow=True)
        assert r.status_code == 200
        link.refresh_from_db()
        assert link.cap == 40
    assert "between 1 and 10,000" in client.post(url, {"side": "it", "cap": "0"}, follow=True).content.decode()
    # Setting a cap before the link exists creates it switched off.
    client.post(url, {"side": "business", "cap": "12"})
    assert OpenLink.objects.filter(campaign=campaign, side="business", cap=12, active=False).exists()
    client.force_login(bob)
    assert client.post(url, {"side": "it", "cap": "5"}).status_code == 403
    client.force_login(charlie)
    assert client.post(url, {"side": "it", "cap": "5"}).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 405
    link.refresh_from_db()
    assert link.cap == 40


# --- (c) the row-level answers export --------------------------------------------------------------


def _answers(client, campaign, fmt: str = "csv", department: str | None = None):
    url = reverse("campaigns:answers_export", args=[campaign.pk, fmt])
    return client.get(url, {"department": department} if department else {})


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_it_refuses_the_answers_export_while_the_campaign_is_open(client, alice, campaign):
    answered(campaign, "business", 3)
    answered(campaign, "it", 3)
    client.force_login(alice)
    for fmt in ("csv", "xlsx"):
        r = _answers(client, campaign, fmt)
        assert r.status_code == 409
        assert "once the campaign is closed" in r.content.decode()
        assert "Content-Disposition" not in r
    dashboard = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert reverse("campaigns:answers_export", args=[campaign.pk, "csv"]) not in dashboard
    assert reverse("campaigns:scores_export", args=[campaign.pk, "csv"]) in dashboard
    draft = campaign_create(organisation=campaign.organisation, instrument=campaign.instrument, name="Draft")
    assert _answers(client, draft).status_code == 409
    with pytest.raises(ApplicationError):
        from workspace.exports import answers_table

        answers_table(campaign=campaign)


def test_it_exports_answers_of_a_closed_campaign_renumbered_and_reshuffled(client, alice, campaign):
    for value in "12345":
        answered(campaign, "business", 2, value=value)
        answered(campaign, "it", 2, value=value)
    campaign_close(campaign=campaign)
    client.force_login(alice)
    dashboard = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert reverse("campaigns:answers_export", args=[campaign.pk, "csv"]) in dashboard

    first, second = _rows(_answers(client, campaign)), _rows(_answers(client, campaign))
    assert len(first) == len(second) == 20
    assert not {row["respondent"] for row in first} & {row["respondent"] for row in second}
    assert [row["REL-PAS-1.today"] for row in first] != [row["REL-PAS-1.today"] for row in second]
    header = list(first[0])
    assert header[:3] == ["respondent", "side", "department"]
    assert not any(word in column for column in header for word in ("time", "date", "_at", "submitted", "created"))
    ids = {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    assert not ids & {row["respondent"] for row in first}


def test_it_exports_only_published_responses(client, alice, campaign):
    answered(campaign, "business", 3)
    answered(campaign, "it", 3)
    campaign_close(campaign=campaign)
    Response.objects.filter(campaign=campaign, side="it").update(published_at=None)
    client.force_login(alice)
    rows = _rows(_answers(client, campaign))
    assert {row["side"] for row in rows} <= {"business"}


def test_it_leaves_out_the_rows_of_a_department_under_the_threshold(client, alice, campaign):
    answered(campaign, "business", 4, department="Sales", value="4")
    answered(campaign, "business", 2, department="Finance", value="1")  # under the threshold
    answered(campaign, "business", 3, value="5")  # no department
    answered(campaign, "it", 3)
    campaign_close(campaign=campaign)
    client.force_login(alice)
    rows = _rows(_answers(client, campaign))
    business = [row for row in rows if row["side"] == "business"]
    # Finance's rows are left out, never kept with a blank department. The three without a
    # department go too: shown, business total - shown rows would give Finance's answers away.
    assert sorted(row["department"] for row in business) == ["Sales"] * 4
    assert {row["REL-PAS-1.today"] for row in business} == {"4"}
    assert len(rows) == 7
    assert _rows(_answers(client, campaign, department="Finance")) == []
    xlsx = _answers(client, campaign, "xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_it_never_offers_the_link_of_an_open_link_visitor(client, alice, campaign):
    link = OpenLink.objects.create(organisation=campaign.organisation, campaign=campaign, side="it")
    visitor = Invitation.objects.create(
        organisation=campaign.organisation, campaign=campaign, side="it", open_link=link
    )
    client.force_login(alice)
    assert _reveal_url(campaign, visitor) not in _list(client, campaign)
    assert client.post(_reveal_url(campaign, visitor)).status_code == 409
