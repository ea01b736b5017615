"""The anonymity rules in one module: which groups of respondents are not reported on their own.

Pure functions over counts (no ORM), shared by the scores (assessments.scoring, and through them
the dashboard, the PDF and the API) and the exports (workspace.exports), so every reader hides
exactly the same groups. The rules are explained for readers in docs/scoring.md (Anonymity).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from brmportal.lib.aggregates import CampaignAggregates, Measures, merge_measures
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.linalg import cocircuits
from brmportal.lib.scoring import SIDES, Tallies, merge

UNDER_THRESHOLD = "under_threshold"
COMPLEMENTARY = "complementary"


class Group(NamedTuple):
    """A group of respondents: everyone (no side), a side, or a side x department."""

    side: str | None = None
    department: str | None = None


OVERALL = Group()


def hidden_groups(
    *, counts: Mapping[tuple[str, str], int], threshold: int, online: Mapping[tuple[str, str], int] | None = None
) -> dict[Group, str]:
    """The groups not reported on their own, with the reason, from published responses per
    (side, department) (department "" = none given), of which `online` answered online (personal
    or open link; None: all of them).

    What protects a group is its respondents who answered online: imported rows are typed in by
    staff and could be made up to pad a group. So a group's size for the threshold is its
    online respondents, or, when it has none, its imported rows (an all-import group, e.g. a
    workshop on paper, is reported by the same rule).

    1. Everyone, a side, or a side x department whose size is 1 .. threshold-1: UNDER_THRESHOLD.
       An empty group hides nothing (it has no answers) and is simply reported as having no data.
    2. Complementary suppression, per side that is reported: the responses of a side that no
       reported department shows (its hidden departments plus those with no department) could
       be derived as side total - reported departments. Unless they are none or their size is
       at least `threshold`, hide the smallest reported department too (COMPLEMENTARY), and repeat.
    3. The same one level up: if one side is under the threshold while everyone is reported,
       the other side is hidden too (COMPLEMENTARY), since everyone - business = IT.
    Hidden groups still count in every total above them (their side, everyone).
    """
    online = counts if online is None else online

    def small(cells: Iterable[tuple[str, str]]) -> bool:
        cells = list(cells)
        total = sum(counts.get(cell, 0) for cell in cells)
        size = sum(online.get(cell, 0) for cell in cells) or total
        return 0 < total and size < threshold

    hidden: dict[Group, str] = {}
    if small(counts):
        hidden[OVERALL] = UNDER_THRESHOLD
    for side in SIDES:
        cells = [cell for cell in counts if cell[0] == side]
        if small(cells):
            hidden[Group(side)] = UNDER_THRESHOLD
        departments = {d: counts[(s, d)] for s, d in cells if d and counts[(s, d)] > 0}
        for department in departments:
            if small([(side, department)]):
                hidden[Group(side, department)] = UNDER_THRESHOLD
        unshown = [(side, "")] + [(side, d) for d in departments if Group(side, d) in hidden]
        shown = sorted((n, d) for d, n in departments.items() if Group(side, d) not in hidden)
        while small(unshown) and shown:
            _n, department = shown.pop(0)
            hidden[Group(side, department)] = COMPLEMENTARY
            unshown.append((side, department))
    # The same subtraction works one level up: everyone - business = IT. When one side is under
    # the threshold and everyone is reported, the other side is hidden too (with its departments).
    under = [side for side in SIDES if hidden.get(Group(side)) == UNDER_THRESHOLD]
    if len(under) == 1 and OVERALL not in hidden:
        other = next(side for side in SIDES if side != under[0])
        if sum(n for (s, _), n in counts.items() if s == other) > 0:
            hidden[Group(other)] = COMPLEMENTARY
            for (s, department), n in counts.items():
                if s == other and department and n > 0:
                    hidden.setdefault(Group(other, department), COMPLEMENTARY)
    return hidden


class ReportGroups(NamedTuple):
    """The groups a campaign (or one department of it) reports on, after the anonymity rules."""

    hidden: dict[Group, str]
    groups: dict[str, Tallies | None]  # "business", "it", "overall" -> tallies, None = not reported
    responses: dict[str, int]
    measures: dict[str, Measures | None]  # the same groups' respondents' figures (None with the group)


def report_groups(
    *,
    aggregates: CampaignAggregates,
    threshold: int,
    departments: Sequence[str] = (),
    department: str | None = None,
) -> ReportGroups:
    """The tallies of business, IT and everyone, or of business x D, IT x D and all of D.

    Shared by the scores and the per-item export so both hide exactly the same groups. All of D
    is hidden when either of its sides is hidden (or it would give the hidden side away by
    subtraction). Unknown D raises ApplicationError.
    """
    counts = aggregates.counts
    hidden = hidden_groups(counts=counts, threshold=threshold, online=aggregates.online)
    cells = aggregates.tallies
    groups: dict[str, Tallies | None]
    measures: dict[str, Measures | None]
    if department is None:
        hidden_names = {side: Group(side) in hidden for side in SIDES} | {"overall": OVERALL in hidden}
        merged = {name: aggregates.group(name) for name, is_hidden in hidden_names.items() if not is_hidden}
        groups = {name: merged[name][0] if name in merged else None for name in hidden_names}
        measures = {name: merged[name][1] if name in merged else None for name in hidden_names}
        responses = {side: sum(n for (s, _), n in counts.items() if s == side) for side in SIDES}
    else:
        known = set(departments) | {d for _, d in counts if d}
        if department not in known:
            raise ApplicationError(
                f"The campaign has no department {department!r}. Known: {', '.join(sorted(known)) or 'none'}."
            )
        groups = {
            side: None if Group(side, department) in hidden else cells.get((side, department), {}) for side in SIDES
        }
        any_hidden = any(Group(side, department) in hidden for side in SIDES)
        groups["overall"] = None if any_hidden else merge(cells.get((side, department), {}) for side in SIDES)
        responses = {side: counts.get((side, department), 0) for side in SIDES}
        shown = {side: [(side, department)] for side in SIDES}
        shown["overall"] = [(side, department) for side in SIDES]
        measures = {
            name: None
            if tallies is None
            else merge_measures(aggregates.measures.get(cell, Measures()) for cell in shown[name])
            for name, tallies in groups.items()
        }
    return ReportGroups(hidden=hidden, groups=groups, responses=responses, measures=measures)


def comment_sides_shown(
    *, counts: Mapping[tuple[str, str], int], threshold: int, online: Mapping[tuple[str, str], int] | None = None
) -> frozenset[str]:
    """The sides whose published comments may be read: each at or above the threshold.

    Comments are shown for the whole campaign only, never per department or source (a quote of
    a department of four is a quote of one of four named people). A side under the threshold
    shows none of its comments, since each open question is asked of one side and so names it;
    when everyone is under the threshold nothing is shown. Complementary suppression (rule 2 and
    3 of `hidden_groups`) is about numbers derived by subtraction: no text can be, so a side
    hidden only as the complement of the other keeps its comments.
    """
    hidden = hidden_groups(counts=counts, threshold=threshold, online=online)
    responses = {side: sum(n for (s, _), n in counts.items() if s == side) for side in SIDES}
    return comment_sides(hidden=hidden, responses=responses)


def comment_sides(*, hidden: Mapping[Group, str], responses: Mapping[str, int]) -> frozenset[str]:
    """`comment_sides_shown` from groups already hidden (`hidden_groups`, or a campaign's scores)
    and the published responses per side."""
    if OVERALL in hidden:
        return frozenset()
    return frozenset(
        side for side in SIDES if hidden.get(Group(side)) != UNDER_THRESHOLD and responses.get(side, 0) > 0
    )


# --- Business-partner pairs (issue #20) --------------------------------------------------------

# A published response's place for the pair rules: (side, department, the units it rates).
Combo = tuple[str, str, frozenset[int]]
NO_DATA = "no_data"


def hidden_pairs(
    *,
    combos: Mapping[Combo, int],
    online: Mapping[Combo, int] | None = None,
    units: Iterable[int],
    threshold: int,
    hidden: Mapping[Group, str],
) -> dict[int, str]:
    """The business units whose pair with IT is not reported, with the reason, from published
    responses per (side, department, units rated) of which `online` answered online; `hidden`
    are the campaign's hidden groups (`hidden_groups`), whose departments stay hidden.

    A pair's side is every response of that side rating the unit; an IT respondent serving
    several units is in several pairs, so pairs overlap and one pair minus another can be a
    few people (IT of Finance minus IT of Sales = who serves Finance only). The rules:
    1. A pair with a side that has no responses: NO_DATA; with a side of 1 .. threshold-1
       (by its online respondents, as `hidden_groups` counts): UNDER_THRESHOLD. A pair is
       reported only with both sides (a relationship needs both).
    2. A reader can add and subtract the reported groups of a side (the side, its reported
       departments, its reported pairs). Respondents who belong to exactly the same reported
       groups form an "atom" (a department part, a reported department or all the others, and
       the same set of reported units); any derived sum covers whole atoms. The smallest sets
       of atoms such a sum can isolate are the cocircuits of the groups' membership matrix
       (brmportal.lib.linalg.cocircuits). While one holds 1 .. threshold-1 respondents (online
       ones; imported rows never protect anyone), the smallest reported pair that reaches into
       it is hidden too (COMPLEMENTARY), and the check runs again. It ends, at worst, with no
       pair reported, which `hidden_groups` has made safe. When the sets are too many to
       enumerate, every atom itself must hold 0 or >= threshold (stricter, never weaker).
    Publication keeps this true over time: responses are published in batches per
    (side, department, units rated) (assessments.services.snapshots), and every atom is a union of those.
    """
    online = combos if online is None else online
    units = list(units)

    def size(cells: Iterable[Combo]) -> tuple[int, int]:
        cells = list(cells)
        total = sum(combos.get(cell, 0) for cell in cells)
        return total, sum(online.get(cell, 0) for cell in cells) or total

    def members(side: str, unit: int) -> list[Combo]:
        return [c for c in combos if c[0] == side and unit in c[2]]

    found: dict[int, str] = {}
    for unit in units:
        sizes = [size(members(side, unit)) for side in SIDES]
        if any(total == 0 for total, _n in sizes):
            found[unit] = NO_DATA
        elif any(n < threshold for _t, n in sizes):
            found[unit] = UNDER_THRESHOLD
    while True:
        reported = {unit for unit in units if unit not in found}
        next_hidden = _pair_to_hide(combos, size, reported, threshold, hidden, online)
        if next_hidden is None:
            return found
        found[next_hidden] = COMPLEMENTARY


def _pair_to_hide(
    combos: Mapping[Combo, int],
    size: Callable[[Iterable[Combo]], tuple[int, int]],
    reported: set[int],
    threshold: int,
    hidden: Mapping[Group, str],
    online: Mapping[Combo, int],
) -> int | None:
    """Rule 2 of `hidden_pairs`: the next pair to hide, or None when no small set is derivable."""
    if not reported:
        return None
    for side in SIDES:
        atoms: dict[tuple[str | None, frozenset[int]], list[Combo]] = {}
        for combo in combos:
            if combo[0] == side:
                department = combo[1] if combo[1] and Group(side, combo[1]) not in hidden else None
                atoms.setdefault((department, combo[2] & reported), []).append(combo)
        keys = sorted(atoms, key=lambda key: (key[0] or "", sorted(key[1])))
        # One row per reported group of the side: the side, each reported department, each pair.
        departments = sorted({d for d, _ in keys if d is not None})
        columns = [
            [1, *(int(d == department) for department in departments), *(int(u in units) for u in sorted(reported))]
            for d, units in keys
        ]
        kept = [sum(online.get(c, 0) for c in atoms[key]) >= threshold for key in keys]
        try:
            found = cocircuits(columns, kept)
        except ValueError:  # too many groups to count exactly: every atom on its own instead
            found = None
        candidates = [[keys[i] for i in c] for c in found] if found is not None else [[key] for key in keys]
        for derived in sorted(candidates, key=lambda c: size(cell for key in c for cell in atoms[key])[1]):
            total, n = size(cell for key in derived for cell in atoms[key])
            if not 0 < total or n >= threshold:
                continue
            # The pairs of the set itself, else those reaching into its department parts (none:
            # it is a department's remainder, which `hidden_groups` already keeps whole).
            parts = {department for department, _ in derived}
            near = {u for _, units in derived for u in units} or {u for d, units in keys if d in parts for u in units}
            if not near:
                continue
            return min(near, key=lambda u: (size(c for c in combos if c[0] == side and u in c[2])[1], u))
    return None
