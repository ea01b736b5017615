"""The respondents page: list, paste / CSV with preview, invitation e-mails, reminders, open links."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import Campaign, Invitation, OpenLink
from assessments.outbox import OutgoingEmail
from assessments.services.campaigns import campaign_create
from assessments.services.invitations import invitation_create
from tests.outbox import deliver_queued_mail

pytestmark = pytest.mark.django_db

SITE = "https://brm.example.com"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _url(name: str, campaign: Campaign, *args) -> str:
    return reverse(f"manage:{name}", args=[campaign.pk, *args])


def _paste(client, campaign, emails: str, side: str = "business", department: str = "", send: bool = False):
    data = {"source": "paste", "paste-emails": emails, "paste-side": side, "paste-department": department}
    if send:
        data["paste-send_now"] = "on"
    return client.post(_url("invitation_add", campaign), data)


def _upload(client, campaign, text: str, name: str = "people.csv", send: bool = False):
    upload = io.BytesIO(text.encode())
    upload.name = name
    data = {"source": "upload", "upload-file": upload}
    if send:
        data["upload-send_now"] = "on"
    return client.post(_url("invitation_add", campaign), data)


# --- the list ---------------------------------------------------------------------------------


def test_it_lists_invitations_with_state_and_link(client, alice, campaign, invitation, it_invitation):
    Invitation.objects.filter(pk=it_invitation.pk).update(state="submitted")
    never_emailed = invitation_create(campaign=campaign, side="it", email="kim@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now())
    client.force_login(alice)
    r = client.get(_url("invitation_list", campaign))
    html = r.content.decode()
    assert r.status_code == 200
    assert "pat@example.com" in html and "sam@example.com" in html
    # No link in the page: "Copy link" reveals it through an audited POST (test_privacy.py).
    assert invitation.token not in html and it_invitation.token not in html
    assert reverse("manage:invitation_link", args=[campaign.pk, never_emailed.pk]) in html
    assert reverse("manage:invitation_link", args=[campaign.pk, invitation.pk]) not in html  # e-mailed
    assert reverse("manage:invitation_link", args=[campaign.pk, it_invitation.pk]) not in html  # submitted
    assert "js/invitations.js" in html
    assert "Submitted" in html
    # Bulk e-mails are links to pages that ask first: one for each rule.
    assert "Send reminders (1 not submitted)" in html
    assert "Send invitations (1 not e-mailed yet)" in html
    assert reverse("manage:invitation_remind", args=[campaign.pk]) in html
    assert reverse("manage:invitations_invite", args=[campaign.pk]) in html


def test_it_shows_the_empty_state(client, alice, campaign):
    client.force_login(alice)
    r = client.get(_url("invitation_list", campaign))
    assert b"No respondents yet" in r.content
    assert b"Invite respondents" in r.content


def test_it_checks_access_to_the_list(client, bob, charlie, campaign):
    client.force_login(charlie)
    assert client.get(_url("invitation_list", campaign)).status_code == 404
    client.force_login(bob)
    assert client.get(_url("invitation_list", campaign)).status_code == 403


# --- paste ----------------------------------------------------------------------------------


def test_it_previews_a_pasted_list_and_adds_only_the_good_rows(client, alice, campaign, invitation):
    client.force_login(alice)
    pasted = "ann@example.com, not-an-address\nBen@Example.com; ann@example.com\npat@example.com"
    r = _paste(client, campaign, pasted, side="it", department="Finance")
    assert r.status_code == 200
    rows = r.context["rows"]
    assert [(row.email, row.error) for row in rows] == [
        ("ann@example.com", ""),
        ("not-an-address", '"not-an-address" is not a valid e-mail address.'),
        ("ben@example.com", ""),
        ("ann@example.com", "Appears twice in this list (also entry 1)."),
        ("pat@example.com", "Already invited to this campaign."),
    ]
    assert r.context["good_count"] == 2
    assert Invitation.objects.count() == 1  # nothing written before the confirmation

    r = client.post(_url("invitation_confirm", campaign), follow=True)
    added = Invitation.objects.filter(campaign=campaign, side="it").order_by("email")
    assert [(i.email, i.department, i.organisation_id) for i in added] == [
        ("ann@example.com", "Finance", campaign.organisation_id),
        ("ben@example.com", "Finance", campaign.organisation_id),
    ]
    assert "Added 2 respondents." in r.content.decode()
    assert mail.outbox == []


def test_it_confirms_a_preview_only_once(client, alice, campaign):
    client.force_login(alice)
    _paste(client, campaign, "ann@example.com")
    client.post(_url("invitation_confirm", campaign))
    r = client.post(_url("invitation_confirm", campaign), follow=True)
    assert Invitation.objects.count() == 1
    assert "nothing to add" in r.content.decode()


def test_it_skips_addresses_invited_since_the_preview(client, alice, campaign):
    client.force_login(alice)
    _paste(client, campaign, "ann@example.com, ben@example.com")
    invitation_create(campaign=campaign, side="it", email="ben@example.com")
    client.post(_url("invitation_confirm", campaign))
    assert sorted(Invitation.objects.values_list("email", flat=True)) == ["ann@example.com", "ben@example.com"]


def test_it_rejects_an_empty_paste(client, alice, campaign):
    client.force_login(alice)
    r = _paste(client, campaign, " , \n")
    assert r.status_code == 400
    assert "Paste at least one e-mail address." in r.content.decode()


def test_it_rejects_a_department_not_of_the_campaign(client, alice, campaign):
    client.force_login(alice)
    r = _paste(client, campaign, "ann@example.com", department="Marketing")
    assert r.status_code == 400
    assert "paste-department" in r.content.decode()


# --- CSV ------------------------------------------------------------------------------------


def test_it_previews_a_csv_with_a_clear_error_per_row(client, alice, campaign, invitation):
    client.force_login(alice)
    csv_text = (
        "Email,Side,Department,Name\n"
        "ann@example.com,business,sales,Ann\n"
        "bad@,it,,Bad\n"
        "cat@example.com,finance,,Cat\n"
        "dan@example.com,it,Marketing,Dan\n"
        "ann@example.com,it,,Ann again\n"
        "pat@example.com,business,Sales,Pat\n"
        "eve@example.com,IT,,Eve\n"
    )
    r = _upload(client, campaign, csv_text)
    assert r.status_code == 200
    rows = {row.number: row for row in r.context["rows"]}
    assert rows[2].error == "" and rows[2].department == "Sales"
    assert "not a valid e-mail address" in rows[3].error
    assert rows[4].error == '"finance" is not a side: use business or it.'
    assert "is not one of the campaign's departments (Sales, Finance)" in rows[5].error
    assert rows[6].error == "Appears twice in this list (also row 2)."
    assert rows[7].error == "Already invited to this campaign."
    assert rows[8].error == "" and rows[8].side == "it"
    assert r.context["ignored_columns"] == ["Name"]
    html = r.content.decode()
    assert "Add 2 respondents" in html

    client.post(_url("invitation_confirm", campaign))
    assert sorted(Invitation.objects.exclude(pk=invitation.pk).values_list("email", "side")) == [
        ("ann@example.com", "business"),
        ("eve@example.com", "it"),
    ]


def test_it_requires_a_header_row(client, alice, campaign):
    client.force_login(alice)
    r = _upload(client, campaign, "ann@example.com,business\n")
    assert r.status_code == 400
    assert "header naming the columns email and side" in r.content.decode()
    assert not Invitation.objects.exists()


def test_it_shows_no_confirm_button_when_every_row_is_bad(client, alice, campaign):
    client.force_login(alice)
    r = _upload(client, campaign, "email,side\nnope,business\n")
    assert r.context["good_count"] == 0
    assert reverse("manage:invitation_confirm", args=[campaign.pk]).encode() not in r.content


# --- e-mails ----------------------------------------------------------------------------------


def test_it_emails_new_respondents_their_own_link_per_side(client, alice, campaign):
    alice.email = "alice@acme.example"
    alice.save()
    client.force_login(alice)
    _paste(client, campaign, "ann@example.com", side="business", send=True)
    client.post(_url("invitation_confirm", campaign))
    _paste(client, campaign, "sam@example.com", side="it", send=True)
    r = client.post(_url("invitation_confirm", campaign), follow=True)
    assert "1 invitation e-mail is on its way" in r.content.decode()
    assert mail.outbox == []  # a worker sends them, never the request
    assert deliver_queued_mail() == 2

    ann = Invitation.objects.get(email="ann@example.com")
    sam = Invitation.objects.get(email="sam@example.com")
    business, it = mail.outbox
    assert business.to == ["ann@example.com"] and it.to == ["sam@example.com"]
    assert business.reply_to == ["alice@acme.example"]
    assert f"{SITE}/r/{ann.token}/" in business.body
    assert f"{SITE}/r/{sam.token}/" in it.body
    assert sam.token not in business.body
    assert "business managers" in business.body and "IT managers" in it.body
    assert "Acme Shipping" in business.subject and "\n" not in business.subject
    html, mimetype = business.alternatives[0]
    assert mimetype == "text/html" and f'href="{SITE}/r/{ann.token}/"' in html


def test_it_sends_one_invitation_again(client, alice, campaign, invitation):
    client.force_login(alice)
    r = client.post(_url("invitation_send", campaign, invitation.pk), follow=True)
    assert "The invitation to pat@example.com is on its way." in r.content.decode()
    assert "Invitation queued" in r.content.decode()  # its e-mail state in the list
    assert deliver_queued_mail() == 1
    [message] = mail.outbox
    assert f"/r/{invitation.token}/" in message.body


def test_it_sends_no_email_while_the_campaign_is_a_draft(client, alice, org, instrument):
    draft = campaign_create(organisation=org, instrument=instrument, name="Draft")
    client.force_login(alice)
    form = client.get(_url("invitation_list", draft)).context["paste_form"]
    assert form.fields["send_now"].initial is False and form.fields["send_now"].disabled
    assert "Nothing is e-mailed while the campaign is a draft" in str(form["send_now"].help_text)
    # Even a forged tick: the preview tells the truth, and nothing is queued.
    preview = _paste(client, draft, "ann@example.com", send=True).content.decode()
    assert "Nothing is e-mailed while the campaign is a draft" in preview
    assert "is e-mailed their invitation" not in preview
    client.post(_url("invitation_confirm", draft), follow=True)
    assert Invitation.objects.filter(campaign=draft).count() == 1
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


def test_it_reminds_only_those_who_have_not_submitted(client, alice, campaign, invitation, it_invitation):
    Invitation.objects.filter(pk=it_invitation.pk).update(state="submitted")
    started = invitation_create(campaign=campaign, side="it", email="kim@example.com")
    Invitation.objects.filter(pk=started.pk).update(state="started")
    Invitation.objects.filter(campaign=campaign).update(emailed_at=timezone.now())
    invitation_create(campaign=campaign, side="business")  # link only: nobody to e-mail
    invitation_create(campaign=campaign, side="business", email="new@example.com")  # never e-mailed
    client.force_login(alice)
    r = client.post(_url("invitation_remind", campaign), {"expected": "2"}, follow=True)
    assert "2 reminders are on their way" in r.content.decode()
    assert deliver_queued_mail() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["kim@example.com", "pat@example.com"]
    kim = next(m for m in mail.outbox if m.to == ["kim@example.com"])
    assert f"/r/{started.token}/" in kim.body
    assert "already started" in kim.body
    assert kim.subject.startswith("Reminder:")


def test_it_refuses_reminders_for_a_closed_campaign(client, alice, campaign, invitation):
    Campaign.objects.filter(pk=campaign.pk).update(status="closed")
    Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now())
    client.force_login(alice)
    r = client.post(_url("invitation_remind", campaign), {"expected": "1"}, follow=True)
    assert not OutgoingEmail.objects.exists()
    assert "is closed" in r.content.decode()


def test_it_returns_404_for_an_invitation_of_another_campaign(client, alice, campaign, org, instrument):
    other = campaign_create(organisation=org, instrument=instrument, name="Other")
    foreign = invitation_create(campaign=other, side="it", email="x@example.com")
    client.force_login(alice)
    assert client.post(_url("invitation_send", campaign, foreign.pk)).status_code == 404
    assert mail.outbox == []


# --- open links -------------------------------------------------------------------------------


def test_it_switches_an_open_link_on_and_off(client, alice, campaign):
    client.force_login(alice)
    client.post(_url("open_link_update", campaign), {"side": "it", "active": "1"})
    link = OpenLink.objects.get(campaign=campaign)
    assert (link.side, link.active, link.organisation_id) == ("it", True, campaign.organisation_id)
    r = client.get(_url("invitation_list", campaign))
    assert f"{SITE}/r/open/{link.token}/" in r.content.decode()
    client.post(_url("open_link_update", campaign), {"side": "it", "active": "0"})
    link.refresh_from_db()
    assert link.active is False


# --- access of every write ----------------------------------------------------------------------

WRITES = ["invitation_add", "invitation_confirm", "invitation_remind", "invitations_invite", "open_link_update"]


@pytest.mark.parametrize("name", ["invitation_add", "invitation_confirm", "open_link_update", "invitation_send"])
def test_it_rejects_get(client, alice, campaign, invitation, name):
    args = [invitation.pk] if name == "invitation_send" else []
    client.force_login(alice)
    assert client.get(_url(name, campaign, *args)).status_code == 405


@pytest.mark.parametrize("name", [*WRITES, "invitation_send"])
def test_it_checks_access(client, bob, charlie, campaign, invitation, name):
    args = [invitation.pk] if name == "invitation_send" else []
    data = {"source": "paste", "paste-emails": "x@example.com", "paste-side": "it", "side": "it", "active": "1"}
    data["expected"] = "9"
    client.force_login(charlie)
    assert client.post(_url(name, campaign, *args), data).status_code == 404
    client.force_login(bob)
    assert client.post(_url(name, campaign, *args), data).status_code == 403
    assert Invitation.objects.count() == 1
    assert not OpenLink.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_you_said_we_did_reaches_the_next_rounds_respondents(client, alice, campaign, invitation):
    # Issue #19 item 5: what changed since the last round, in the e-mail and on the welcome page,
    # as the BRM wrote it (escaped on the page).
    campaign.you_said_we_did = "You asked for a monthly service report.\n\nIT now sends one <b>every month</b>."
    campaign.save()
    client.force_login(alice)
    client.post(_url("invitation_send", campaign, invitation.pk), follow=True)
    assert deliver_queued_mail() == 1
    [message] = mail.outbox
    assert "You said, we did:\nYou asked for a monthly service report." in message.body
    html, _mimetype = message.alternatives[0]
    assert "You said, we did:" in html and "&lt;b&gt;every month&lt;/b&gt;" in html
    client.logout()
    page = client.get(reverse("respondent:welcome", args=[invitation.token])).content.decode()
    assert "You said, we did" in page
    assert "<p>You asked for a monthly service report.</p>" in page
    assert "&lt;b&gt;every month&lt;/b&gt;" in page and "<b>every month</b>" not in page


def test_without_you_said_we_did_the_email_is_as_before(client, alice, campaign, invitation):
    client.force_login(alice)
    client.post(_url("invitation_send", campaign, invitation.pk), follow=True)
    assert deliver_queued_mail() == 1
    [message] = mail.outbox
    assert "You said" not in message.body and "\n\n\n" not in message.body
