"""An organisation admin deletes a campaign, or the whole organisation, with all its personal data
(issue #15, item 13): the page says what goes and asks for the name; files go from storage too;
the audit log says who did it with counts only; strangers get 404, other members 403."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import Membership, Organisation
from api.models import ApiToken
from api.services import api_token_create
from assessments.content import content_prepare, read_content
from assessments.import_jobs import ImportJob
from assessments.models import Answer, Campaign, Instrument, Invitation, Response
from assessments.services.instruments import instrument_create
from assessments.services.invitations import invitation_create
from reports.models import Report
from tests.helpers import open_campaign, submit_columns
from tests.personal_data import rows_mentioning, start_invitation, submit_invitation

pytestmark = pytest.mark.django_db

User = get_user_model()


def _report(campaign: Campaign) -> Report:
    report = Report.objects.create(organisation=campaign.organisation, campaign=campaign, status=Report.Status.READY)
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return report


def _filled(campaign: Campaign, prefix: str) -> Campaign:
    """Three invited people (one submitted, one part-way), one imported answer row, a PDF report."""
    people = [
        invitation_create(campaign=campaign, side=side, email=f"{prefix}{n}@example.org")
        for n, side in enumerate(["business", "business", "it"])
    ]
    submit_invitation(people[0])
    start_invitation(people[1])
    submit_columns(campaign, "it", columns={}, default="4")
    _report(campaign)
    return campaign


@pytest.fixture
def media_root(settings, tmp_path):
    """Report files go to a folder of this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def filled(campaign, media_root):
    return _filled(campaign, "zzgone")


@pytest.fixture
def kept(org, instrument, media_root):
    return _filled(open_campaign(org, instrument, "Round 2"), "zzkept")


@pytest.fixture
def brm(django_user_model, org):
    user = django_user_model.objects.create_user(username="bea", password="password")
    Membership.objects.create(user=user, organisation=org, role="brm")
    return user


