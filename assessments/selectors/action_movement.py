"""Closing the loop (issue #19 item 4): how the items each earlier action targeted moved by this
campaign, per side, from the two campaigns' published figures.

Only published figures are read: each campaign's `campaign_scores` (its published snapshot, the
anonymity rules applied there), so a side hidden in either round has no figure here either. An
action targets items, dimensions or clusters of its own round's version; a dimension or cluster
stands for its items. The items line up across versions through their codes and the content's
`replaces` (an item split or rewritten names the codes it succeeds). The change is judged as the
dashboard's comparison judges it (`assessments.presentation.change`: Welch's interval of the two
means; "within the noise" when it does not exclude zero).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessments.actions import Action
from assessments.item_stats import ItemStats
from assessments.models import Campaign, Item
from assessments.presentation import Change, change
from assessments.results import CampaignScores
from assessments.scoring import campaign_scores
from brmportal.lib.formats import MEAN_PLACES
from brmportal.lib.scoring import GROUP_NAMES, SIDES, Tally
from brmportal.lib.stats import MIN_VARIANCE, Estimate

# The aspect that says where things stand (the relationship's today, a practice's current, or
# the one answer of a behaviour or trust statement); the next round is read on it.
CURRENT_ASPECTS = ("today", "current", "value")
# Where the sides want it to be, for the aspects that have such a partner: what "better" means.
DESIRED_ASPECTS = {"today": "desired", "current": "target"}
# A desired figure this close to where things stood gives no direction to call a move better.
DIRECTION_MARGIN = 0.05

Stats = Mapping[tuple[str, str], ItemStats]


@dataclass(frozen=True)
class SideMovement:
    side: str
    before: Estimate | None
    now: Estimate | None
    # +1: a rise is an improvement, -1: a fall is, 0: neither is known (see `_better`).
    better: int

    @property
    def moved(self) -> Change:
        """The dashboard's change (`presentation.change`): direction, delta and its words."""
        return change(
            self.now.mean if self.now else None,
            self.before.mean if self.before else None,
            self.now,
            self.before,
            places=MEAN_PLACES,
        )

    @property
    def improvement(self) -> bool | None:
        """A clear change in the better direction (True) or the worse (False); None otherwise."""
        moved = self.moved
        if moved.direction not in ("up", "down") or not self.better:
            return None
        return (moved.direction == "up") == (self.better > 0)


@dataclass(frozen=True)
class ItemMovement:
    target: str  # the code the action targeted (an item, dimension or cluster)
    code: str  # the item whose figures are compared, as this campaign's version names it
    kind: str
    aspect: str
    sides: tuple[SideMovement, ...]


@dataclass(frozen=True)
class ActionMovement:
    action: Action
    items: tuple[ItemMovement, ...]


def side_estimate(stats: ItemStats | None, side: str) -> Estimate | None:
    """A side's published mean of an item aspect with the variance floor every interval gets
    (as the workshop's agenda), so two unanimous rounds are not called "clearly" apart."""
    if stats is None or not stats.answered_by(side):
        return None
    counts = stats.counts[GROUP_NAMES.index(side)]
    if counts is None:
        return None
    tally = Tally(*counts)
    return Estimate.of(tally.n, tally.total, tally.sq, MIN_VARIANCE, stats.scale)


def _better(aspect: str, reversed_: bool, before: Estimate | None, desired: Estimate | None) -> int:
    """Which way is better: up for a behaviour seen or a statement agreed with (down for a
    reverse-keyed one); for today or current, toward where the side wants it to be (its desired
    or target figure), unknown when that is not published or lies where things stood."""
    if aspect == "value":
        return -1 if reversed_ else 1
    if before is None or desired is None or abs(desired.mean - before.mean) < DIRECTION_MARGIN:
        return 0
    return 1 if desired.mean > before.mean else -1


def _by_key(scores: CampaignScores) -> dict[tuple[str, str], ItemStats]:
    return {(stat.code, stat.aspect): stat for stat in scores.items}


