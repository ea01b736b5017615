"""Campaigns with business-partner pairs (issue #20) for the portfolio page, the pair's page and
one-pager and the report's "Portfolio" section: each unit's respondents place the relationship
at a model of their own, so every pair reads differently."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assessments.models import BusinessUnit, Campaign, Item, Response
from assessments.services.snapshots import snapshot_publish
from tests.partners import rate, units

PREFIX = {"passive": "PAS", "provider": "PRO", "partner": "PAR", "peer": "PEE"}


def relationship_columns(campaign: Campaign, today: str, desired: str) -> dict[str, str]:
    """Answers that place a respondent at `today` and `desired`: agree with that model's statements
    (and disagree with its reversed one), disagree with every other model's."""
    columns = {}
    items = Item.objects.filter(instrument_id=campaign.instrument_id, kind="relationship")
    for code, data in items.values_list("code", "data"):
        reversed_ = (data or {}).get("keyed") == "reversed" or code.endswith("-5")
        for aspect, model in (("today", today), ("desired", desired)):
            mine = code.startswith(f"REL-{PREFIX[model]}-")
            columns[f"{code}.{aspect}"] = ("1" if reversed_ else "5") if mine else ("5" if reversed_ else "1")
    return columns


def pair_response(
    campaign: Campaign,
    side: str,
    rated: Sequence[BusinessUnit],
    *,
    today: str,
    desired: str,
    trust: str = "3",
    default: str = "3",
) -> Response:
    """A submitted response (published with the next batch) rating `rated`, the first primary,
    placing the relationship at `today` and `desired`; the same answers about every unit it rates."""
    trust_items = Item.objects.filter(instrument_id=campaign.instrument_id, kind="trust").values_list("code", flat=True)
    columns = {**relationship_columns(campaign, today, desired), **dict.fromkeys(trust_items, trust)}
    return rate(campaign, side, rated, value=default, columns=columns)


def portfolio(campaign: Campaign, *, sales_today: str = "partner", people: int = 3) -> Mapping[str, BusinessUnit]:
    """Finance: business Passive -> Partner (trust 2), IT 3 serving Finance only and 3 serving
    Sales then Finance (Provider -> Partner, trust 3); Sales: business `sales_today` -> Peer
    (trust 4); HR: 3 IT respondents and no business one, so its pair has no data. `people` per
    group; published in one batch."""
    found = units(campaign, "Finance", "Sales", "HR")
    finance, sales, hr = found["Finance"], found["Sales"], found["HR"]
    for _ in range(people):
        pair_response(campaign, "business", [finance], today="passive", desired="partner", trust="2")
        pair_response(campaign, "business", [sales], today=sales_today, desired="peer", trust="4")
        pair_response(campaign, "it", [finance], today="provider", desired="partner", trust="3")
        pair_response(campaign, "it", [sales, finance], today="provider", desired="partner", trust="3")
        pair_response(campaign, "it", [hr], today="provider", desired="peer", trust="3")
    snapshot_publish(campaign=campaign)
    return found
