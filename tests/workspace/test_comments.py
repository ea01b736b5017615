"""The respondents' own words in the workspace (issue #17): the Comments page, hiding and tagging,
the dashboard card, the export; and the anonymity rules every one of them applies."""

from __future__ import annotations

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from assessments.models import Comment, Response
from assessments.selectors.comments import campaign_comments, campaign_themes
from assessments.services.campaigns import campaign_close
from assessments.services.responses import response_create_submitted
from tests.helpers import all_fields

pytestmark = pytest.mark.django_db


def say(campaign, side: str, text: str, *, code: str | None = None, department: str = "", online: bool = True):
    """A submitted response (online unless told) that wrote `text` on the side's first open question."""
    answers = dict.fromkeys(all_fields(campaign, side), "3")
    code = code or ("OPEN-BUS-1" if side == "business" else "OPEN-IT-1")
    return response_create_submitted(
        campaign=campaign,
        side=side,
        answers=answers,
        department=department,
        source=Response.Source.LINK if online else Response.Source.IMPORT,
        comments={code: text},
    )


def comments_url(campaign) -> str:
    return reverse("manage:comment_list", args=[campaign.pk])


def test_it_shows_comments_only_once_their_batch_is_published(client, alice, campaign):
    client.force_login(alice)
    say(campaign, "business", "First words", department="Sales")
    say(campaign, "business", "Second words", department="Sales")
    # Two of a threshold of three: both wait, in the database and on every page.
    assert Comment.objects.filter(published=False).count() == 2
    assert Comment.objects.filter(pending_department="Sales").count() == 2
    page = client.get(comments_url(campaign)).content.decode()
    assert "First words" not in page and "Second words" not in page
    assert campaign_comments(campaign=campaign).total == 0

    say(campaign, "business", "Third words", department="Sales")
    # Published as one batch; the department of the cell is forgotten.
    assert set(Comment.objects.values_list("published", "pending_department")) == {(True, "")}
    page = client.get(comments_url(campaign)).content.decode()
    for text in ("First words", "Second words", "Third words"):
        assert text in page
    assert "3 comments" in page


def test_it_withholds_a_side_under_the_threshold(client, alice, campaign):
    client.force_login(alice)
    for i in range(3):
        say(campaign, "business", f"Business says {i}")
    say(campaign, "it", "The one IT voice")
    # At the close everything is published, the single IT respondent included.
    campaign_close(campaign=campaign)
    assert not Comment.objects.filter(published=False).exists()
    comments = campaign_comments(campaign=campaign)
    assert comments.sides == frozenset({"business"})
    assert comments.withheld_sides == frozenset({"it"})
    page = client.get(comments_url(campaign)).content.decode()
    assert "Business says 0" in page
    assert "The one IT voice" not in page
    assert "too few IT respondents" in page
    dashboard = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert "The one IT voice" not in dashboard


def test_it_shows_nothing_when_everyone_is_under_the_threshold(client, alice, campaign):
    say(campaign, "business", "Alone here")
    campaign_close(campaign=campaign)
    comments = campaign_comments(campaign=campaign)
    assert not comments.shown and comments.total == 0
    client.force_login(alice)
    assert "Alone here" not in client.get(comments_url(campaign)).content.decode()


def test_it_never_shows_comments_in_a_department_view(client, alice, campaign):
    for i in range(3):
        say(campaign, "business", f"Sales voice {i}", department="Sales")
    comments = campaign_comments(campaign=campaign, department="Sales")
    assert comments.department_view and not comments.shown and not comments.visible
    client.force_login(alice)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), {"department": "Sales"}).content.decode()
    assert "Sales voice" not in page
    assert "Comments are shown for the whole campaign only" in page
    whole = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert "In their own words" in whole


def test_it_lists_comments_in_a_random_order_not_the_order_of_submission(campaign):
    submitted = [f"comment {i:02d}" for i in range(30)]
    for text in submitted:
        say(campaign, "business", text)
    first = [c.text for c in campaign_comments(campaign=campaign).visible]
    again = [c.text for c in campaign_comments(campaign=campaign).visible]
    assert sorted(first) == submitted
    assert first != submitted  # 1 chance in 30! that a random order is the submission order
    assert first == again  # stable from one reading to the next