def item_movements(
    *, targets: Sequence[str], before_items: Sequence[Item], now_items: Sequence[Item], before: Stats, now: Stats
) -> list[ItemMovement]:
    """The movement of every item `targets` name in the earlier version (`before_items`), read
    in this one (`now_items`) on its current aspect, per side (pure: no database)."""
    current = {item.code: item for item in now_items}
    successors: dict[str, list[str]] = {}
    for item in now_items:
        for old in item.data.get("replaces") or ():
            successors.setdefault(old, []).append(item.code)
    found: list[ItemMovement] = []
    seen: set[str] = set()
    for target in targets:
        for item in before_items:
            if target not in (item.code, item.dimension, item.group) or item.code in seen:
                continue
            seen.add(item.code)
            aspect = next((a for a in item.aspects if a in CURRENT_ASPECTS), None)
            if aspect is None:
                continue
            for code in [item.code] if item.code in current else successors.get(item.code, []):
                later = current[code]
                if aspect not in later.aspects:
                    continue
                sides = []
                for side in SIDES:
                    was = side_estimate(before.get((item.code, aspect)), side)
                    is_ = side_estimate(now.get((code, aspect)), side)
                    partner = DESIRED_ASPECTS.get(aspect, "")
                    desired = side_estimate(now.get((code, partner)), side) or side_estimate(
                        before.get((item.code, partner)), side
                    )
                    reversed_ = bool(later.data.get("keyed") == "reversed")
                    sides.append(SideMovement(side, was, is_, _better(aspect, reversed_, was, desired)))
                found.append(ItemMovement(target, code, later.kind, aspect, tuple(sides)))
    return found


def action_movements(
    *, campaign: Campaign, earlier: Sequence[Action], scores: CampaignScores | None = None
) -> list[ActionMovement]:
    """For each earlier action (`campaign_action_plans`' second list) with targets, how its items
    moved from its round to `campaign` (whose whole-campaign `scores` may be given).

    Reads, only when there is an action with targets: the earlier rounds with their versions (1
    query), the items of the versions involved (1) and each earlier round's scores (1 each, none
    when cached): a fixed number whatever the number of responses or actions.
    """
    targeted = [action for action in earlier if action.targets]
    if not targeted:
        return []
    rounds = {
        row.pk: row
        for row in Campaign.objects.select_related("instrument").filter(pk__in={a.campaign_id for a in targeted})
    }
    versions = {campaign.instrument_id} | {row.instrument_id for row in rounds.values()}
    items: dict[int, list[Item]] = {}
    for item in Item.objects.filter(instrument_id__in=versions).order_by("order", "pk"):
        items.setdefault(item.instrument_id, []).append(item)
    now = _by_key(scores or campaign_scores(campaign=campaign))
    before: dict[int, dict[tuple[str, str], ItemStats]] = {}
    found = []
    for action in targeted:
        earlier_round = rounds[action.campaign_id]
        if earlier_round.pk not in before:
            before[earlier_round.pk] = _by_key(campaign_scores(campaign=earlier_round))
        moved = item_movements(
            targets=action.targets,
            before_items=items.get(earlier_round.instrument_id, []),
            now_items=items.get(campaign.instrument_id, []),
            before=before[earlier_round.pk],
            now=now,
        )
        found.append(ActionMovement(action, tuple(moved)))
    return found


def _estimate_json(estimate: Estimate | None) -> dict[str, Any] | None:
    return None if estimate is None else {"mean": round(estimate.mean, 2), "n": estimate.n}


def action_movement_json(movements: Sequence[ActionMovement]) -> dict[int, list[dict[str, Any]]]:
    """Each action's `movement` in the `actions` JSON, by action id: a row per item and side,
    the figures before and now (null when not published) and the change, in codes."""
    found: dict[int, list[dict[str, Any]]] = {}
    for entry in movements:
        rows = found.setdefault(entry.action.pk, [])
        for item in entry.items:
            for side in item.sides:
                moved = side.moved
                rows.append(
                    {
                        "target": item.target,
                        "code": item.code,
                        "aspect": item.aspect,
                        "side": side.side,
                        "before": _estimate_json(side.before),
                        "now": _estimate_json(side.now),
                        "change": moved.delta,
                        # up, down (both clear), noise (within the noise), same, none (not comparable)
                        "direction": moved.direction,
                        "improvement": side.improvement,
                    }
                )
    return found
