"""The benchmark's rules as plain functions (issue #20 item 5): quartiles, the 5-organisation
rule per cell, and no two versions differing in a cell by one to four organisations."""

from __future__ import annotations

import pytest

from assessments.benchmark_rules import (
    BOTTOM,
    LOWER_MIDDLE,
    MEDIAN,
    TOP,
    UPPER_MIDDLE,
    Published,
    cells_build,
    differing,
    percentile,
    position,
)


def _orgs(values: dict[str, float], key: str = "x") -> dict[str, dict[str, float]]:
    return {org: {key: value} for org, value in values.items()}


def test_it_interpolates_the_quartiles_between_the_nearest_figures():
    ordered = [1.0, 2.0, 3.0, 4.0, 10.0, 11.0]
    assert percentile(ordered, 0.25) == pytest.approx(2.25)
    assert percentile(ordered, 0.5) == pytest.approx(3.5)
    assert percentile(ordered, 0.75) == pytest.approx(8.5)
    assert percentile([2.0, 4.0, 6.0, 8.0, 10.0], 0.5) == 6.0


def test_it_makes_no_cell_from_fewer_than_five_organisations():
    four = _orgs({"1": 1.0, "2": 2.0, "3": 3.0, "4": 4.0})
    assert cells_build(contributions=four, history=[]) == ({}, 0)
    five = {**four, **_orgs({"5": 5.0})}
    cells, withheld = cells_build(contributions=five, history=[])
    assert cells == {"x": {"organisations": 5, "p25": 2.0, "p50": 3.0, "p75": 4.0}}
    assert withheld == 0


def test_it_keeps_only_the_quartiles_never_the_lowest_or_highest_figure():
    cells, _ = cells_build(contributions=_orgs({str(n): float(n) for n in range(1, 8)}), history=[])
    assert set(cells["x"]) == {"organisations", "p25", "p50", "p75"}
    quartiles = [cells["x"][name] for name in ("p25", "p50", "p75")]
    assert quartiles == [2.5, 4.0, 5.5] and min(quartiles) > 1.0 and max(quartiles) < 7.0


def test_it_counts_organisations_that_joined_left_or_changed():
    assert differing({"1": 1.0, "2": 2.0}, {"1": 1.0, "2": 2.0}) == 0
    assert differing({"1": 1.0, "2": 2.0}, {"2": 2.5, "3": 3.0}) == 3
    assert differing({"1": {"x": 1.0}}, {"1": {"x": 1.0, "y": 2.0}}) == 1


def test_it_holds_a_cell_back_that_one_to_four_organisations_changed_since_a_version_showed_it():
    first = _orgs({str(n): float(n) for n in range(1, 7)})
    shown = Published(contributions=first, shown=frozenset({"x"}))
    one_more = {**first, **_orgs({"7": 7.0})}
    assert cells_build(contributions=one_more, history=[shown]) == ({}, 1)
    five_more = {**first, **_orgs({str(n): float(n) for n in range(7, 12)})}
    cells, withheld = cells_build(contributions=five_more, history=[shown])
    assert cells["x"]["organisations"] == 11 and withheld == 0
    # Unchanged since: shown again, the same figures.
    assert cells_build(contributions=first, history=[shown])[0]["x"]["p50"] == 3.5


def test_it_compares_with_every_earlier_version_not_only_the_last():
    # Version 1 shows {1..6}; version 2 {2..6, 7..10} (5 changes); a third that returns to
    # version 1 but for one organisation would isolate it against version 1.
    v1 = _orgs({str(n): float(n) for n in range(1, 7)})
    v2 = {**_orgs({str(n): float(n) for n in range(2, 7)}), **_orgs({str(n): float(n) for n in range(7, 11)})}
    history = [Published(v1, frozenset({"x"})), Published(v2, frozenset({"x"}))]
    back = {**v1, **_orgs({"6": 6.5})}
    assert differing(v2, back) >= 5
    assert cells_build(contributions=back, history=history) == ({}, 1)


def test_it_ignores_versions_that_did_not_show_the_cell():
    small = Published(_orgs({"1": 1.0, "2": 2.0}), frozenset())
    cells, withheld = cells_build(contributions=_orgs({str(n): float(n) for n in range(1, 6)}), history=[small])
    assert "x" in cells and withheld == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.9, BOTTOM), (2.0, LOWER_MIDDLE), (2.96, MEDIAN), (3.2, UPPER_MIDDLE), (4.0, UPPER_MIDDLE), (4.06, TOP)],
)
def test_it_says_where_a_figure_falls_from_the_digits_shown(value, expected):
    cell = {"organisations": 5, "p25": 2.04, "p50": 3.0, "p75": 4.0}
    assert position(value, cell, 1) == expected
