"""The core's ranking of the instrument slices' candidate recommendations (pure; no database).

Each slice's own builder (which gap of its results becomes a candidate, and its "Why:" sentence)
is tested in its folder: tests/relationships, tests/behaviours, tests/practices, tests/trust.
"""

from __future__ import annotations

from assessments.recommendations import MIN_GAP, QUICK_WIN_GAP, Recommendation, recommendations_rank


def candidate(code: str, gap: float, effort: str = "medium", weight: float = 1.0, instrument: str = "trust"):
    return Recommendation(
        code=code,
        level="item",
        instrument=instrument,
        dimension=code,
        gap=gap,
        gap_kind="to_top",
        effort=effort,
        weight=weight,
    )


def test_it_drops_gaps_within_the_noise():
    ranked = recommendations_rank([candidate("A", MIN_GAP - 0.01), candidate("B", MIN_GAP)])
    assert [r.code for r in ranked] == ["B"]


def test_it_ranks_quick_wins_first_then_by_gap_times_weight():
    ranked = recommendations_rank(
        [
            candidate("HEAVY", 2.0, weight=2.0),  # priority 4.0
            candidate("QUICK", QUICK_WIN_GAP, effort="low"),  # quick win, priority 1.5
            candidate("LIGHT", 3.0, weight=1.0),  # priority 3.0
            candidate("LOW-SMALL", 1.0, effort="low"),  # low effort but gap < 1.5: not a quick win
        ]
    )
    assert [(r.code, r.quick_win, r.priority, r.rank) for r in ranked] == [
        ("QUICK", True, 1.5, 1),
        ("HEAVY", False, 4.0, 2),
        ("LIGHT", False, 3.0, 3),
        ("LOW-SMALL", False, 1.0, 4),
    ]


def test_it_keeps_instrument_and_questionnaire_order_for_equal_priorities():
    ranked = recommendations_rank(
        [candidate("REL", 1.0, instrument="relationship"), candidate("BEH", 1.0, instrument="behaviour")]
    )
    assert [r.code for r in ranked] == ["REL", "BEH"]
