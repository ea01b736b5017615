"""Invitations that name business units (issue #20): the pasted list's units, a file's `partner`
column (IT: several, separated by ";"; business: one or none), every refusal with its row, the
check again at confirmation, the services' own rules, and the list showing each row's units."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Invitation
from assessments.services.invitations import invitation_create, invitations_create_bulk
from assessments.services.partners import campaign_partners_set, unit_create
from tests.partners import units

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _url(name: str, campaign) -> str:
    return reverse(f"manage:{name}", args=[campaign.pk])


def _upload(client, campaign, text: str):
    upload = io.BytesIO(text.encode())
    upload.name = "people.csv"
    return client.post(_url("invitation_add", campaign), {"source": "upload", "upload-file": upload})


def _paste(client, campaign, emails: str, side: str, partners: list[str]):
    data = {"source": "paste", "paste-emails": emails, "paste-side": side, "paste-partners": partners}
    return client.post(_url("invitation_add", campaign), data)


def _errors(response) -> dict[int, str]:
    return {row.number: row.error for row in response.context["rows"] if row.error}


@pytest.fixture
def covered(campaign):
    """Finance, Sales, Legal and Ops, covered by `campaign`; and HR, a unit it does not cover."""
    found = units(campaign, "Finance", "Sales", "Legal", "Ops")
    found["HR"] = unit_create(organisation=campaign.organisation, name="HR")
    return found


# --- a file ------------------------------------------------------------------------------------


def test_a_file_names_each_respondents_units(client, alice, campaign, covered):
    client.force_login(alice)
    text = (
        "email,side,partner\n"
        "pat@example.com,business,finance\n"
        "sam@example.com,it,Sales; Finance\n"
        "kim@example.com,business,\n"
    )
    response = _upload(client, campaign, text)
    assert response.status_code == 200 and not _errors(response)
    assert "Sales; Finance" in _text(response)  # the preview shows them
    client.post(_url("invitation_confirm", campaign))
    got = {i.email: i.partners for i in Invitation.objects.filter(campaign=campaign)}
    assert got == {
        "pat@example.com": [covered["Finance"].pk],
        "sam@example.com": [
            covered["Sales"].pk,
            covered["Finance"].pk,
        ],  # as written (the primary is drawn when the response starts)
        "kim@example.com": [],  # chooses on the welcome page
    }
    listed = _text(client.get(_url("invitation_list", campaign)))
    assert "IT · Sales, Finance" in listed
    assert "Business · Finance" in listed
    assert "units chosen by the respondent" in listed


def test_a_file_row_with_a_wrong_unit_is_refused_with_its_row(client, alice, campaign, covered):
    client.force_login(alice)
    text = (
        "email,side,partner\n"
        "ok@example.com,it,Legal\n"
        "a@example.com,business,Marketing\n"
        "b@example.com,business,HR\n"
        "c@example.com,business,Finance;Sales\n"
        "d@example.com,it,Finance;Sales;Legal;Ops\n"
        "e@example.com,it,Finance;finance\n"
    )
    response = _upload(client, campaign, text)
    errors = _errors(response)
    assert set(errors) == {3, 4, 5, 6, 7}  # numbered as the spreadsheet shows them
    assert errors[3].startswith('"Marketing" is not a business unit of the organisation (this campaign covers ')
    assert errors[4].startswith('"HR" is not a business unit this campaign covers (')
    assert errors[5] == "A business respondent rates one business unit, their own."
    assert errors[6] == "An IT respondent rates at most 3 business units."
    assert errors[7] == '"finance" is named twice.'
    page = _text(response)
    assert "1 can be added" in page and "5 cannot" in page
    client.post(_url("invitation_confirm", campaign))
    assert list(Invitation.objects.filter(campaign=campaign).values_list("email", "partners")) == [
        ("ok@example.com", [covered["Legal"].pk])
    ]


def test_a_campaign_without_units_refuses_a_unit(client, alice, campaign, org):
    unit_create(organisation=org, name="Finance")  # the organisation's, not the campaign's
    client.force_login(alice)
    response = _upload(client, campaign, "email,side,partner\npat@example.com,business,Finance\nsam@example.com,it,\n")
    assert _errors(response) == {2: "This campaign covers no business units: leave the cell empty."}


def test_the_units_are_checked_again_at_confirmation(client, alice, campaign, covered):
    client.force_login(alice)
    _upload(client, campaign, "email,side,partner\npat@example.com,business,Legal\nsam@example.com,it,Sales\n")
    # Between the preview and the confirmation, the campaign stops covering Legal.
    campaign_partners_set(campaign=campaign, partner_ids=[covered["Finance"].pk, covered["Sales"].pk])
    client.post(_url("invitation_confirm", campaign))
    assert list(Invitation.objects.filter(campaign=campaign).values_list("email", flat=True)) == ["sam@example.com"]


# --- the pasted list ---------------------------------------------------------------------------


def test_the_pasted_list_offers_the_campaigns_units(client, alice, campaign, covered):
    client.force_login(alice)
    form = client.get(_url("invitation_list", campaign)).context["paste_form"]
    assert [label for _value, label in form.fields["partners"].choices] == ["Finance", "Legal", "Ops", "Sales"]
    response = _paste(client, campaign, "sam@example.com, kim@example.com", "it", ["Sales", "Ops"])
    assert not _errors(response)
    client.post(_url("invitation_confirm", campaign))
    chosen = [covered["Sales"].pk, covered["Ops"].pk]
    assert list(Invitation.objects.filter(campaign=campaign).values_list("partners", flat=True)) == [chosen, chosen]


def test_a_pasted_business_list_with_two_units_is_refused(client, alice, campaign, covered):
    client.force_login(alice)
    response = _paste(client, campaign, "pat@example.com", "business", ["Sales", "Finance"])
    assert _errors(response) == {1: "A business respondent rates one business unit, their own."}


def test_without_units_the_pasted_list_has_no_field(client, alice, campaign):
    client.force_login(alice)
    form = client.get(_url("invitation_list", campaign)).context["paste_form"]
    assert "partners" not in form.fields


# --- the services --------------------------------------------------------------------------------


def test_the_services_take_only_units_the_campaign_covers(campaign, covered):
    with pytest.raises(ValidationError, match="Choose business units this campaign covers"):
        invitation_create(campaign=campaign, side="business", partners=[covered["HR"].pk])
    with pytest.raises(ValidationError, match="at most 3 business units"):
        invitation_create(campaign=campaign, side="it", partners=[u.pk for u in covered.values()][:4])
    rows = [
        {"email": "a@example.com", "side": "it", "partners": [covered["Finance"].pk]},
        {"email": "b@example.com", "side": "business", "partners": [covered["Finance"].pk, covered["Sales"].pk]},
    ]
    with pytest.raises(ValidationError, match="one business unit, their own"):
        invitations_create_bulk(campaign=campaign, rows=rows)
    assert not Invitation.objects.filter(campaign=campaign).exists()  # nothing saved
    made = invitation_create(campaign=campaign, side="it", partners=[covered["Legal"].pk, covered["Finance"].pk])
    assert made.partners == [covered["Legal"].pk, covered["Finance"].pk]
