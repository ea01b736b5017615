"""`manage.py refresh_snapshots` brings snapshots stored in an older shape up to date, and the
scores read from them do not change."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import PublishedSnapshot
from brmportal.lib.aggregates import SNAPSHOT_VERSION
from tests.helpers import scores_of, submit_columns

pytestmark = pytest.mark.django_db


def test_it_rebuilds_only_old_snapshots_and_keeps_the_scores(campaign):
    for side in ("business", "it") * 3:
        submit_columns(campaign, side, columns={"BEH-IT-7": "2"}, default="4")
    before = scores_of(campaign=campaign)
    snapshot = PublishedSnapshot.objects.get(campaign=campaign)
    # An older portal's snapshot: counts and sums only, no version.
    stored = json.loads(snapshot.data["packed"])
    old = {"sources": stored["sources"], "tallies": [row[:8] for row in stored["tallies"]]}
    PublishedSnapshot.objects.filter(pk=snapshot.pk).update(data=old)
    out = StringIO()
    call_command("refresh_snapshots", stdout=out)
    assert out.getvalue().strip() == "Rebuilt 1 snapshot(s)."
    assert PublishedSnapshot.objects.get(pk=snapshot.pk).data["version"] == SNAPSHOT_VERSION
    assert scores_of(campaign=campaign) == before
    out = StringIO()
    call_command("refresh_snapshots", stdout=out)
    assert out.getvalue().strip() == "Rebuilt 0 snapshot(s)."
