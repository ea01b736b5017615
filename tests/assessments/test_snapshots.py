"""Published snapshots: results take in submissions in batches, and padding cannot isolate anyone.

The attacks of issue #13 reproduced through the real pages, as the organisation's own BRM:
- differencing: read the dashboard and the scores export before and after a named person
  submits, and subtract;
- padding: import made-up rows (or answer online yourself) to lift a group of one real person
  over the threshold.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import PublishedSnapshot, Response
from assessments.selectors.aggregates import campaign_aggregates
from assessments.selectors.instruments import campaign_pages
from assessments.services.campaigns import campaign_close
from assessments.services.invitations import invitation_create
from assessments.services.snapshots import cells_due, snapshot_publish, snapshot_refresh
from brmportal.lib.aggregates import CampaignAggregates
from brmportal.lib.scoring import Tally
from tests.helpers import answers_csv, page_data, page_url, responses_upload_url, scores_of, submit_columns

pytestmark = pytest.mark.django_db


def answer_online(campaign, side: str = "business", department: str = "", value: str = "3"):
    """One respondent answering every page of a personal link in a browser of their own."""
    invitation = invitation_create(campaign=campaign, side=side, department=department)
    browser = Client()
    for page in campaign_pages(campaign=campaign, side=side):
        r = browser.post(page_url(invitation, page.number), page_data(page, value=value))
        assert r.status_code == 302, r.content.decode()[:300]
    r = browser.post(reverse("respondent:submit", args=[invitation.token]))
    assert r.status_code == 302 and r["Location"].endswith("/thanks/"), r.content.decode()[:300]
    return invitation


def scores_csv(client, campaign, department: str | None = None) -> list[dict[str, str]]:
    url = reverse("campaigns:scores_export", args=[campaign.pk, "csv"])
    r = client.get(url, {"department": department} if department else {})
    assert r.status_code == 200
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


# --- The rule, pure -----------------------------------------------------------------------------


def test_it_publishes_a_cell_only_with_a_full_batch_of_online_respondents():
    waiting = {("business", ""): {"link": 2}, ("it", ""): {"link": 3}, ("business", "Sales"): {"open": 1, "link": 2}}
    assert sorted(cells_due(waiting=waiting, threshold=3, final=False)) == [("business", "Sales"), ("it", "")]


def test_it_never_counts_imported_rows_towards_a_batch():
    # 2 online + 5 imported: the 2 would be readable by subtracting the known imported rows.
    assert cells_due(waiting={("it", ""): {"link": 2, "import": 5}}, threshold=3, final=False) == []
    # Imported rows alone isolate nobody who answered online: published at once.
    assert cells_due(waiting={("it", ""): {"import": 1}}, threshold=3, final=False) == [("it", "")]


def test_it_publishes_everything_at_close():
    waiting = {("business", ""): {"link": 1}, ("it", "D"): {"open": 2, "import": 1}}
    assert sorted(cells_due(waiting=waiting, threshold=3, final=True)) == sorted(waiting)


def test_it_stores_and_reads_the_aggregate_unchanged():
    aggregates = CampaignAggregates.from_sources(
        sources={("business", "Sales"): {"link": 3, "import": 2}, ("it", ""): {"open": 4}},
        tallies={("business", "Sales"): {("REL-PAS-1", "today"): Tally(5, 17, 1, 0)}, ("it", ""): {}},
    )
    again = CampaignAggregates.from_json(aggregates.to_json())
    assert again.counts == {("business", "Sales"): 5, ("it", ""): 4}
    assert again.online == {("business", "Sales"): 3, ("it", ""): 4}
    assert again.tallies[("business", "Sales")] == {("REL-PAS-1", "today"): Tally(5, 17, 1, 0)}
    assert again.sources == {("business", "Sales"): {"link": 3, "import": 2}, ("it", ""): {"open": 4}}


# --- Publication through the real pages ----------------------------------------------------------


def test_it_shows_new_submissions_only_in_batches_of_the_threshold(client, alice, campaign):
    client.force_login(alice)
    for _ in range(3):
        answer_online(campaign, value="3")
    assert scores_of(campaign=campaign)["responses"]["business"] == 3
    before = (client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content, scores_csv(client, campaign))

    # A named person submits: nothing anybody can read changes.
    answer_online(campaign, value="5")
    after = (client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content, scores_csv(client, campaign))
    assert after[1] == before[1]
    assert scores_of(campaign=campaign)["responses"]["business"] == 3
    assert b"1 submitted response is waiting for the next batch" in after[0]

    # Two more complete a batch of three: the difference is three people's answers pooled.
    answer_online(campaign, value="1")
    answer_online(campaign, value="1")
    rows = {(r["code"], r["aspect"], r["side"]): r for r in scores_csv(client, campaign)}
    row = rows[("REL-PAS-1", "today", "business")]
    assert (row["n"], row["mean"]) == ("6", "2.67")  # (3*3 + 5 + 1 + 1) / 6
    assert Response.objects.filter(campaign=campaign, published_at__isnull=True).count() == 0


def test_it_publishes_the_rest_at_close(campaign):
    for _ in range(4):
        answer_online(campaign)
    assert scores_of(campaign=campaign)["responses"]["business"] == 3
    campaign_close(campaign=campaign)
    assert scores_of(campaign=campaign)["responses"]["business"] == 4


def test_it_batches_per_department_so_a_department_view_cannot_be_differenced(campaign):
    for department in ("Sales", "Sales", "Sales", "Finance", "Finance", "Finance"):
        answer_online(campaign, department=department)
    # A fourth Sales respondent and two Finance ones make three new campaign-wide, but Sales
    # would grow by one: nothing is published until a department has a batch of its own.
    answer_online(campaign, department="Sales")
    answer_online(campaign, department="Finance")
    answer_online(campaign, department="Finance")
    assert scores_of(campaign=campaign)["responses"]["business"] == 6
    answer_online(campaign, department="Finance")
    assert scores_of(campaign=campaign, department="Sales")["responses"]["business"] == 3
    assert scores_of(campaign=campaign, department="Finance")["responses"]["business"] == 6


def test_it_cannot_be_read_off_by_differencing_averages(client, alice, campaign):
    """Issue #13, attack 4: mean2*n2 - mean1*n1 over one named submission."""
    client.force_login(alice)
    for _ in range(3):
        answer_online(campaign, value="2")

    def totals():
        return {
            (r["code"], r["aspect"]): (int(r["n"]), float(r["mean"]))
            for r in scores_csv(client, campaign)
            if r["side"] == "business"
        }

    first = totals()
    answer_online(campaign, value="5")  # the named person
    second = totals()
    recovered = {key: second[key][0] * second[key][1] - first[key][0] * first[key][1] for key in first}
    assert set(recovered.values()) == {0.0}  # nothing new to subtract


