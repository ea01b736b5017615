"""Two rounds of one organisation and an action between them (issue #19 items 2 and 4), shared by
the movement, dashboard and PDF tests. The figures are small enough to work out by hand:

TRU-2 ("Seeing what we pay for"), each side's three answers (everything else 3):
- round 1: business 2, 2, 2 (mean 2.0); IT 3, 3, 3 (mean 3.0)
- round 2: business 4, 4, 4 (mean 4.0); IT 3, 3, 4 (mean 3.33)
Business moved by +2.0: with the variance floor (1/12) each mean's se is 0.167, the difference's
0.236 on 4 degrees of freedom, so its 95 % interval is 2.0 +- 2.776 x 0.236 = [1.35, 2.65]: clear,
and up is better for a trust statement: "a clear improvement". IT moved by +0.33: se 0.167 and
0.333, the difference's 0.373 on 2.9 degrees of freedom, interval about [-0.86, 1.52]: "within
the noise (+0.3)". With `it_in_round_2=2`, IT is under the threshold (3) in round 2: not shown,
and neither is the business, since everyone is (everyone - business = IT).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from assessments.services.actions import action_create
from tests.helpers import open_campaign, submit_columns

DONE_ON = date(2026, 3, 15)
SENTENCE = (
    "Seeing what we pay for: Business 2.0 → 4.0, a clear improvement; IT 3.0 → 3.3, within the noise (+0.3), "
    "after the action “One-page service report”, done in March 2026."
)


def _answers(campaign, side: str, values: list[str], columns: dict[str, str] | None = None, last: bool = True) -> None:
    for i, value in enumerate(values):
        submit_columns(
            campaign, side, columns={"TRU-2": value, **(columns or {})}, publish=last and i == len(values) - 1
        )


def two_rounds(org, instrument, *, it_in_round_2: int = 3, user=None) -> SimpleNamespace:
    first = open_campaign(org, instrument, "Round 1")
    _answers(first, "business", ["2", "2", "2"], last=False)
    _answers(first, "it", ["3", "3", "3"])
    action = action_create(
        campaign=first,
        title="One-page service report",
        owner_name="Kari Lunde",
        owner_email="kari@example.com",
        due_on=date(2026, 3, 31),
        targets=["TRU-2"],
        source="TRU-2",
        status="done",
        done_on=DONE_ON,
        user=user,
    )
    dropped = action_create(
        campaign=first,
        title="Dropped idea",
        owner_name="Per Olsen",
        owner_email="per@example.com",
        due_on=date(2026, 2, 1),
        targets=["TRU-2"],
        status="dropped",
    )
    second = open_campaign(org, instrument, "Round 2")
    _answers(second, "business", ["4", "4", "4"], last=False)
    _answers(second, "it", ["3", "3", "4"][:it_in_round_2])
    return SimpleNamespace(first=first, second=second, action=action, dropped=dropped)
