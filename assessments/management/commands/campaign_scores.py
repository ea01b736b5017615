from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Campaign
from assessments.scoring import campaign_scores
from assessments.wording import scores_json
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.labels import ASPECTS, GROUPS, OVERALL


def _num(value: float | None, fmt: str = "{:.2f}") -> str:
    return "n/a" if value is None else fmt.format(value)


def _fit(group: dict[str, Any] | None, aspect: str, missing: str) -> str:
    if group is None:
        return missing
    fit = group.get(aspect)
    if fit is None:
        return "no answers"
    return f"{fit['model']} (index {_num(fit['index'])}, margin {_num(fit['margin'])})"


class Command(BaseCommand):
    help = "Print a campaign's scores (relationship, behaviours, practices, trust, recommendations)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--json", action="store_true", help="print one JSON object (the documented shape)")
        parser.add_argument("--department", help="score only this department")

    def handle(self, *args, **options) -> None:
        campaign = Campaign.objects.select_related("instrument").filter(pk=options["campaign_id"]).first()
        if campaign is None:
            raise CommandError(f"No campaign with id {options['campaign_id']}.")
        try:
            # English always: --json is read by scripts, and its shape and wording are a contract.
            scores = scores_json(
                campaign_scores(campaign=campaign, department=options.get("department")),
                instrument=campaign.instrument,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(scores, ensure_ascii=False, indent=2))
            return
        self._summary(campaign, scores)

    def _summary(self, campaign: Campaign, scores: dict[str, Any]) -> None:
        out = self.stdout.write
        where = f", department {scores['department']}" if scores["department"] else ""
        out(f"Campaign {campaign.pk}: {campaign.name}{where}")
        responses = scores["responses"]
        out(
            f"Responses: business {responses['business']}, IT {responses['it']} (threshold {scores['anonymity']['threshold']})"
        )
        relationship = scores["relationship"]
        counts = {**responses, OVERALL: sum(responses.values())}
        for aspect in ASPECTS:
            parts = [
                f"{name} {_fit(relationship[name], aspect, 'no responses' if not counts[name] else 'not reported')}"
                for name in GROUPS
            ]
            out(f"Relationship {aspect}: " + "; ".join(parts))
        out(f"Business and IT disagree on today's model: {'yes' if relationship['disagree_today'] else 'no'}")
        trust = scores["trust"]
        out(
            "Trust index: "
            + "; ".join(f"{name} {_num(trust[name] and trust[name]['index'], '{:.0f}')}" for name in GROUPS)
        )
        overall = scores["maturity"]["overall"]
        if overall:
            out(f"BRM maturity: {overall['score']:.2f} of 5, level {overall['level']} ({overall['name']})")
        recommendations = scores["recommendations"]
        out(f"Recommendations: {len(recommendations)}")
        for rec in recommendations[:5]:
            flag = "quick win, " if rec["quick_win"] else ""
            out(f"  {rec['rank']}. {rec['code']} ({flag}gap {rec['gap']:.2f}): {rec['trigger']}")