def test_it_hides_and_shows_again_with_an_audit_entry_each(client, alice, campaign):
    for i in range(2):
        say(campaign, "business", f"Words {i}")
    say(campaign, "business", "Ask Kim in payroll, she never answers", code="OPEN-BUS-3")
    comment = Comment.objects.get(text__startswith="Ask Kim")
    client.force_login(alice)
    url = reverse("manage:comment_hide", args=[campaign.pk, comment.pk])
    r = client.post(url, {"hidden": "1"})
    assert r.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden
    comments = campaign_comments(campaign=campaign)
    assert (comments.total, comments.hidden) == (3, 1)
    assert comment.pk not in {c.pk for c in comments.visible}
    page = client.get(comments_url(campaign)).content.decode()
    assert "1 hidden" in page
    client.post(url, {"hidden": "0"})
    comment.refresh_from_db()
    assert not comment.hidden
    events = [e.additional_data.get("event") for e in LogEntry.objects.order_by("pk") if e.additional_data]
    assert events[-2:] == ["comment_hide", "comment_unhide"]
    entry = LogEntry.objects.order_by("pk").last()
    assert entry.actor == alice and entry.additional_data["comment"] == str(comment.pk)
    assert "Kim" not in str(entry.additional_data)  # the audit log keeps no text
    audit = client.get(reverse("manage:audit_log", args=[campaign.organisation.slug])).content.decode()
    assert "Hid a comment" in audit and "Showed a hidden comment again" in audit


def test_it_tags_comments_with_the_instruments_themes(client, alice, campaign):
    for i in range(3):
        say(campaign, "business", f"Words {i}")
    codes = [theme.code for theme in campaign_themes(campaign=campaign)]
    for expected in ("REL-PAR", "BEH-IT", "TRU"):
        assert expected in codes
    comment = Comment.objects.order_by("id").first()
    client.force_login(alice)
    url = reverse("manage:comment_themes", args=[campaign.pk, comment.pk])
    r = client.post(url, {"themes": ["TRU", "BEH-IT"]})
    assert r.status_code == 302
    comment.refresh_from_db()
    assert comment.themes == [c for c in codes if c in {"TRU", "BEH-IT"}]
    comments = campaign_comments(campaign=campaign)
    counts = {entry.theme.code: entry.count for entry in comments.themes}
    assert counts["TRU"] == 1 and counts["BEH-IT"] == 1 and comments.untagged == 2
    dashboard = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    assert comment.text in dashboard  # a quote of its theme
    # A theme the instrument does not have: a message, nothing saved, never a 500.
    r = client.post(url, {"themes": ["NOPE"]}, follow=True)
    assert r.status_code == 200 and "Choose themes" in r.content.decode()
    comment.refresh_from_db()
    assert "NOPE" not in comment.themes


def test_it_checks_access(client, bob, charlie, campaign, org):
    for i in range(3):
        say(campaign, "business", f"Words {i}")
    comment = Comment.objects.first()
    hide = reverse("manage:comment_hide", args=[campaign.pk, comment.pk])
    themes = reverse("manage:comment_themes", args=[campaign.pk, comment.pk])
    client.force_login(charlie)
    assert client.get(comments_url(campaign)).status_code == 404
    assert client.post(hide, {"hidden": "1"}).status_code == 404
    assert client.post(themes, {"themes": ["TRU"]}).status_code == 404
    client.force_login(bob)  # a viewer reads, never changes
    page = client.get(comments_url(campaign))
    assert page.status_code == 200 and "Words 0" in page.content.decode()
    assert client.post(hide, {"hidden": "1"}).status_code == 403
    assert client.post(themes, {"themes": ["TRU"]}).status_code == 403
    comment.refresh_from_db()
    assert not comment.hidden and not comment.themes


def test_it_rejects_get(client, alice, campaign):
    for i in range(3):
        say(campaign, "business", f"Words {i}")
    comment = Comment.objects.first()
    client.force_login(alice)
    assert client.get(reverse("manage:comment_hide", args=[campaign.pk, comment.pk])).status_code == 405
    assert client.get(reverse("manage:comment_themes", args=[campaign.pk, comment.pk])).status_code == 405


