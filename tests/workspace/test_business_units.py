"""The organisation's business units (issue #20): the workspace page (add, rename, archive,
restore; who may), the campaign settings' "Business units covered", the audit log and the
admin. The API's `partners` of a campaign: tests/api/test_api_campaign_partners.py."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import BusinessUnit, Campaign
from assessments.services.campaigns import campaign_duplicate, campaign_update
from assessments.services.invitations import invitation_create
from assessments.services.partners import campaign_partners_set, unit_create, unit_update
from tests.helpers import open_campaign
from tests.partners import rate, units

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _list(org) -> str:
    return reverse("manage:business_unit_list", args=[org.slug])


def _create(org) -> str:
    return reverse("manage:business_unit_create", args=[org.slug])


def _rename(org, unit) -> str:
    return reverse("manage:business_unit_rename", args=[org.slug, unit.pk])


def _archive(org, unit) -> str:
    return reverse("manage:business_unit_archive", args=[org.slug, unit.pk])


@pytest.fixture
def finance(org) -> BusinessUnit:
    return unit_create(organisation=org, name="Finance")


# --- access ------------------------------------------------------------------------------------


def test_it_checks_access(client, org, bob, charlie, finance):
    posts = [
        (_create(org), {"name": "Sales"}),
        (_rename(org, finance), {f"unit-{finance.pk}-name": "Money"}),
        (_archive(org, finance), {"active": "0"}),
    ]
    client.force_login(charlie)
    assert client.get(_list(org)).status_code == 404
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    client.force_login(bob)  # a viewer
    assert client.get(_list(org)).status_code == 403
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    finance.refresh_from_db()
    assert (finance.name, finance.active) == ("Finance", True)
    assert list(BusinessUnit.objects.values_list("name", flat=True)) == ["Finance"]


def test_it_rejects_get(client, org, alice, finance):
    client.force_login(alice)
    for url in (_create(org), _rename(org, finance), _archive(org, finance)):
        assert client.get(url).status_code == 405


def test_a_unit_of_another_organisation_is_not_found(client, org, other_org, alice):
    theirs = unit_create(organisation=other_org, name="Their finance")
    client.force_login(alice)
    assert client.post(_rename(org, theirs), {f"unit-{theirs.pk}-name": "Mine"}).status_code == 404
    assert client.post(_archive(org, theirs), {"active": "0"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.active) == ("Their finance", True)


# --- the page ------------------------------------------------------------------------------------


def test_a_brm_adds_renames_archives_and_restores_a_unit(client, org, brm):
    client.force_login(brm)
    assert "No business units yet" in _text(client.get(_list(org)))
    response = client.post(_create(org), {"name": "  Finance  "}, follow=True)
    unit = BusinessUnit.objects.get(organisation=org)
    assert unit.name == "Finance" and unit.active
    assert "Finance is added" in _text(response)

    response = client.post(_rename(org, unit), {f"unit-{unit.pk}-name": "Finance and Control"}, follow=True)
    unit.refresh_from_db()
    assert unit.name == "Finance and Control"
    assert "Finance is now called Finance and Control." in _text(response)

    response = client.post(_archive(org, unit), {"active": "0"}, follow=True)
    unit.refresh_from_db()
    assert not unit.active
    assert "is archived" in _text(response) and "archived" in _text(response)
    client.post(_archive(org, unit), {"active": "1"})
    unit.refresh_from_db()
    assert unit.active


def test_the_campaign_list_links_to_the_page_for_who_may_edit(client, org, alice, bob):
    client.force_login(alice)
    assert _list(org) in client.get(reverse("manage:campaign_list", args=[org.slug])).content.decode()
    assert _list(org) in client.get(reverse("manage:organisation_settings", args=[org.slug])).content.decode()
    client.force_login(bob)
    assert _list(org) not in client.get(reverse("manage:campaign_list", args=[org.slug])).content.decode()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("finance", "already has a business unit called"),
        (" FINANCE ", "already has a business unit called"),
        ("=SUM(A1)", "must not start with =, +, - or @"),
        ("Sales; Marketing", "must not contain"),
        ("<b>Sales</b>", "contains characters not allowed"),
        ("   ", "This field is required."),
    ],
)
def test_it_refuses_a_name_and_says_why(client, org, alice, finance, name, message):
    client.force_login(alice)
    response = client.post(_create(org), {"name": name})
    assert response.status_code == 400
    assert message in _text(response)
    assert BusinessUnit.objects.filter(organisation=org).count() == 1


def test_a_name_is_unique_per_organisation_only(org, other_org, finance):
    assert unit_create(organisation=other_org, name="Finance").organisation == other_org
    with pytest.raises(ValidationError, match="already has a business unit"):
        unit_create(organisation=org, name="FINANCE")


def test_a_rename_to_a_taken_name_is_refused_in_its_row(client, org, alice, finance):
    sales = unit_create(organisation=org, name="Sales")
    client.force_login(alice)
    response = client.post(_rename(org, sales), {f"unit-{sales.pk}-name": "finance"})
    assert response.status_code == 400
    assert response.context["renaming"][0] == sales.pk
    assert "already has a business unit called" in _text(response)
    sales.refresh_from_db()
    assert sales.name == "Sales"
    # Renaming a unit to its own name in another case is fine.
    assert unit_update(unit=sales, name="SALES").name == "SALES"


def test_every_change_is_in_the_audit_log(client, org, alice, finance, campaign):
    client.force_login(alice)
    client.post(_rename(org, finance), {f"unit-{finance.pk}-name": "Money"})
    client.post(_archive(org, finance), {"active": "0"})
    entries = LogEntry.objects.filter(additional_data__organisation=org.pk, content_type__model="businessunit")
    assert entries.count() == 3  # added (fixture), renamed, archived
    assert entries.order_by("pk").last().actor == alice
    # Which units a campaign covers: an entry of the campaign, naming the units.
    client.post(reverse("manage:business_unit_archive", args=[org.slug, finance.pk]), {"active": "1"})
    campaign_partners_set(campaign=campaign, partner_ids=[finance.pk])
    page = _text(client.get(reverse("manage:audit_log", args=[org.slug])))
    assert "Added a business unit" in page and "Changed a business unit" in page
    assert "Finance → Money" in page
    assert "business units: + Money" in page


def test_the_admin_shows_units_read_only(client, org, finance, django_user_model):
    staff = django_user_model.objects.create_superuser(username="root", password="password", email="r@example.com")
    client.force_login(staff)
    assert client.get(reverse("admin:assessments_businessunit_changelist")).status_code == 200
    page = client.get(reverse("admin:assessments_businessunit_change", args=[finance.pk]))
    assert page.status_code == 200 and b'name="name"' not in page.content
    assert client.get(reverse("admin:assessments_businessunit_add")).status_code == 403


# --- the campaign's settings ---------------------------------------------------------------------


def _form_data(campaign: Campaign, **changes) -> dict:
    data = {
        "name": campaign.name,
        "instrument": campaign.instrument_id,
        "anonymity_threshold": campaign.anonymity_threshold,
        "practice_form": campaign.practice_form,
        "language": campaign.language,
        "departments": "\n".join(campaign.departments),
    }
    data.update(changes)
    return data


def test_a_new_campaign_covers_the_units_ticked(client, org, alice, instrument, finance):
    sales = unit_create(organisation=org, name="Sales")
    archived = unit_create(organisation=org, name="Old unit")
    unit_update(unit=archived, active=False)
    client.force_login(alice)
    page = client.get(reverse("manage:campaign_create", args=[org.slug]))
    choices = dict(page.context["form"].fields["partners"].choices)
    assert choices == {finance.pk: "Finance", sales.pk: "Sales"}  # the archived unit is not offered
    data = {
        "name": "Round 1",
        "instrument": instrument.pk,
        "anonymity_threshold": 3,
        "practice_form": "short",
        "language": "en",
        "partners": [finance.pk, sales.pk],
    }
    assert client.post(reverse("manage:campaign_create", args=[org.slug]), data).status_code == 302
    campaign = Campaign.objects.get(organisation=org, name="Round 1")
    assert set(campaign.partners.all()) == {finance, sales}


def test_an_organisation_without_units_sees_no_field(client, org, alice, campaign):
    client.force_login(alice)
    page = client.get(reverse("manage:campaign_edit", args=[campaign.pk]))
    assert "partners" not in page.context["form"].fields
    # Saving the settings leaves a campaign without units as it was.
    assert client.post(reverse("manage:campaign_edit", args=[campaign.pk]), _form_data(campaign)).status_code == 302
    assert not campaign.partners.exists()


def test_an_archived_unit_stays_listed_on_the_campaign_that_covers_it(client, org, alice, campaign, finance):
    campaign_partners_set(campaign=campaign, partner_ids=[finance.pk])
    unit_update(unit=finance, active=False)
    client.force_login(alice)
    page = client.get(reverse("manage:campaign_edit", args=[campaign.pk]))
    field = page.context["form"].fields["partners"]
    assert dict(field.choices) == {finance.pk: "Finance (archived)"}
    assert page.context["form"].initial["partners"] == [finance.pk]
    response = client.post(
        reverse("manage:campaign_edit", args=[campaign.pk]), _form_data(campaign, partners=[finance.pk])
    )
    assert response.status_code == 302
    assert list(campaign.partners.all()) == [finance]


def test_an_archived_unit_cannot_be_added(campaign, org, finance):
    unit_update(unit=finance, active=False)
    with pytest.raises(ValidationError, match="Finance is archived"):
        campaign_partners_set(campaign=campaign, partner_ids=[finance.pk])


def test_a_unit_of_another_organisation_cannot_be_covered(campaign, other_org):
    theirs = unit_create(organisation=other_org, name="Finance")
    with pytest.raises(ValidationError, match="Choose business units of this organisation"):
        campaign_partners_set(campaign=campaign, partner_ids=[theirs.pk])


def test_a_unit_that_responses_rate_cannot_be_dropped(client, alice, campaign):
    rated = units(campaign, "Finance", "Sales", "Legal")
    rate(campaign, "business", [rated["Finance"]])
    client.force_login(alice)
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    response = client.post(url, _form_data(campaign, partners=[rated["Sales"].pk]))
    assert response.status_code == 200
    assert "Finance cannot be taken off: responses of this campaign rate it." in _text(response)
    assert set(campaign.partners.values_list("name", flat=True)) == {"Finance", "Sales", "Legal"}
    # A unit nobody rates can go.
    response = client.post(url, _form_data(campaign, partners=[rated["Finance"].pk, rated["Sales"].pk]))
    assert response.status_code == 302
    assert set(campaign.partners.values_list("name", flat=True)) == {"Finance", "Sales"}


def test_a_unit_an_it_respondent_rates_further_cannot_be_dropped(campaign):
    rated = units(campaign, "Finance", "Sales")
    rate(campaign, "it", [rated["Finance"], rated["Sales"]])
    with pytest.raises(ValidationError, match="Finance and Sales cannot be taken off"):
        campaign_partners_set(campaign=campaign, partner_ids=[])


def test_a_unit_an_invitation_names_cannot_be_dropped(campaign):
    rated = units(campaign, "Finance", "Sales")
    invitation_create(campaign=campaign, side="it", email="kim@example.com", partners=[rated["Sales"].pk])
    with pytest.raises(ValidationError, match="Sales cannot be taken off: invitations of this campaign name it"):
        campaign_update(
            campaign=campaign,
            name=campaign.name,
            instrument=campaign.instrument,
            opens_at=campaign.opens_at,
            closes_at=campaign.closes_at,
            anonymity_threshold=campaign.anonymity_threshold,
            departments=campaign.departments,
            practice_form=campaign.practice_form,
            show_summary=True,
            partners=[rated["Finance"].pk],
        )
    assert campaign.partners.count() == 2


def test_a_new_round_covers_the_active_units(org, instrument, finance):
    first = open_campaign(org, instrument, "Assessment", partners=[finance.pk])
    sales = unit_create(organisation=org, name="Sales")
    campaign_partners_set(campaign=first, partner_ids=[finance.pk, sales.pk])
    unit_update(unit=sales, active=False)
    second = campaign_duplicate(campaign=first)
    assert list(second.partners.all()) == [finance]
