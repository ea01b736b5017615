"""The audit log (issue #13): an entry for every export, import, link reveal, report and
instrument upload, changes of campaigns, open links and memberships with old and new values,
and the workspace page that lists them for organisation admins only."""

from __future__ import annotations

import copy
import io
import json
from unittest.mock import Mock

import pytest
import yaml
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from assessments.audit import AuditEvent, audit_record
from assessments.content import read_content
from assessments.management.commands.import_responses import Command as ImportResponsesCommand
from assessments.services.campaigns import campaign_close
from assessments.services.open_links import open_link_set_active, open_link_update
from reports.models import Report
from tests.helpers import all_fields, submit_columns

pytestmark = pytest.mark.django_db


def events(event: str, **data) -> list[LogEntry]:
    entries = LogEntry.objects.filter(additional_data__event=event).order_by("timestamp", "pk")
    return [e for e in entries if all(e.additional_data.get(k) == v for k, v in data.items())]


def _answers_file(campaign, rows: int = 3) -> io.BytesIO:
    columns = [code if aspect == "value" else f"{code}.{aspect}" for code, aspect in all_fields(campaign, "business")]
    lines = [",".join(["side", "department", *columns])]
    lines += [",".join(["business", "Sales", *(["4"] * len(columns))]) for _ in range(rows)]
    upload = io.BytesIO("\n".join(lines).encode())
    upload.name = "workshop.csv"
    return upload


@pytest.fixture
def brm(django_user_model, org):
    user = django_user_model.objects.create_user(username="bea", password="password", email="bea@example.com")
    Membership.objects.create(user=user, organisation=org, role="brm")
    return user


@pytest.fixture
def no_broker(monkeypatch):
    from reports.tasks import report_pdf_generate

    monkeypatch.setattr(report_pdf_generate, "apply_async", lambda *args, **kwargs: None)


# --- explicit entries ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_records_exports_of_both_kinds(client, alice, campaign, fmt):
    for side in ("business", "it"):
        for _ in range(3):
            submit_columns(campaign, side, columns={})
    campaign_close(campaign=campaign)
    client.force_login(alice)
    assert client.get(reverse("campaigns:scores_export", args=[campaign.pk, fmt])).status_code == 200
    assert client.get(reverse("campaigns:answers_export", args=[campaign.pk, fmt]), {"department": "Sales"})
    [scores] = events("export", kind="scores")
    [answers] = events("export", kind="answers")
    assert scores.actor == alice and answers.actor == alice
    assert scores.action == LogEntry.Action.ACCESS
    assert scores.additional_data.items() >= {"format": fmt, "organisation": campaign.organisation_id}.items()
    assert answers.additional_data["campaign"] == campaign.pk
    assert answers.additional_data["department"] == "Sales"
    assert scores.object_repr == campaign.name


def test_it_records_no_export_that_was_refused(client, alice, bob, campaign):
    client.force_login(alice)
    assert client.get(reverse("campaigns:answers_export", args=[campaign.pk, "csv"])).status_code == 409
    client.force_login(bob)
    assert client.get(reverse("campaigns:scores_export", args=[campaign.pk, "csv"])).status_code == 403
    assert events("export") == []


def test_it_records_answer_imports_from_the_page_and_the_command(client, alice, campaign, tmp_path, settings):
    from assessments.import_jobs import ImportJob
    from assessments.tasks.imports import import_job_run

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(alice)
    r = client.post(reverse("manage:responses_upload", args=[campaign.pk]), {"file": _answers_file(campaign, 2)})
    assert r.status_code == 302
    assert events("answers_import") == []  # recorded by the worker, with the responses it stores
    import_job_run(ImportJob.objects.get().pk)
    [upload] = events("answers_import")
    assert upload.actor == alice
    assert upload.additional_data.items() >= {"via": "upload", "responses": 2, "business": 2}.items()

    path = tmp_path / "paper.csv"
    path.write_bytes(_answers_file(campaign, 3).getvalue())
    ImportResponsesCommand(stdout=Mock()).handle(campaign_id=campaign.pk, file=str(path), dry_run=False)
    ImportResponsesCommand(stdout=Mock()).handle(campaign_id=campaign.pk, file=str(path), dry_run=True)
    [command] = events("answers_import", via="command")
    assert command.actor is None and command.additional_data["responses"] == 3
    assert len(events("answers_import")) == 2  # the dry run stored nothing and is not recorded
    # A rejected file imports nothing and records nothing.
    client.post(reverse("manage:responses_upload", args=[campaign.pk]), {"file": _answers_file(campaign, 0)})
    import_job_run(ImportJob.objects.latest("pk").pk)
    assert ImportJob.objects.latest("pk").status == "failed"
    assert len(events("answers_import")) == 2


