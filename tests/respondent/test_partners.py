"""The respondent journey in a campaign that covers business units (issue #20): the choice of
units on the welcome page, the unit-dependent pages once per unit an IT respondent serves, their
answers, the review, the submit and the comments' units."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Comment, Invitation, Response
from assessments.partners import MAX_SERVED, BusinessUnit, PartnerAnswer, ResponsePartner, partners_key
from assessments.selectors.instruments import campaign_pages
from assessments.selectors.response_partners import Unit, response_pages
from assessments.services.invitations import invitation_create
from assessments.services.open_links import open_link_set_active
from assessments.services.partners_respondent import partners_validate, response_partners_set
from assessments.services.responses import response_answers_save, response_submit
from assessments.slices import per_partner_kinds
from brmportal.lib.exceptions import ApplicationError
from respondent.forms import field_name, open_field_name
from tests.helpers import page_data, page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(org, other_org, campaign) -> dict[str, BusinessUnit]:
    """Four units the campaign covers, one of the organisation it does not (Legal), and one of
    another organisation."""
    made = {
        name: BusinessUnit.objects.create(organisation=org, name=name) for name in ("Finance", "Sales", "Ops", "HR")
    }
    for unit in made.values():
        unit.campaigns.add(campaign)
    made["Legal"] = BusinessUnit.objects.create(organisation=org, name="Legal")
    made["Globex"] = BusinessUnit.objects.create(organisation=other_org, name="Globex Finance")
    return made


@pytest.fixture(autouse=True)
def _first_unit_as_ticked(monkeypatch):
    """The first of several chosen units is drawn at random; here it is the first ticked, so the
    tests can name the pages in order (test_the_first_unit_is_drawn_at_random checks the draw)."""
    monkeypatch.setattr("assessments.services.partners_respondent.secrets.randbelow", lambda n: 0)


def test_the_first_unit_is_drawn_at_random(client, it_invitation, units, monkeypatch):
    # The boxes come in alphabetical order: were the first ticked always the first unit, the
    # organisation-wide figures would hear about Finance from everyone who serves Finance and more.
    drawn = []
    monkeypatch.setattr(
        "assessments.services.partners_respondent.secrets.randbelow", lambda n: drawn.append(n) or n - 1
    )
    choose(client, it_invitation, units["Finance"], units["HR"], units["Sales"])
    assert drawn == [3]
    assert [unit.name for unit in stored(it_invitation)] == ["Sales", "Finance", "HR"]


def url(name: str, invitation: Invitation, *args) -> str:
    return reverse(f"respondent:{name}", args=[invitation.token, *args])


def choose(client: Client, invitation: Invitation, *chosen: BusinessUnit):
    return client.post(url("units", invitation), {"partners": [str(unit.pk) for unit in chosen]})


def stored(invitation: Invitation) -> list[BusinessUnit]:
    """The units the response rates, its first (primary) one first: for a choice of several, drawn
    at random (assessments.services.partners_respondent.response_partners_set)."""
    links = ResponsePartner.objects.filter(response__invitation=invitation).select_related("partner")
    return [link.partner for link in links.order_by("order")]


def pages_for(invitation: Invitation, *chosen: BusinessUnit) -> list:
    return response_pages(
        campaign=invitation.campaign, side=invitation.side, units=[Unit(u.pk, u.name) for u in chosen]
    )


def answer(client: Client, invitation: Invitation, pages: list, value: str = "3") -> None:
    for page in pages:
        r = client.post(page_url(invitation, page.number), page_data(page, value))
        assert r.status_code == 302, r.content.decode()[:500]


def test_it_lets_a_business_respondent_choose_one_unit(client, invitation, units):
    body = client.get(url("welcome", invitation)).content.decode()
    assert "Which business unit do you belong to?" in body
    assert body.count('type="radio" name="partners"') == 4  # the campaign's units, not Legal nor Globex's
    assert f'<label class="form-check-label" for="unit-{units["Sales"].pk}">Sales</label>' in body
    assert "Legal" not in body and "Globex" not in body

    r = choose(client, invitation, units["Finance"])
    assert r.status_code == 302 and r.url == page_url(invitation, 1)
    response = Response.objects.get(invitation=invitation)
    assert list(ResponsePartner.objects.filter(response=response).values_list("partner__name", "primary")) == [
        ("Finance", True)
    ]
    # One unit: as many pages as ever, the unit-dependent ones titled with it.
    pages = campaign_pages(campaign=invitation.campaign, side="business")
    body = client.get(page_url(invitation, 1)).content.decode()
    assert f"Page 1 of {len(pages)}" in body
    assert f"{pages[0].section.title['en']} — Finance" in body


def test_it_refuses_two_units_for_a_business_respondent(client, invitation, units):
    r = choose(client, invitation, units["Finance"], units["Sales"])
    assert r.status_code == 200
    assert "Choose one business unit: the one you belong to." in r.content.decode()
    assert not ResponsePartner.objects.exists()


def test_it_gives_an_it_respondent_the_unit_pages_once_per_unit(client, it_invitation, units):
    invitation = it_invitation
    body = client.get(url("welcome", invitation)).content.decode()
    assert "Which business units do you serve?" in body
    assert body.count('type="checkbox" name="partners"') == 4
    assert "The questions about the relationship and trust come once per unit" in body

    assert choose(client, invitation, units["Finance"], units["Sales"]).status_code == 302
    base = campaign_pages(campaign=invitation.campaign, side="it")
    repeated = [p for p in base if p.kind in per_partner_kinds()]
    pages = pages_for(invitation, units["Finance"], units["Sales"])
    assert len(pages) == len(base) + len(repeated)
    sales = [p for p in pages if p.further]
    assert {p.partner_name for p in sales} == {"Sales"} and len(sales) == len(repeated)
    # Right after the first unit's run of the same instrument: the relationship's sections for
    # Finance, then the same for Sales.
    run = sum(1 for p in base if p.kind == "relationship")
    assert [p.partner_name for p in pages[: 2 * run]] == ["Finance"] * run + ["Sales"] * run
    body = client.get(page_url(invitation, sales[0].number)).content.decode()
    assert f"Page {sales[0].number} of {len(pages)}" in body
    assert f"{sales[0].section.title['en']} — Sales" in body
    assert "Answer about the relationship between IT and Sales." in body

    # Each page saved as it is left; a further unit's answers are PartnerAnswer rows.
    for page in pages:
        value = "5" if page.further else "2"
        r = client.post(page_url(invitation, page.number), page_data(page, value))
        assert r.status_code == 302, r.content.decode()[:500]
    response = Response.objects.get(invitation=invitation)
    assert response.answers.count() == sum(len(p.fields) for p in base)
    assert set(response.answers.values_list("value", flat=True)) == {2}
    saved = PartnerAnswer.objects.filter(response=response)
    assert saved.count() == sum(len(p.fields) for p in repeated)
    assert set(saved.values_list("partner__name", "value", "organisation_id", "campaign_id")) == {
        ("Sales", 5, invitation.organisation_id, invitation.campaign_id)
    }
    # The page shows what was saved about its own unit.
    body = client.get(page_url(invitation, sales[0].number)).content.decode()
    code, aspect = sales[0].fields[0]
    assert f'name="{field_name(code, aspect)}" value="5"' in body and "checked" in body
    assert f'name="{field_name(code, aspect)}" value="2" checked' not in body

    # The review lists the pages by unit; the comments keep the units' key until publication.
    review = client.get(url("review", invitation)).content.decode()
    assert f"{sales[0].section.title['en']} — Sales" in review and "Everything is answered." in review
    question = "OPEN-IT-1"
    client.post(url("words", invitation), {open_field_name(question): "More time with Sales.", "action": "next"})
    assert client.post(url("submit", invitation)).status_code == 302
    response.refresh_from_db()
    assert response.submitted_at is not None
    comment = Comment.objects.get(campaign=invitation.campaign)
    # One respondent, under the campaign's threshold: the comment waits for its batch.
    assert not comment.published
    assert comment.pending_partners == partners_key([units["Finance"].pk, units["Sales"].pk])


def test_it_says_the_summary_is_about_the_first_unit(client, it_invitation, units):
    invitation = it_invitation
    # The browser posts the ticked boxes in the list's order (by name): the first is the primary.
    choose(client, invitation, units["HR"], units["Ops"])
    first, further = stored(invitation)
    assert {first.name, further.name} == {"HR", "Ops"}
    answer(client, invitation, pages_for(invitation, first, further))
    assert client.post(url("submit", invitation)).status_code == 302
    body = client.get(url("thanks", invitation)).content.decode()
    assert f"About {first.name}, the first unit you answered for" in body


def test_it_shows_the_units_an_invitation_sets_and_no_choice(client, campaign, units):
    business = invitation_create(campaign=campaign, side="business")
    Invitation.objects.filter(pk=business.pk).update(partners=[units["Sales"].pk])
    body = client.get(url("welcome", business)).content.decode()
    assert 'name="partners"' not in body
    assert "You answer for the relationship of Sales with IT." in body
    # Start opens page 1 (a GET: nothing is created until the first save), titled with the unit.
    assert "— Sales" in client.get(page_url(business, 1)).content.decode()
    assert not Response.objects.exists()
    answer(client, business, campaign_pages(campaign=campaign, side="business")[:1])
    response = Response.objects.get(invitation=business)
    assert list(ResponsePartner.objects.filter(response=response).values_list("partner_id", "primary")) == [
        (units["Sales"].pk, True)
    ]
    # The service refuses a choice the link does not leave open.
    with pytest.raises(ApplicationError, match="already says which business unit"):
        response_partners_set(response=response, partner_ids=[units["Finance"].pk])

    it = invitation_create(campaign=campaign, side="it")
    Invitation.objects.filter(pk=it.pk).update(partners=[units["Sales"].pk, units["Finance"].pk])
    body = Client().get(url("welcome", it)).content.decode()
    assert "You answer for each business unit you serve: Sales, Finance." in body
    assert 'name="partners"' not in body


@pytest.mark.parametrize("name", ["Legal", "Globex"])
def test_it_refuses_a_unit_the_campaign_does_not_cover(client, it_invitation, units, name):
    r = choose(client, it_invitation, units["Finance"], units[name])
    assert r.status_code == 200
    body = r.content.decode()
    assert "Choose from the business units this assessment covers." in body
    assert 'role="alert"' in body and 'aria-invalid="true"' in body
    assert not ResponsePartner.objects.exists()
    # Nothing to answer before a valid choice.
    assert client.get(page_url(it_invitation, 1)).url == url("welcome", it_invitation)


def test_it_refuses_a_forged_or_empty_choice(client, it_invitation, units):
    r = client.post(url("units", it_invitation), {"partners": ["x1"]})
    assert r.status_code == 200 and "Choose from the list." in r.content.decode()
    r = client.post(url("units", it_invitation), {})
    assert r.status_code == 200 and "Choose at least one business unit you serve." in r.content.decode()


def test_it_refuses_more_than_max_served_units(client, it_invitation, units):
    four = [units[n] for n in ("Finance", "Sales", "Ops", "HR")]
    assert len(four) > MAX_SERVED
    r = choose(client, it_invitation, *four)
    assert r.status_code == 200
    assert f"Choose at most {MAX_SERVED} business units." in r.content.decode()
    assert not ResponsePartner.objects.exists()
    with pytest.raises(ApplicationError, match="at most"):
        partners_validate(campaign=it_invitation.campaign, side="it", partner_ids=[u.pk for u in four])


def test_it_fixes_the_units_once_an_answer_is_saved(client, it_invitation, units):
    invitation = it_invitation
    choose(client, invitation, units["Finance"])
    # Changed before the first answer: allowed.
    assert choose(client, invitation, units["Sales"], units["Ops"]).status_code == 302
    answer(client, invitation, pages_for(invitation, units["Sales"], units["Ops"])[:1])
    body = client.get(url("welcome", invitation)).content.decode()
    assert 'name="partners"' not in body and "Continue where you left off" in body
    assert "You answer for each business unit you serve: Sales, Ops." in body
    r = choose(client, invitation, units["Finance"])
    assert r.status_code == 200 and "fixed once you have saved an answer" in r.content.decode()
    assert list(ResponsePartner.objects.values_list("partner__name", flat=True)) == ["Sales", "Ops"]


def test_it_refuses_the_submit_while_a_further_units_answer_is_missing(client, it_invitation, units):
    invitation = it_invitation
    choose(client, invitation, units["Finance"], units["Sales"])
    first, further = stored(invitation)
    pages = pages_for(invitation, first, further)
    gap_page = next(p for p in pages if p.further)
    gap = gap_page.fields[0]
    answer(client, invitation, [p for p in pages if p is not gap_page])
    data = page_data(gap_page)
    del data[field_name(*gap)]
    client.post(page_url(invitation, gap_page.number), data)

    review = client.get(url("review", invitation)).content.decode()
    assert "1 answer still missing" in review
    assert page_url(invitation, gap_page.number) + "?check=1" in review
    response = Response.objects.get(invitation=invitation)
    with pytest.raises(ApplicationError) as raised:
        response_submit(response=response)
    code, aspect = gap
    name = further.name
    assert raised.value.extra["missing"] == [f"{code}.{aspect} ({name})" if aspect != "value" else f"{code} ({name})"]
    r = client.post(url("submit", invitation))
    assert r.url == url("review", invitation)
    assert Response.objects.get(pk=response.pk).submitted_at is None

    # Answered on its page: the submit goes through.
    response_answers_save(
        response=response,
        items={i.code: i for i in gap_page.items},
        answers={gap: "dk"},
        partner_id=further.pk,
    )
    assert response_submit(response=response) is True


def test_it_refuses_answers_about_a_unit_the_response_does_not_rate(client, it_invitation, units):
    choose(client, it_invitation, units["Finance"], units["Sales"])
    first, further = stored(it_invitation)
    response = Response.objects.get(invitation=it_invitation)
    page = pages_for(it_invitation, first, further)[0]
    for partner in (first, units["Ops"]):  # its first unit's are Answer rows; Ops it does not rate
        with pytest.raises(ApplicationError, match="not one you answer for"):
            response_answers_save(
                response=response,
                items={i.code: i for i in page.items},
                answers=dict.fromkeys(page.fields, "3"),
                partner_id=partner.pk,
            )
    assert not PartnerAnswer.objects.exists()


def test_it_refuses_the_submit_before_a_unit_is_chosen(client, invitation, units):
    # A response begun before the campaign covered units (here: a language choice only).
    client.post(url("language", invitation), {"language": "en"})
    response = Response.objects.get(invitation=invitation)
    with pytest.raises(ApplicationError, match="Choose the business unit"):
        response_submit(response=response)
    assert client.get(url("review", invitation)).url == url("welcome", invitation)
    assert client.get(url("words", invitation)).url == url("welcome", invitation)


def test_it_starts_again_without_the_units_and_their_answers(campaign, units):
    invitation = invitation_create(campaign=campaign, side="it")  # no address: can start again
    a, b = Client(), Client()
    choose(a, invitation, units["Finance"], units["Sales"])
    answer(a, invitation, pages_for(invitation, units["Finance"], units["Sales"])[:6])
    assert PartnerAnswer.objects.exists()
    assert b.post(url("restart", invitation)).status_code == 302
    assert not PartnerAnswer.objects.exists() and not ResponsePartner.objects.exists()
    body = b.get(url("welcome", invitation)).content.decode()
    assert body.count('type="checkbox" name="partners"') == 4 and "checked" not in body


def test_it_keeps_the_units_an_invitation_sets_when_starting_again(campaign, units):
    invitation = invitation_create(campaign=campaign, side="it")
    Invitation.objects.filter(pk=invitation.pk).update(partners=[units["Sales"].pk, units["Ops"].pk])
    a, b = Client(), Client()
    answer(a, invitation, pages_for(invitation, units["Sales"], units["Ops"])[:6])
    assert PartnerAnswer.objects.exists()
    assert b.post(url("restart", invitation)).status_code == 302
    assert not PartnerAnswer.objects.exists() and not Answer.objects.exists()
    assert list(ResponsePartner.objects.values_list("partner__name", "primary")) == [("Sales", True), ("Ops", False)]


def test_it_lets_an_open_link_visitor_choose(client, campaign, units):
    link = open_link_set_active(campaign=campaign, side="it", active=True)
    r = client.post(reverse("respondent:open_link", args=[link.token]))
    invitation = Invitation.objects.get(open_link=link)
    assert r.url == url("welcome", invitation)
    body = client.get(r.url).content.decode()
    assert body.count('type="checkbox" name="partners"') == 4
    assert choose(client, invitation, units["HR"]).status_code == 302
    assert Response.objects.get(invitation=invitation).source == Response.Source.OPEN
    assert list(ResponsePartner.objects.values_list("partner__name", flat=True)) == ["HR"]


def test_it_leaves_a_campaign_without_units_unchanged(client, it_invitation):
    body = client.get(url("welcome", it_invitation)).content.decode()
    assert 'name="partners"' not in body and "business unit" not in body
    pages = campaign_pages(campaign=it_invitation.campaign, side="it")
    assert response_pages(campaign=it_invitation.campaign, side="it", units=[]) == pages
    answer(client, it_invitation, pages)
    assert "—" not in client.get(page_url(it_invitation, 1)).content.decode().split("<h1", 1)[1].split("</h1>")[0]
    assert client.post(url("submit", it_invitation)).status_code == 302
    assert Response.objects.get(campaign=it_invitation.campaign).submitted_at is not None
    assert not ResponsePartner.objects.exists() and not PartnerAnswer.objects.exists()
    # Choosing units is not offered, whatever is posted.
    other = invitation_create(campaign=it_invitation.campaign, side="it")
    assert Client().post(url("units", other), {"partners": ["1"]})["Location"] == url("welcome", other)


def test_it_keys_the_units_in_any_order():
    assert partners_key([12, 7]) == partners_key([7, 12])
    assert partners_key([]) == ""


def test_it_stores_units_an_invitation_was_given_after_its_response_began(client, campaign, units):
    invitation = invitation_create(campaign=campaign, side="business")
    client.post(url("language", invitation), {"language": "en"})  # the response exists, with no units
    # Set by the BRM meanwhile; more than a business respondent rates: the first counts.
    Invitation.objects.filter(pk=invitation.pk).update(partners=[units["Ops"].pk, units["HR"].pk])
    body = client.get(url("welcome", invitation)).content.decode()
    assert "You answer for the relationship of Ops with IT." in body and 'name="partners"' not in body
    answer(client, invitation, campaign_pages(campaign=campaign, side="business")[:1])
    assert list(ResponsePartner.objects.values_list("partner__name", "primary")) == [("Ops", True)]
