"""The Respondents page at the size of a large organisation: search, filters by status, side,
department and e-mail state, pages of 50, each invitation's e-mail state, and a number of
queries that does not grow with the number of invitations."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Invitation
from assessments.outbox import EmailStatus, OutgoingEmail
from workspace.views.invitations import PER_PAGE

pytestmark = pytest.mark.django_db


def _url(campaign) -> str:
    return reverse("manage:invitation_list", args=[campaign.pk])


def _bulk(campaign, n: int, **fields) -> list[Invitation]:
    """`n` invitations, alternating side and department, in one INSERT."""
    return Invitation.objects.bulk_create(
        Invitation(
            organisation=campaign.organisation,
            campaign=campaign,
            side=("business", "it")[i % 2],
            department=("Sales", "Finance")[i % 2],
            email=f"person{i:05d}@example.com",
            **fields,
        )
        for i in range(n)
    )


def _emails(response) -> list[str]:
    return [invitation.email for invitation in response.context["invitations"]]


@pytest.fixture
def mixed(campaign):
    """Eight invitations of every kind the filters tell apart, with their e-mail states."""
    people = _bulk(campaign, 8)
    now = timezone.now()
    Invitation.objects.filter(pk__in=[people[1].pk, people[2].pk]).update(state=Invitation.State.STARTED)
    Invitation.objects.filter(pk=people[3].pk).update(state=Invitation.State.SUBMITTED, emailed_at=now)
    Invitation.objects.filter(pk=people[1].pk).update(emailed_at=now)
    states = {
        people[1]: (EmailStatus.SENT, ""),
        people[3]: (EmailStatus.SENT, ""),
        people[4]: (EmailStatus.QUEUED, ""),
        people[5]: (EmailStatus.FAILED, "550 5.1.1 No such user here"),
        people[6]: (EmailStatus.RETRYING, "ConnectionRefusedError: [Errno 111] Connection refused"),
    }
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            organisation=campaign.organisation,
            invitation=invitation,
            kind="invitation",
            status=status,
            error=error,
            queued_at=now,
            sent_at=now if status == EmailStatus.SENT else None,
        )
        for invitation, (status, error) in states.items()
    )
    return people


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"search": "PERSON0000"}, [f"person{i:05d}@example.com" for i in range(8)]),
        ({"search": "person00003"}, ["person00003@example.com"]),
        ({"state": "started"}, ["person00001@example.com", "person00002@example.com"]),
        ({"state": "submitted", "side": "it"}, ["person00003@example.com"]),
        ({"side": "it", "department": "Finance"}, [f"person{i:05d}@example.com" for i in (1, 3, 5, 7)]),
        ({"department": "Sales", "search": "0000"}, [f"person{i:05d}@example.com" for i in (0, 2, 4, 6)]),
        # Who "Send invitations" / "Send reminders" would e-mail, and the e-mail states.
        ({"mail": "to_invite"}, ["person00000@example.com", "person00005@example.com", "person00007@example.com"]),
        ({"mail": "to_remind"}, ["person00001@example.com"]),
        ({"mail": "pending"}, ["person00004@example.com", "person00006@example.com"]),
        ({"mail": "sent"}, ["person00001@example.com", "person00003@example.com"]),
        ({"mail": "failed"}, ["person00005@example.com"]),
    ],
)
def test_it_searches_and_filters(client, alice, campaign, mixed, query, expected):
    client.force_login(alice)
    r = client.get(_url(campaign), query)
    assert r.status_code == 200
    assert _emails(r) == expected


def test_it_shows_each_invitations_e_mail_state(client, alice, campaign, mixed):
    client.force_login(alice)
    html = " ".join(client.get(_url(campaign)).content.decode().split())
    assert "Invitation e-mailed" in html
    assert "Invitation queued: it goes out in the next minutes." in html
    assert "E-mail failed: 550 5.1.1 No such user here" in html
    assert "Not sent yet, tried again automatically: ConnectionRefusedError" in html
    assert html.count("Not e-mailed yet") >= 2


def test_it_reports_a_bad_filter_and_keeps_the_others(client, alice, campaign, mixed):
    client.force_login(alice)
    r = client.get(_url(campaign), {"state": "lost", "side": "it", "page": "nope"})
    assert r.status_code == 200
    assert "Select a valid choice" in r.content.decode()
    assert _emails(r) == [f"person{i:05d}@example.com" for i in (1, 3, 5, 7)]


def test_it_pages_a_long_list_and_keeps_the_filters_in_the_links(client, alice, campaign):
    _bulk(campaign, 2 * PER_PAGE + 10)
    client.force_login(alice)
    first = client.get(_url(campaign))
    assert len(_emails(first)) == PER_PAGE and _emails(first)[0] == "person00000@example.com"
    html = first.content.decode()
    assert "Showing 1–50 of 110" in html and "Page 1 of 3" in html
    assert 'href="?page=2"' in html
    last = client.get(_url(campaign), {"side": "it", "page": "2"})
    assert "Page 2 of 2" in last.content.decode()
    assert 'href="?side=it&amp;page=1"' in last.content.decode()
    assert len(_emails(last)) == 5
    # Past the end: the last page, not an error.
    assert client.get(_url(campaign), {"page": "99"}).context["page"].number == 3


def test_it_says_when_nothing_matches(client, alice, campaign, mixed):
    client.force_login(alice)
    r = client.get(_url(campaign), {"search": "nobody"})
    assert "No respondent matches these filters." in r.content.decode()


@pytest.mark.parametrize("count", [20, 2000])
def test_it_reads_the_page_in_the_same_number_of_queries_whatever_the_size(
    client, alice, campaign, count, django_assert_num_queries
):
    people = _bulk(campaign, count)
    now = timezone.now()
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(organisation=campaign.organisation, invitation=p, kind="invitation", queued_at=now)
        for p in people[::2]
    )
    client.force_login(alice)
    client.get(_url(campaign))  # the session and the user are loaded once the same way each time
    # Session, user, campaign, membership, the top bar's organisations; the departments, the
    # page count, the counts per side, the open links, the campaign's business units, the two
    # bulk e-mails' counts; the page's rows with their e-mail state (one JOIN).
    with django_assert_num_queries(13):
        r = client.get(_url(campaign), {"side": "business", "page": "2"})
    # 20: a page 2 that does not exist shows the last page (10 business people) at the same cost.
    assert r.status_code == 200 and len(_emails(r)) == (PER_PAGE if count > 100 else 10)
