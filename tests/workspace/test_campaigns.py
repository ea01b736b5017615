"""Organisation pages: campaign list, workspace, create, edit, open, close, duplicate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from assessments.models import Campaign
from assessments.services.campaigns import campaign_create
from assessments.services.invitations import invitation_create
from assessments.services.responses import response_create_submitted

pytestmark = pytest.mark.django_db


def _list_url(org) -> str:
    return reverse("manage:campaign_list", args=[org.slug])


def _create_url(org) -> str:
    return reverse("manage:campaign_create", args=[org.slug])


def _form_data(instrument, **overrides) -> dict:
    data = {
        "name": "Spring 2026",
        "instrument": instrument.pk,
        "opens_at": "",
        "closes_at": "",
        "anonymity_threshold": "3",
        "departments": "Sales, Finance\nOperations",
        "practice_form": "short",
        "show_summary": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def dave(django_user_model, org, other_org):
    """A consultant working for two client organisations."""
    user = django_user_model.objects.create_user(username="dave", password="password", email="dave@example.com")
    Membership.objects.create(user=user, organisation=org, role="consultant")
    Membership.objects.create(user=user, organisation=other_org, role="consultant")
    return user


# --- campaign list -------------------------------------------------------------------------


def test_it_lists_campaigns_with_counts_per_side(client, alice, campaign, invitation, it_invitation):
    response_create_submitted(campaign=campaign, side="business", answers={})
    client.force_login(alice)
    r = client.get(_list_url(campaign.organisation))
    assert r.status_code == 200
    [(listed, membership)] = r.context["rows"]
    assert listed == campaign
    assert (listed.business_invited, listed.business_submitted) == (1, 1)
    assert (listed.it_invited, listed.it_submitted) == (1, 0)
    assert b"Round 1" in r.content
    assert reverse("manage:invitation_list", args=[campaign.pk]).encode() in r.content


def _make_campaigns(org, instrument, n: int) -> None:
    for i in range(n):
        c = campaign_create(organisation=org, instrument=instrument, name=f"C{i}")
        invitation_create(campaign=c, side="business", email=f"p{i}@example.com")
        invitation_create(campaign=c, side="it")
        response_create_submitted(campaign=c, side="it", answers={})


@pytest.mark.parametrize("n", [2, 10])
def test_it_lists_campaigns_in_constant_queries(client, alice, org, instrument, n, django_assert_num_queries):
    _make_campaigns(org, instrument, n)
    client.force_login(alice)
    # session, user, membership, campaigns with counts, navbar organisations
    with django_assert_num_queries(5):
        r = client.get(_list_url(org))
    assert r.status_code == 200
    assert len(r.context["rows"]) == n


def test_it_shows_the_empty_state(client, alice, org):
    client.force_login(alice)
    r = client.get(_list_url(org))
    assert b"No campaigns yet" in r.content
    assert b"Create the first campaign" in r.content


def test_it_hides_write_buttons_from_viewers(client, bob, campaign):
    client.force_login(bob)
    r = client.get(_list_url(campaign.organisation))
    assert r.status_code == 200
    assert reverse("manage:campaign_close", args=[campaign.pk]).encode() not in r.content
    assert reverse("manage:invitation_list", args=[campaign.pk]).encode() not in r.content
    assert reverse("campaigns:dashboard", args=[campaign.pk]).encode() in r.content


def test_it_checks_access_to_the_list(client, charlie, org):
    client.force_login(charlie)
    assert client.get(_list_url(org)).status_code == 404


def test_it_sends_anonymous_users_to_login(client, org):
    r = client.get(_list_url(org))
    assert r.status_code == 302
    assert r.url.startswith(reverse("login"))


# --- workspace and switcher -----------------------------------------------------------------


def test_it_lists_all_clients_campaigns_for_a_consultant(client, dave, org, other_org, instrument):
    campaign_create(organisation=org, instrument=instrument, name="Acme round")
    campaign_create(organisation=other_org, instrument=instrument, name="Globex round")
    client.force_login(dave)
    r = client.get(reverse("manage:workspace"))
    assert r.status_code == 200
    names = [c.name for c, _ in r.context["rows"]]
    assert names == ["Acme round", "Globex round"]


def test_it_shows_two_organisations_in_the_switcher(client, dave, org, other_org):
    client.force_login(dave)
    r = client.get(_list_url(org))
    html = r.content.decode()
    assert "Switch organisation: </span>Acme Shipping" in html
    assert f'href="{_list_url(org)}" aria-current="true"' in html
    assert _list_url(other_org) in html


def test_it_shows_no_switcher_for_one_organisation(client, alice, org):
    client.force_login(alice)
    r = client.get(_list_url(org))
    assert b"Switch organisation" not in r.content


def test_it_shows_a_friendly_page_without_organisation(client, django_user_model):
    user = django_user_model.objects.create_user(username="eve", password="password")
    client.force_login(user)
    r = client.get(reverse("manage:workspace"))
    assert r.status_code == 200
    assert b"not linked to an organisation" in r.content


def test_it_shows_only_own_campaigns_in_the_workspace(client, charlie, campaign):
    client.force_login(charlie)
    r = client.get(reverse("manage:workspace"))
    assert r.context["rows"] == []


# --- create -----------------------------------------------------------------------------------


def test_it_creates_a_campaign(client, alice, org, instrument):
    client.force_login(alice)
    r = client.post(_create_url(org), _form_data(instrument))
    campaign = Campaign.objects.get(organisation=org)
    assert r.status_code == 302
    assert r.url == reverse("manage:invitation_list", args=[campaign.pk])
    assert campaign.name == "Spring 2026"
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.departments == ["Sales", "Finance", "Operations"]
    assert campaign.created_by == alice
    assert campaign.show_summary is True


def test_it_defaults_to_the_newest_instrument_and_threshold_3(client, alice, org, instrument):
    client.force_login(alice)
    r = client.get(_create_url(org))
    form = r.context["form"]
    assert form.initial["instrument"] == instrument
    assert form.fields["anonymity_threshold"].initial == 3


def test_it_rejects_bad_campaign_input(client, alice, org, instrument):
    client.force_login(alice)
    now = timezone.now()
    data = _form_data(
        instrument,
        anonymity_threshold="0",
        opens_at=(now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        closes_at=now.strftime("%Y-%m-%dT%H:%M"),
        departments="=cmd()",
    )
    r = client.post(_create_url(org), data)
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert set(errors) == {"anonymity_threshold", "closes_at", "departments"}
    assert not Campaign.objects.exists()


def test_it_checks_access_to_create(client, bob, charlie, org, instrument):
    client.force_login(charlie)
    assert client.get(_create_url(org)).status_code == 404
    assert client.post(_create_url(org), _form_data(instrument)).status_code == 404
    client.force_login(bob)
    assert client.get(_create_url(org)).status_code == 403
    assert client.post(_create_url(org), _form_data(instrument)).status_code == 403
    assert not Campaign.objects.exists()


# --- edit -----------------------------------------------------------------------------------


def test_it_edits_a_campaign(client, alice, campaign, instrument):
    client.force_login(alice)
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    assert client.get(url).context["form"].initial["departments"] == "Sales\nFinance"
    r = client.post(url, _form_data(instrument, name="Renamed", departments="Sales", anonymity_threshold="5"))
    assert r.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.departments, campaign.anonymity_threshold) == ("Renamed", ["Sales"], 5)


def test_it_keeps_the_form_fixed_once_answered(client, alice, campaign, instrument):
    response_create_submitted(campaign=campaign, side="it", answers={})
    client.force_login(alice)
    r = client.post(reverse("manage:campaign_edit", args=[campaign.pk]), _form_data(instrument, practice_form="full"))
    assert r.status_code == 200
    assert "cannot change" in str(r.context["form"].non_field_errors())
    campaign.refresh_from_db()
    assert campaign.practice_form == "short"


def test_it_checks_access_to_edit(client, bob, charlie, campaign, instrument):
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 403
    assert client.post(url, _form_data(instrument)).status_code == 403


# --- open / close / duplicate ---------------------------------------------------------------


@pytest.fixture
def draft(org, instrument):
    return campaign_create(organisation=org, instrument=instrument, name="Draft", departments=["Sales"])


def test_it_opens_and_closes_a_campaign(client, alice, draft):
    client.force_login(alice)
    r = client.post(reverse("manage:campaign_open", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.OPEN
    assert "is open" in r.content.decode()
    client.post(reverse("manage:campaign_close", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.CLOSED


def test_it_refuses_to_open_after_the_close_date(client, alice, draft):
    Campaign.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - timedelta(days=1))
    client.force_login(alice)
    r = client.post(reverse("manage:campaign_open", args=[draft.pk]), follow=True)
    assert "close date has passed" in r.content.decode()
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.DRAFT


def test_it_duplicates_a_campaign_as_a_new_round(client, alice, campaign, invitation):
    Campaign.objects.filter(pk=campaign.pk).update(anonymity_threshold=4, show_summary=False, practice_form="full")
    client.force_login(alice)
    r = client.post(reverse("manage:campaign_duplicate", args=[campaign.pk]))
    new = Campaign.objects.exclude(pk=campaign.pk).get()
    assert r.status_code == 302
    assert r.url == reverse("manage:campaign_edit", args=[new.pk])
    assert new.name == "Round 1 (round 2)"
    assert new.status == Campaign.Status.DRAFT
    assert (new.instrument_id, new.departments) == (campaign.instrument_id, ["Sales", "Finance"])
    assert (new.anonymity_threshold, new.show_summary, new.practice_form) == (4, False, "full")
    assert (new.opens_at, new.closes_at) == (None, None)
    assert not new.invitations.exists()
    assert not new.responses.exists()
    # A round of a round counts on from the highest one.
    client.post(reverse("manage:campaign_duplicate", args=[new.pk]))
    assert Campaign.objects.filter(name="Round 1 (round 3)").exists()


@pytest.mark.parametrize("name", ["campaign_open", "campaign_close", "campaign_duplicate"])
def test_it_rejects_get(client, alice, campaign, name):
    client.force_login(alice)
    assert client.get(reverse(f"manage:{name}", args=[campaign.pk])).status_code == 405


@pytest.mark.parametrize("name", ["campaign_open", "campaign_close", "campaign_duplicate"])
def test_it_checks_access_to_actions(client, bob, charlie, campaign, name):
    url = reverse(f"manage:{name}", args=[campaign.pk])
    client.force_login(charlie)
    assert client.post(url).status_code == 404
    client.force_login(bob)
    assert client.post(url).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    assert Campaign.objects.count() == 1


def test_it_sends_anonymous_users_from_the_workspace_to_login(client):
    r = client.get(reverse("manage:workspace"))
    assert r.status_code == 302
    assert r.url.startswith(reverse("login"))


def test_it_plans_the_next_measurement_only_after_the_campaign_closes(client, alice, org, instrument):
    client.force_login(alice)
    closes = timezone.now() + timedelta(days=30)
    too_early = _form_data(
        instrument,
        closes_at=closes.strftime("%Y-%m-%dT%H:%M"),
        next_measurement_on=(closes - timedelta(days=3)).strftime("%Y-%m-%d"),
    )
    r = client.post(_create_url(org), too_early)
    assert r.status_code == 200
    assert r.context["form"].errors["next_measurement_on"] == [
        "The next measurement must come after this campaign closes."
    ]
    assert not Campaign.objects.exists()
    later = closes + timedelta(days=365)
    r = client.post(_create_url(org), {**too_early, "next_measurement_on": later.strftime("%Y-%m-%d")})
    assert r.status_code == 302
    assert Campaign.objects.get().next_measurement_on == later.date()


def test_it_keeps_you_said_we_did_as_written_and_refuses_a_long_one(client, alice, org, instrument):
    client.force_login(alice)
    r = client.post(_create_url(org), _form_data(instrument, you_said_we_did="x" * 1501))
    assert r.status_code == 200 and "at most 1500 fit on the welcome page" in r.content.decode()
    r = client.post(_create_url(org), _form_data(instrument, you_said_we_did="  Line one\r\n\r\nLine two  "))
    assert r.status_code == 302
    assert Campaign.objects.get().you_said_we_did == "Line one\n\nLine two"
