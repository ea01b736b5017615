"""The demo organisation's business partners (issue #20): `seed_demo` covers four business units
in every round, so the portfolio shows with `make run`.

The story is designed, not drawn: Finance lives a Passive relationship and wants a Partner,
Sales is a Partner already (and wants a Peer), Operations has a Provider, and HR is small: only threshold - 1 IT
people serve it, so its pair is "not shown" while every other pair has enough on both sides.
A unit moves its respondents' answers on the unit-dependent scales (`UNIT_SHIFTS`, added to the
side's design means of `assessments.demo_answers`); the shifts are centred per side over the
respondents' first units, so each side's figures over the whole campaign keep the demo's story.

Business respondents rate their own unit (their department is its name). IT respondents work in
teams of `threshold` people (the last team takes the rest), each team in one IT department and
serving the same one to MAX_SERVED units, as account teams do: so every group the pair rules
check (assessments.anonymity.hidden_pairs: the respondents of one department serving the same
units) holds a whole team or more, and no pair is hidden to protect a group of one or two. Each
member's first unit (the one their ordinary answers are about) is a different one of the team's;
they answer the unit-dependent items (`assessments.slices.per_partner_kinds`) once more for each
further unit (`PartnerAnswer`), as the questionnaire asks them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from accounts.models import Organisation
from assessments.demo_answers import Scale
from assessments.models import Campaign
from assessments.partners import MAX_SERVED, BusinessUnit, ResponsePartner
from assessments.services.partners import unit_create

UNITS = ("Finance", "Sales", "Operations", "HR")
SMALL_UNIT = "HR"
# Shares of the business respondents; a unit not listed (bench/portfolio.py's) gets an equal share.
BUSINESS_SHARES = {"Finance": 0.34, "Sales": 0.26, "Operations": 0.26, "HR": 0.14}
# How many units an IT respondent serves: 1, 2 or 3.
SERVED_WEIGHTS = (0.45, 0.35, 0.2)

# Points added to the side's design mean, per unit and scale, before centring: today's
# relationship and trust differ by unit, and what the unit wants: Finance and Operations a
# Partner (less Peer than the design), Sales, a Partner already, a Peer.
UNIT_SHIFTS: dict[str, dict[Scale, float]] = {
    "Finance": {
        ("relationship", "passive", "today"): 0.8,
        ("relationship", "provider", "today"): -1.0,
        ("relationship", "partner", "today"): -0.6,
        ("relationship", "peer", "today"): -0.25,
        ("relationship", "peer", "desired"): -1.0,
        ("trust", "", "value"): -0.5,
    },
    "Sales": {
        ("relationship", "passive", "today"): -1.0,
        ("relationship", "provider", "today"): 0.3,
        ("relationship", "partner", "today"): 2.0,
        ("relationship", "peer", "today"): 0.4,
        ("relationship", "peer", "desired"): 1.0,
        ("trust", "", "value"): 0.6,
    },
    "Operations": {
        ("relationship", "passive", "today"): -0.5,
        ("relationship", "provider", "today"): 1.0,
        ("relationship", "partner", "today"): -0.5,
        ("relationship", "peer", "today"): -0.2,
        ("relationship", "peer", "desired"): -0.5,
        ("trust", "", "value"): 0.2,
    },
}


def demo_units(*, organisation: Organisation) -> list[BusinessUnit]:
    """The demo's active business units, in UNITS order: those missing are made, those there kept
    (one archived in the workspace stays archived and is left out)."""
    found = {unit.name: unit for unit in BusinessUnit.objects.filter(organisation=organisation, name__in=UNITS)}
    units = [found.get(name) or unit_create(organisation=organisation, name=name) for name in UNITS]
    return [unit for unit in units if unit.active]


def campaign_units(campaign: Campaign) -> list[BusinessUnit]:
    """The units `campaign` covers, in the order they were made (UNITS order for the demo's)."""
    return list(campaign.partners.order_by("pk"))


def _business_units(count: int, units: Sequence[BusinessUnit], rng: random.Random) -> list[BusinessUnit]:
    """`count` business respondents' units by BUSINESS_SHARES (largest remainder), shuffled."""
    weights = [BUSINESS_SHARES.get(unit.name, 1.0 / len(units)) for unit in units]
    quotas = [count * w / sum(weights) for w in weights]
    counts = [int(q) for q in quotas]
    for n in sorted(range(len(units)), key=lambda n: counts[n] - quotas[n])[: count - sum(counts)]:
        counts[n] += 1
    chosen = [unit for unit, n in zip(units, counts, strict=True) for _ in range(n)]
    rng.shuffle(chosen)
    return chosen


class Rated(NamedTuple):
    """What a demo response rates: its units (first unit first) and its department ("": none
    chosen here, for a campaign without units)."""

    units: tuple[BusinessUnit, ...]
    department: str


def partners_allocate(
    *,
    sides: Sequence[str],
    units: Sequence[BusinessUnit],
    rng: random.Random,
    threshold: int,
    it_departments: Sequence[str],
) -> list[Rated]:
    """What each response rates (no units, no department and no draw from `rng` when `units` is
    empty, so a campaign without units gets the answers it always got).

    1. Business: one unit each, by BUSINESS_SHARES; the department is its name.
    2. IT: in teams of `threshold` (the last takes the rest), team t in department t (in turn)
       serving 1 to MAX_SERVED units (SERVED_WEIGHTS): its first unit in turn over the units but
       SMALL_UNIT, the further ones drawn; a member's first unit is the team's k-th (in turn).
    3. SMALL_UNIT is served by the first `threshold - 1` IT respondents only, as a further unit
       (in place of their last when they serve MAX_SERVED already): its pair stays unreported.
    """
    if not units:
        return [Rated((), "") for _ in sides]
    business = iter(_business_units(sum(side == "business" for side in sides), units, rng))
    small = next((unit for unit in units if unit.name == SMALL_UNIT), None) if len(units) > 1 else None
    main = [unit for unit in units if unit is not small]
    size = max(threshold, 1)
    teams: list[list[BusinessUnit]] = []
    for team in range(max(1, sum(side == "it" for side in sides) // size)):
        count = rng.choices(range(1, MAX_SERVED + 1), weights=SERVED_WEIGHTS)[0]
        first = main[team % len(main)]
        further = [unit for unit in main if unit is not first]
        teams.append([first, *rng.sample(further, min(count - 1, len(further)))])
    rated: list[Rated] = []
    member = 0
    for side in sides:
        if side == "business":
            unit = next(business)
            rated.append(Rated((unit,), unit.name))
            continue
        team = min(member // size, len(teams) - 1)
        served = teams[team][member % len(teams[team]) :] + teams[team][: member % len(teams[team])]
        if small is not None and member < threshold - 1:
            served = served[: MAX_SERVED - 1] + [small]
        rated.append(Rated(tuple(served), it_departments[team % len(it_departments)]))
        member += 1
    return rated


@dataclass(frozen=True)
class UnitShifts:
    """UNIT_SHIFTS centred per side: `of(side, unit, scale)` is what a unit adds to an answer."""

    centre: dict[str, dict[Scale, float]]

    @classmethod
    def centred(cls, *, sides: Sequence[str], rated: Sequence[Rated]) -> UnitShifts:
        centre: dict[str, dict[Scale, float]] = {}
        for side in set(sides):
            firsts = [r.units[0].name for s, r in zip(sides, rated, strict=True) if s == side and r.units]
            scales = {scale for name in firsts for scale in UNIT_SHIFTS.get(name, {})}
            centre[side] = {
                scale: sum(UNIT_SHIFTS.get(name, {}).get(scale, 0.0) for name in firsts) / len(firsts)
                for scale in scales
            }
        return cls(centre=centre)

    def of(self, side: str, unit: BusinessUnit, scale: Scale) -> float:
        return UNIT_SHIFTS.get(unit.name, {}).get(scale, 0.0) - self.centre.get(side, {}).get(scale, 0.0)


def response_partner_rows(
    *, campaign: Campaign, response_ids: Sequence[int], rated: Sequence[Rated]
) -> list[ResponsePartner]:
    """The ResponsePartner rows of saved responses: the first unit primary, in order."""
    return [
        ResponsePartner(
            organisation_id=campaign.organisation_id,
            response_id=response_id,
            partner=unit,
            primary=order == 0,
            order=order,
        )
        for response_id, r in zip(response_ids, rated, strict=True)
        for order, unit in enumerate(r.units)
    ]


def invitation_units(side: str, number: int, units: Sequence[BusinessUnit]) -> list[BusinessUnit]:
    """The units of the open round's `number`-th unanswered invitation of `side`, first unit
    first: a business one's in turn; an IT one serves two, one, then three units in turn, so the
    first IT link `make run` prints shows a unit's pages repeated."""
    if not units:
        return []
    if side == "business":
        return [units[number % len(units)]]
    main = [unit for unit in units if unit.name != SMALL_UNIT] or list(units)
    return [main[(number + n) % len(main)] for n in range(min((2, 1, 3)[number % 3], len(main)))]
