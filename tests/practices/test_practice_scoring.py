"""BiSL practice scoring, worked by hand (pure functions, no database)."""

from __future__ import annotations

import pytest

from brmportal.lib.scoring import Dimension, ItemMeta, Tally, merge
from practices.scoring import practice_means, practice_scores

ASPECTS = ("current", "target")
ITEMS = [
    # The short form names the clusters; this campaign uses the full form.
    ItemMeta(code="BISL-USE", kind="practice", dimension="BISL-USE", group="use", aspects=ASPECTS, form="short"),
    ItemMeta(code="BISL-SUP", kind="practice", dimension="BISL-SUP", group="use", aspects=ASPECTS, form="full"),
    ItemMeta(code="BISL-DAT", kind="practice", dimension="BISL-DAT", group="use", aspects=ASPECTS, form="full"),
    ItemMeta(code="BISL-PLC", kind="practice", dimension="BISL-PLC", group="management", aspects=ASPECTS, form="full"),
]
DIMENSIONS = {
    "BISL-USE": Dimension(code="BISL-USE", name="Day-to-day use"),
    "BISL-SUP": Dimension(code="BISL-SUP", name="End-user support"),
    "BISL-DAT": Dimension(code="BISL-DAT", name="Business data management"),
    "BISL-PLC": Dimension(code="BISL-PLC", name="Planning and control"),
}
BUSINESS = {
    ("BISL-SUP", "current"): Tally(n=2, total=4),  # 2.0
    ("BISL-SUP", "target"): Tally(n=2, total=8),  # 4.0
    ("BISL-DAT", "current"): Tally(n=1, total=3, na=1),  # 3.0, one "not applicable"
    ("BISL-DAT", "target"): Tally(n=2, total=8),  # 4.0
    ("BISL-PLC", "current"): Tally(n=2, total=6),  # 3.0
    ("BISL-PLC", "target"): Tally(n=1, total=4, dk=1),  # 4.0, one "don't know"
}
IT = {
    ("BISL-SUP", "current"): Tally(n=2, total=6),  # 3.0
    ("BISL-SUP", "target"): Tally(n=2, total=8),  # 4.0
    ("BISL-DAT", "current"): Tally(n=2, total=6),  # 3.0
    ("BISL-DAT", "target"): Tally(n=2, total=10),  # 5.0
}


def score():
    groups = {"business": BUSINESS, "it": IT, "overall": merge([BUSINESS, IT])}
    return practice_scores(items=ITEMS, dimensions=DIMENSIONS, groups=groups, form="full")


def test_it_scores_current_target_and_gap_per_practice_and_side():
    entries = {e["code"]: e for e in score()["items"]}
    assert set(entries) == {"BISL-SUP", "BISL-DAT", "BISL-PLC"}  # the short-form item is not in this campaign
    sup = entries["BISL-SUP"]
    # overall current (4 + 6) / 4 = 2.5, target (8 + 8) / 4 = 4.0, gap 1.5
    assert sup["current"] == {"business": 2.0, "it": 3.0, "overall": 2.5}
    assert sup["target"] == {"business": 4.0, "it": 4.0, "overall": 4.0}
    assert sup["gap"] == pytest.approx({"business": 2.0, "it": 1.0, "overall": 1.5})
    plc = entries["BISL-PLC"]
    assert plc["gap"] == {"business": 1.0, "it": None, "overall": 1.0}  # IT did not rate it


def test_it_excludes_not_applicable_and_dont_know_and_counts_them():
    entries = {e["code"]: e for e in score()["items"]}
    dat = entries["BISL-DAT"]
    # current: business 3 (one "not applicable" left out) + IT 6 over 3 scores = 3.0
    assert dat["current"]["overall"] == pytest.approx(3.0)
    assert dat["answers"] == {"current": 3, "target": 4}
    assert dat["not_applicable"] == {"current": 1, "target": 0}
    assert entries["BISL-PLC"]["dont_know"] == {"current": 0, "target": 1}


def test_it_pools_practices_per_cluster():
    clusters = {c["code"]: c for c in score()["clusters"]}
    use = clusters["use"]
    assert use["name"] == "Day-to-day use"  # from the short form's question for the cluster
    # business current (4 + 3) / 3, target (8 + 8) / 4
    assert use["current"]["business"] == pytest.approx(7 / 3)
    assert use["target"]["business"] == pytest.approx(4.0)
    # overall current (4 + 3 + 6 + 6) / 7 = 19/7, target (8 + 8 + 8 + 10) / 8 = 4.25
    assert use["current"]["overall"] == pytest.approx(19 / 7)
    assert use["gap"]["overall"] == pytest.approx(4.25 - 19 / 7)
    assert clusters["management"]["name"] == "management"  # no short-form question: the code


def test_it_ranks_the_largest_target_gaps():
    # SUP 1.5, DAT 4.5 - 3.0 = 1.5 (tie: questionnaire order), PLC 1.0
    assert [e["code"] for e in score()["largest_gaps"]] == ["BISL-SUP", "BISL-DAT", "BISL-PLC"]


def test_it_averages_all_practices_for_the_overall_maturity():
    # current: (4 + 3 + 6) / 5 = 2.6; target: (8 + 8 + 4) / 5 = 4.0
    assert practice_means(items=ITEMS, tallies=BUSINESS, form="full") == pytest.approx({"current": 2.6, "target": 4.0})


def test_it_keeps_an_unreported_side_null():
    groups = {"business": BUSINESS, "it": None, "overall": merge([BUSINESS, IT])}
    result = practice_scores(items=ITEMS, dimensions=DIMENSIONS, groups=groups, form="full")
    assert result["current"]["it"] is None
    # everyone: (4 + 3 + 6 + 6 + 6) / 9
    assert result["current"]["overall"] == pytest.approx(25 / 9)
