"""Scores stored when a batch is published (assessments.stored_scores, issue #16 item 11): read in
one query, never read once what they were computed from has changed, never unpickled unsigned."""

from __future__ import annotations

import pickle

import pytest

from assessments.scoring import campaign_scores
from assessments.stored_scores import StoredScores, scores_key, scores_pack, scores_unpack
from tests.helpers import cache_clear, submit_columns

pytestmark = pytest.mark.django_db


def _answers(campaign, side: str, default: str, count: int = 3) -> None:
    for _ in range(count):
        submit_columns(campaign, side, columns={}, default=default)


def _read(campaign, department=None):
    cache_clear()  # what is measured is the stored copy, not Django's cache
    return campaign_scores(campaign=campaign.__class__.objects.get(pk=campaign.pk), department=department)


def test_a_published_batch_stores_the_whole_campaigns_scores_which_a_read_uses(campaign, django_assert_num_queries):
    _answers(campaign, "business", "4")
    stored = StoredScores.objects.get(campaign=campaign, department="")
    assert stored.key == scores_key(campaign)
    fresh = campaign.__class__.objects.select_related("instrument").get(pk=campaign.pk)
    cache_clear()
    with django_assert_num_queries(1):
        scores = campaign_scores(campaign=fresh)
    assert scores.responses["business"] == 3
    assert scores == scores_unpack(bytes(stored.data))


def test_a_new_batch_or_a_changed_setting_is_never_answered_from_an_older_copy(campaign):
    _answers(campaign, "business", "4")
    assert _read(campaign).responses == {"business": 3, "it": 0}
    _answers(campaign, "it", "2")  # a new batch: a new snapshot
    assert _read(campaign).responses == {"business": 3, "it": 3}
    before = _read(campaign)
    assert before.anonymity.threshold == 3
    campaign.anonymity_threshold = 4
    # `update_fields` leaves updated_at as it was: the key holds the settings themselves.
    campaign.save(update_fields=["anonymity_threshold"])
    after = _read(campaign)
    assert after.anonymity.threshold == 4
    assert before.anonymity.reason("business") is None
    assert after.anonymity.reason("business") == after.anonymity.reason("it") == "under_threshold"  # 3 < 4


def test_a_copy_from_other_code_is_not_read(campaign, monkeypatch):
    _answers(campaign, "business", "4")
    key = scores_key(campaign)
    monkeypatch.setattr("assessments.stored_scores.code_fingerprint", lambda: "other code")
    assert scores_key(campaign) != key
    assert _read(campaign).responses["business"] == 3
    assert StoredScores.objects.get(campaign=campaign, department="").key == scores_key(campaign)


def test_it_never_unpickles_what_was_not_signed_with_the_secret_key(campaign, settings):
    _answers(campaign, "business", "4")
    honest = StoredScores.objects.get(campaign=campaign, department="")

    class Boom:
        def __reduce__(self):
            return (pytest.fail, ("an unsigned pickle was loaded",))

    # Someone who can write to the database but does not hold the SECRET_KEY.
    forged = b"\0" * 32 + pickle.dumps(Boom())
    StoredScores.objects.filter(pk=honest.pk).update(data=forged)
    assert scores_unpack(forged) is None
    assert _read(campaign).responses["business"] == 3  # computed again, and stored signed
    assert scores_unpack(bytes(StoredScores.objects.get(pk=honest.pk).data)) is not None
    # A changed SECRET_KEY makes every stored copy unreadable: computed again, nothing fails.
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert scores_unpack(bytes(StoredScores.objects.get(pk=honest.pk).data)) is None
    assert _read(campaign).responses["business"] == 3


def test_a_departments_scores_are_stored_on_their_first_read(campaign, django_assert_num_queries):
    for _ in range(3):
        submit_columns(campaign, "business", columns={}, default="3", department="Sales")
    assert not StoredScores.objects.filter(campaign=campaign, department="Sales").exists()
    first = _read(campaign, "Sales")
    stored = StoredScores.objects.get(campaign=campaign, department="Sales")
    assert scores_unpack(bytes(stored.data)) == first
    fresh = campaign.__class__.objects.select_related("instrument").get(pk=campaign.pk)
    cache_clear()
    with django_assert_num_queries(1):
        assert campaign_scores(campaign=fresh, department="Sales") == first


def test_packing_round_trips(campaign):
    _answers(campaign, "it", "5")
    scores = _read(campaign)
    assert scores_unpack(scores_pack(scores)) == scores