def test_it_keeps_a_group_of_one_real_person_hidden_whatever_is_imported(client, alice, campaign, settings, tmp_path):
    """Issue #13, attack 3: two made-up rows imported beside one real person in a department."""
    from assessments.import_jobs import ImportJob
    from assessments.tasks.imports import import_job_run

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(alice)
    for _ in range(3):
        answer_online(campaign, department="Sales")
    answer_online(campaign, department="Finance", value="5")  # the one real person
    r = client.post(responses_upload_url(campaign), {"file": answers_csv(campaign, [("business", "Finance", "1")] * 2)})
    assert r.status_code == 302
    import_job_run(ImportJob.objects.get().pk)  # as the worker does (issue #15)
    assert ImportJob.objects.get().status == "succeeded"
    campaign_close(campaign=campaign)  # everything published: the strongest position for the BRM
    scores = scores_of(campaign=campaign, department="Finance")
    assert scores["responses"]["business"] == 3
    assert scores["relationship"]["business"] is None
    assert {"side": "business", "department": "Finance", "responses": 3, "reason": "under_threshold"} in scores[
        "anonymity"
    ]["hidden"]
    assert [row for row in scores_csv(client, campaign, "Finance") if row["side"] == "business"] == []
    dashboard = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), {"department": "Finance"})
    assert b"not shown on its own" in dashboard.content
    assert "2 imported from a file" in dashboard.content.decode()


def test_it_shows_a_group_of_imported_rows_only(campaign):
    for _ in range(3):
        submit_columns(campaign, "it", columns={}, department="")
    assert scores_of(campaign=campaign)["relationship"]["it"] is not None
    assert scores_of(campaign=campaign)["sources"] == {"link": 0, "open": 0, "import": 3}


def test_it_rebuilds_the_snapshot_from_the_answers(campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={"REL-PAS-1.today": "4"})
    stored = scores_of(campaign=campaign)
    PublishedSnapshot.objects.filter(campaign=campaign).delete()
    assert scores_of(campaign=campaign) == stored  # rebuilt on read
    PublishedSnapshot.objects.filter(campaign=campaign).update(data={})
    snapshot_refresh(campaign=campaign)
    assert scores_of(campaign=campaign) == stored


def test_it_reads_the_snapshot_in_one_query(campaign, django_assert_num_queries):
    for _ in range(3):
        submit_columns(campaign, "business", columns={})
    campaign_aggregates(campaign=campaign)
    with django_assert_num_queries(1):
        aggregates = campaign_aggregates(campaign=campaign)
    assert aggregates.counts == {("business", ""): 3}


def test_it_publishes_nothing_twice(campaign):
    for _ in range(3):
        submit_columns(campaign, "business", columns={})
    assert snapshot_publish(campaign=campaign) is None  # already published with each import
    assert PublishedSnapshot.objects.get(campaign=campaign).responses == 3