def _url(name: str, obj) -> str:
    return reverse(f"manage:{name}", args=[obj.slug if isinstance(obj, Organisation) else obj.pk])


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["campaign_delete", "organisation_delete"])
def test_it_checks_access(client, name, campaign, alice, bob, brm, charlie):
    target = campaign if name == "campaign_delete" else campaign.organisation
    url = _url(name, target)
    confirm = {"name": target.name}
    assert client.get(url)["Location"].startswith(reverse("login"))
    for user, status in ((charlie, 404), (bob, 403), (brm, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.post(url, confirm).status_code == status, user
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    client.force_login(alice)
    assert client.get(url).status_code == 200


def test_it_shows_the_links_to_admins_only(client, campaign, alice, brm):
    client.force_login(brm)
    assert _url("campaign_delete", campaign) not in client.get(_url("campaign_edit", campaign)).content.decode()
    assert (
        _url("organisation_delete", campaign.organisation)
        not in client.get(_url("campaign_list", campaign.organisation)).content.decode()
    )
    client.force_login(alice)
    assert _url("campaign_delete", campaign) in client.get(_url("campaign_edit", campaign)).content.decode()
    assert (
        _url("organisation_delete", campaign.organisation)
        in client.get(_url("campaign_list", campaign.organisation)).content.decode()
    )


# --- Deleting a campaign --------------------------------------------------------------------


def test_it_says_what_the_campaign_deletion_takes(client, alice, filled):
    client.force_login(alice)
    page = client.get(_url("campaign_delete", filled)).content.decode()
    for text in (
        "Delete “Round 1”?",
        "3 respondents and their personal links",
        "(3 e-mail addresses)",
        "2 submitted responses with their answers",
        "1 in progress",
        "1 PDF report (the file too)",
        'To confirm, type the campaign\'s name: <strong class="user-select-all">Round 1</strong>',
    ):
        assert text in page, text


def test_it_deletes_nothing_without_the_exact_name(client, alice, filled):
    client.force_login(alice)
    for typed in ("", "round 1", "Round"):
        response = client.post(_url("campaign_delete", filled), {"name": typed})
        assert response.status_code == 400
    assert "Type “Round 1” exactly as shown" in response.content.decode()
    assert Invitation.objects.filter(campaign=filled).count() == 3
    assert Report.objects.get(campaign=filled).file.storage.exists(Report.objects.get(campaign=filled).file.name)


def test_it_deletes_the_campaign_its_data_and_files(
    client, alice, filled, kept, media_root, django_capture_on_commit_callbacks
):
    gone_file = Report.objects.get(campaign=filled).file.name
    kept_file = Report.objects.get(campaign=kept).file.name
    # An answers file still waiting for its import worker goes too (any stored file the rows name).
    job = ImportJob.objects.create(organisation=filled.organisation, campaign=filled, filename="workshop.csv")
    job.file.save("workshop.csv", ContentFile(b"side,department\nbusiness,Sales\n"), save=True)
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("campaign_delete", filled), {"name": " Round 1 "})

    assert response.status_code == 302
    assert response["Location"] == _url("campaign_list", filled.organisation)
    assert not Campaign.objects.filter(pk=filled.pk).exists()
    for model in (Invitation, Response, Answer, Report):
        assert not model.objects.filter(campaign_id=filled.pk).exists(), model
    assert not (media_root / gone_file).exists()
    assert not (media_root / job.file.name).exists()
    assert not ImportJob.objects.filter(pk=job.pk).exists()
    # The organisation's other campaign keeps everything.
    assert (media_root / kept_file).exists()
    assert Invitation.objects.filter(campaign=kept).count() == 3
    assert rows_mentioning("zzkept0@example.org")
    # No trace of the deleted people anywhere, the audit log included.
    assert rows_mentioning("zzgone") == []
    entry = LogEntry.objects.get(additional_data__event="campaign_delete")
    assert entry.actor == alice and entry.actor_email is None
    assert entry.additional_data["campaign"] == filled.pk
    assert entry.additional_data["name"] == "Round 1"
    assert entry.additional_data["e-mail addresses"] == 3
    assert entry.additional_data["invitations"] == 3
    assert entry.additional_data["responses"] == 3
    assert entry.additional_data["reports"] == 1
    # django-auditlog's own DELETE entries (copies of the deleted fields) are not written.
    assert not LogEntry.objects.filter(action=LogEntry.Action.DELETE).exclude(pk=entry.pk).exists()
    page = client.get(reverse("manage:audit_log", args=[filled.organisation.slug])).content.decode()
    assert "Deleted a campaign and its personal data" in page
    assert f"deleted campaign {filled.pk}" in page


def test_it_leaves_no_file_of_a_report_that_finishes_after_its_campaign_was_deleted(
    filled, media_root, monkeypatch, caplog
):
    from reports import pdf
    from reports.services import report_pdf_generate

    report = Report.objects.create(organisation=filled.organisation, campaign=filled, status=Report.Status.QUEUED)

    def render_then_delete(**kwargs):
        # The admin deletes the campaign while the worker renders (WeasyPrint itself is not the point).
        Campaign.objects.filter(pk=filled.pk).delete()
        return SimpleNamespace(content=b"%PDF-1.7 test", pages=1, response_count=3, instrument_version="2026.2")

    monkeypatch.setattr(pdf, "render_report", render_then_delete)
    with caplog.at_level("INFO", logger="reports.services"):
        assert report_pdf_generate(report_id=report.pk) is None
    assert f"report {report.pk}: deleted while rendering, file removed" in caplog.text
    assert not list((media_root / "reports").rglob(f"report-{report.pk}.pdf"))


# --- Deleting the organisation --------------------------------------------------------------


@pytest.fixture
def uploaded(org):
    content = copy.deepcopy(read_content())
    content["overview"]["version"] = "2099.1"
    for doc in content["instruments"].values():
        doc["version"] = "2099.1"
    return instrument_create(
        content=content_prepare(instruments=content["instruments"], overview=content["overview"]), organisation=org
    )


def test_it_says_what_the_organisation_deletion_takes(client, alice, bob, filled, kept, other_org):
    dave = User.objects.create_user(username="dave", password="password")
    Membership.objects.create(user=dave, organisation=filled.organisation, role="consultant")
    Membership.objects.create(user=dave, organisation=other_org, role="consultant")
    api_token_create(organisation=filled.organisation, name="Power BI")
    client.force_login(alice)
    page = client.get(_url("organisation_delete", filled.organisation)).content.decode()
    for text in (
        "Delete “Acme Shipping” and all its data?",
        "2 campaigns, 6 respondents (6 e-mail addresses)",
        "4 submitted responses with their answers, 2 in progress",
        "2 PDF reports (the files too)",
        "1 API token (it stops working)",
        "3 members' access",
        "<strong>bob</strong>",
    ):
        assert text in page, text
    assert "<strong>dave</strong>" not in page  # also in Globex: the account stays
    assert "<strong>alice</strong>" not in page  # the admin deleting stays


def test_it_deletes_the_organisation_with_all_its_personal_data(
    client, alice, bob, charlie, filled, kept, uploaded, other_org, instrument, media_root,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    org = filled.organisation
    own_round = open_campaign(org, uploaded, "On our own version")
    submit_columns(own_round, "business", columns={}, default="3")  # answers PROTECT its items
    api_token_create(organisation=org, name="Power BI")
    staff = User.objects.create_user(username="operator", password="password", is_staff=True)
    Membership.objects.create(user=staff, organisation=org, role="viewer")
    globex = _filled(open_campaign(other_org, instrument, "Globex round"), "zzglobex")
    files = [report.file.name for report in Report.objects.all()]
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("organisation_delete", org), {"name": "Acme Shipping"})

    assert response.status_code == 302 and response["Location"] == reverse("manage:workspace")
    assert not Organisation.objects.filter(pk=org.pk).exists()
    for model in (Campaign, Invitation, Response, Answer, Report, Instrument, ApiToken, Membership):
        assert not model.objects.filter(organisation_id=org.pk).exists(), model
    # bob belonged to Acme only; alice (who deleted it) and the portal's staff stay.
    assert set(User.objects.values_list("username", flat=True)) == {"alice", "charlie", "operator"}
    assert [f for f in files if (media_root / f).exists()] == [Report.objects.get(campaign=globex).file.name]
    assert rows_mentioning("zzgone") == rows_mentioning("zzkept") == []
    # Globex is untouched, its log included.
    assert Invitation.objects.filter(campaign=globex).count() == 3
    # Of Acme's audit log one entry stays: the deletion, with counts and no personal data.
    (entry,) = LogEntry.objects.filter(additional_data__organisation=org.pk)
    assert entry.additional_data["event"] == "organisation_delete"
    assert entry.additional_data["name"] == "Acme Shipping"
    assert entry.additional_data["e-mail addresses"] == 6
    assert entry.additional_data["campaigns"] == 3
    assert entry.additional_data["users"] == 1
    assert entry.actor == alice and entry.actor_email is None
    assert "@" not in str(entry.additional_data) and "bob" not in str(entry.additional_data)
    # alice is told, and her workspace shows what she still has.
    follow = client.get(response["Location"])
    assert "“Acme Shipping” is deleted, with all its data." in follow.content.decode()


def test_it_counts_the_pages_queries_whatever_the_size(client, alice, org, instrument):
    campaign = open_campaign(org, instrument)
    client.force_login(alice)

    def queries(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    small = (queries(_url("campaign_delete", campaign)), queries(_url("organisation_delete", org)))
    for n in range(6):
        invitation_create(campaign=campaign, side="it", email=f"q{n}@example.org")
        submit_columns(open_campaign(org, instrument, f"Round {n + 2}"), "it", columns={}, default="4")
    big = (queries(_url("campaign_delete", campaign)), queries(_url("organisation_delete", org)))
    assert big == small
    assert max(big) <= 25