def test_it_refuses_a_comment_of_another_campaign(client, alice, campaign, org, instrument):
    from tests.helpers import open_campaign

    other = open_campaign(org, instrument, "Round 2")
    for i in range(3):
        say(other, "business", f"Other {i}")
    comment = Comment.objects.filter(campaign=other).first()
    client.force_login(alice)
    r = client.post(reverse("manage:comment_hide", args=[campaign.pk, comment.pk]), {"hidden": "1"}, follow=True)
    assert r.status_code == 200 and "No such comment" in r.content.decode()
    comment.refresh_from_db()
    assert not comment.hidden


def test_it_escapes_what_respondents_wrote(client, alice, campaign):
    for i in range(3):
        say(campaign, "business", f"<script>alert({i})</script><b>bold</b>")
    client.force_login(alice)
    for url in (comments_url(campaign), reverse("campaigns:dashboard", args=[campaign.pk])):
        page = client.get(url).content.decode()
        assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(0)" in client.get(comments_url(campaign)).content.decode()


def test_it_exports_the_published_shown_comments_without_department_or_id(client, alice, campaign):
    for i in range(3):
        say(campaign, "business", f"=Shown {i}", department="Sales")
    say(campaign, "business", "Waiting", department="Finance")
    hidden = Comment.objects.get(text="=Shown 2")
    hidden.hidden = True
    hidden.save(update_fields=["hidden"])
    client.force_login(alice)
    r = client.get(reverse("campaigns:comments_export", args=[campaign.pk, "csv"]))
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["question", "question_text", "side", "themes", "comment"]
    assert sorted(row[4] for row in rows[1:]) == ["'=Shown 0", "'=Shown 1"]  # formulas made inert
    body = r.content.decode()
    for leak in ("Sales", "Finance", "Waiting", str(hidden.pk)):
        assert leak not in body
    assert LogEntry.objects.filter(additional_data__kind="comments").exists()
    xlsx = client.get(reverse("campaigns:comments_export", args=[campaign.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # Never per department.
    by_department = client.get(reverse("campaigns:comments_export", args=[campaign.pk, "csv"]), {"department": "Sales"})
    assert by_department.status_code == 404


def test_it_says_when_nothing_is_published_yet(client, alice, campaign):
    say(campaign, "business", "Waiting for two more")
    client.force_login(alice)
    page = client.get(comments_url(campaign)).content.decode()
    assert "No comments published yet." in page and "Waiting for two more" not in page


def test_it_keeps_comments_out_of_the_django_admin():
    from django.contrib import admin

    from assessments.models import CommentDraft

    assert Comment not in admin.site._registry
    assert CommentDraft not in admin.site._registry


def test_it_deletes_comments_with_their_campaign_and_organisation(alice, campaign, org, instrument):
    from assessments.services.privacy import campaign_delete, organisation_delete
    from tests.helpers import open_campaign

    for i in range(3):
        say(campaign, "business", f"Words {i}")
    campaign_delete(campaign=campaign, actor=alice)
    assert not Comment.objects.exists()
    other = open_campaign(org, instrument, "Round 2")
    for i in range(3):
        say(other, "it", f"Words {i}")
    organisation_delete(organisation=org, actor=alice)
    assert not Comment.objects.exists()


def test_it_pages_many_comments_and_comes_back_to_the_same_page(client, alice, campaign):
    from workspace.views.comments import COMMENTS_PER_PAGE

    for i in range(COMMENTS_PER_PAGE + 4):
        say(campaign, "business", f"Many {i:03d}")
    client.force_login(alice)
    first = client.get(comments_url(campaign)).content.decode()
    second = client.get(comments_url(campaign), {"page": "2"}).content.decode()
    assert first.count('class="card mb-2') == COMMENTS_PER_PAGE
    assert second.count('class="card mb-2') == 4
    assert "No comments on this question yet." in second and "No comments on this question yet." not in first
    comment = campaign_comments(campaign=campaign).visible[-1]  # on page 2
    r = client.post(reverse("manage:comment_hide", args=[campaign.pk, comment.pk]), {"hidden": "1", "page": "2"})
    assert r.url == f"{comments_url(campaign)}?page=2#comment-{comment.pk}"
    # A page number that is not one: the first page, never a 500.
    assert client.get(comments_url(campaign), {"page": "x'; --"}).status_code == 200