def test_it_records_invitation_imports_when_confirmed(client, alice, campaign):
    client.force_login(alice)
    data = {"source": "paste", "paste-emails": "ann@example.com, ben@example.com", "paste-side": "it"}
    client.post(reverse("manage:invitation_add", args=[campaign.pk]), data)
    assert events("invitations_import") == []  # the preview writes nothing
    client.post(reverse("manage:invitation_confirm", args=[campaign.pk]))
    [entry] = events("invitations_import")
    assert entry.additional_data.items() >= {"via": "paste", "added": 2, "skipped": 0, "campaign": campaign.pk}.items()
    assert "ann@example.com" not in json.dumps(entry.additional_data)


def test_it_records_link_reveals(client, alice, campaign, invitation):
    client.force_login(alice)
    client.post(reverse("manage:invitation_link", args=[campaign.pk, invitation.pk]))
    [entry] = events("link_reveal")
    assert entry.actor == alice and entry.additional_data["invitation"] == invitation.pk


def test_it_records_report_requests_and_downloads(client, alice, campaign, no_broker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    client.post(reverse("reports:request", args=[campaign.pk]))
    report = Report.objects.get(campaign=campaign)
    [request] = events("report_request")
    assert request.actor == alice and request.additional_data["report"] == report.pk
    assert request.additional_data["campaign"] == campaign.pk

    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 fake"), save=False)
    report.status = Report.Status.READY
    report.finished_at = timezone.now()
    report.save()
    r = client.get(reverse("reports:download", args=[report.pk]))
    assert r.status_code == 200
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    [download] = events("report_download")
    assert download.additional_data.items() >= {"report": report.pk, "campaign": campaign.pk}.items()


def test_it_records_instrument_uploads_against_the_organisation(client, alice, org, instrument):
    content = copy.deepcopy(read_content())
    data = {"overview": content["overview"], "instruments": content["instruments"]}
    data["overview"]["version"] = "2099.7"
    for doc in data["instruments"].values():
        doc["version"] = "2099.7"
    upload = io.BytesIO(yaml.safe_dump(data, allow_unicode=True).encode())
    upload.name = "instrument.yaml"
    client.force_login(alice)
    client.post(reverse("manage:instrument_upload", args=[org.slug]), {"file": upload})
    [entry] = events("instrument_upload")
    assert entry.content_type.model == "organisation" and entry.object_id == org.pk
    assert entry.additional_data.items() >= {"version": "2099.7", "organisation": org.pk, "campaign": None}.items()


# --- registered models: old and new values --------------------------------------------------------


def test_it_records_campaign_changes_with_old_and_new_values(client, alice, campaign):
    client.force_login(alice)
    data = {
        "name": campaign.name,
        "instrument": campaign.instrument_id,
        "anonymity_threshold": "5",
        "departments": "Sales\nFinance\nLegal",
        "practice_form": campaign.practice_form,
        "language": "en",
    }
    assert client.post(reverse("manage:campaign_edit", args=[campaign.pk]), data).status_code == 302
    client.post(reverse("manage:campaign_close", args=[campaign.pk]))
    changes = [
        e.changes_dict
        for e in LogEntry.objects.get_for_object(campaign).filter(action=LogEntry.Action.UPDATE).order_by("pk")
    ]
    merged = {field: values for change in changes for field, values in change.items()}
    assert merged["anonymity_threshold"] == ["3", "5"]
    assert merged["show_summary"] == ["True", "False"]
    assert "Legal" in merged["departments"][1] and "Legal" not in merged["departments"][0]
    assert merged["status"] == ["open", "closed"]
    entry = LogEntry.objects.get_for_object(campaign).filter(action=LogEntry.Action.UPDATE).first()
    assert entry.actor == alice
    assert entry.additional_data == {"organisation": campaign.organisation_id, "campaign": campaign.pk}


def test_it_records_open_link_and_membership_changes(campaign, org, django_user_model):
    link = open_link_set_active(campaign=campaign, side="it", active=True)
    open_link_update(campaign=campaign, side="it", cap=25)
    open_link_set_active(campaign=campaign, side="it", active=False)
    entries = LogEntry.objects.get_for_object(link).order_by("pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.UPDATE]
    assert entries[1].changes_dict == {"cap": ["100", "25"]}
    assert entries[2].changes_dict == {"active": ["True", "False"]}
    assert all(link.token not in json.dumps(e.changes) for e in entries)

    user = django_user_model.objects.create_user(username="dan", password="password")
    membership = Membership.objects.create(user=user, organisation=org, role="viewer")
    membership.role = "brm"
    membership.save()
    update = LogEntry.objects.get_for_object(membership).get(action=LogEntry.Action.UPDATE)
    assert update.changes_dict == {"role": ["viewer", "brm"]}
    assert update.additional_data == {"organisation": org.pk}


def test_it_keeps_answers_and_addresses_out_of_every_entry(client, alice, campaign, invitation, no_broker):
    response = submit_columns(campaign, "business", columns={}, default="4", department="Sales")
    items = set(response.answers.values_list("item__code", flat=True))
    client.force_login(alice)
    client.post(reverse("manage:invitation_link", args=[campaign.pk, invitation.pk]))
    client.post(reverse("reports:request", args=[campaign.pk]))
    client.get(reverse("campaigns:scores_export", args=[campaign.pk, "csv"]))
    for entry in LogEntry.objects.all():
        text = json.dumps([entry.object_repr, entry.changes, entry.additional_data, entry.serialized_data])
        assert "pat@example.com" not in text
        assert invitation.token not in text
        assert not any(code in text for code in items)


# --- the audit page --------------------------------------------------------------------------------


def _audit_url(org) -> str:
    return reverse("manage:audit_log", args=[org.slug])


def test_it_shows_the_audit_log_to_admins_only(client, alice, bob, brm, charlie, org):
    client.force_login(alice)
    assert client.get(_audit_url(org)).status_code == 200
    assert _audit_url(org).encode() in client.get(reverse("manage:campaign_list", args=[org.slug])).content
    for user in (bob, brm):
        client.force_login(user)
        assert client.get(_audit_url(org)).status_code == 403
        assert _audit_url(org).encode() not in client.get(reverse("manage:campaign_list", args=[org.slug])).content
    client.force_login(charlie)
    assert client.get(_audit_url(org)).status_code == 404
    client.logout()
    assert client.get(_audit_url(org)).status_code == 302


def test_it_rejects_post_on_the_audit_log(client, alice, org):
    client.force_login(alice)
    assert client.post(_audit_url(org)).status_code == 405


def test_it_lists_who_did_what_when_and_where_newest_first(client, alice, brm, campaign, org, other_org, instrument):
    from tests.helpers import open_campaign

    foreign = open_campaign(other_org, instrument, "Globex round")
    audit_record(actor=None, organisation=other_org, action=AuditEvent.EXPORT, target=foreign, details={})
    client.force_login(brm)
    client.get(reverse("campaigns:scores_export", args=[campaign.pk, "csv"]))
    client.force_login(alice)
    r = client.get(_audit_url(org))
    rows = r.context["rows"]
    assert rows[0]["label"] == "Exported data"
    assert rows[0]["entry"].actor == brm
    assert rows[0]["campaign_name"] == campaign.name
    assert ("kind", "scores") in rows[0]["details"]
    assert all(row["entry"].additional_data["organisation"] == org.pk for row in rows)
    timestamps = [row["entry"].timestamp for row in rows]
    assert timestamps == sorted(timestamps, reverse=True)
    html = r.content.decode()
    assert "bea" in html and "Round 1" in html and "Created the campaign" in html
    assert "Globex round" not in html


@pytest.mark.parametrize("count", [3, 40])
def test_it_lists_a_page_in_constant_queries(client, alice, campaign, org, count, django_assert_max_num_queries):
    for _ in range(count):
        audit_record(actor=alice, organisation=org, action=AuditEvent.EXPORT, target=campaign, details={"n": 1})
        audit_record(actor=None, organisation=org, action=AuditEvent.INSTRUMENT_UPLOAD, target=org, details={})
    client.force_login(alice)
    # session, user, membership, count, page of entries, campaign names, navbar organisations,
    # and the users and instrument versions the page's recorded changes name (one query each,
    # only when the page has such changes)
    with django_assert_max_num_queries(9):
        r = client.get(_audit_url(org))
    assert r.status_code == 200


def test_it_names_what_recorded_changes_point_to(client, alice, campaign, org):
    client.force_login(alice)
    html = client.get(_audit_url(org)).content.decode()
    # The campaign's creation: the instrument by its version, choices by their labels, no ids.
    assert f"instrument:</span> {campaign.instrument.version}" in html
    assert "status:</span> Open" in html
    # alice's membership: by username and role label, and never the organisation's own id.
    assert "user:</span> alice" in html and "role:</span> Admin" in html
    assert "organisation:</span>" not in html


def test_it_paginates_the_audit_log(client, alice, campaign, org):
    for _ in range(60):
        audit_record(actor=alice, organisation=org, action=AuditEvent.EXPORT, target=campaign, details={})
    client.force_login(alice)
    first = client.get(_audit_url(org))
    assert len(first.context["rows"]) == 50
    second = client.get(_audit_url(org), {"page": 2})
    assert len(second.context["rows"]) >= 10
    assert {row["entry"].pk for row in first.context["rows"]}.isdisjoint(
        row["entry"].pk for row in second.context["rows"]
    )
