from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Campaign
from assessments.scoring import campaign_scores
from assessments.selectors.actions import campaign_actions_json
from assessments.selectors.benchmark import benchmark_json
from assessments.selectors.comments import campaign_comments, comments_json
from assessments.selectors.consensus import campaign_consensus, consensus_json
from assessments.selectors.partners import partners_json
from assessments.selectors.trends import campaign_trend_json
from assessments.wording import scores_json
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.labels import ASPECTS, GROUPS, OVERALL

# Seed 004's order (assessments.recommendations.STAGES).
STAGES = {1: "know what you do", 2: "stop the bleeding", 3: "integrate"}


def _num(value: float | None, fmt: str = "{:.2f}") -> str:
    return "n/a" if value is None else fmt.format(value)


def _fit(group: dict[str, Any] | None, aspect: str, missing: str) -> str:
    if group is None:
        return missing
    fit = group.get(aspect)
    if fit is None:
        return "no answers"
    return f"{fit['model']} (index {_num(fit['index'])}, margin {_num(fit.get('margin'))})"


class Command(BaseCommand):
    help = (
        "Print a campaign's scores (relationship, behaviours, practices, trust, maturity, recommendations and "
        "their appendix, strengths, flagged respondents, low-reliability scales)."
    )

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
            computed = campaign_scores(campaign=campaign, department=options.get("department"))
            scores = scores_json(computed, instrument=campaign.instrument)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        # Counts only, never a text; null for a department or when no side reaches the threshold.
        scores["comments"] = comments_json(campaign_comments(campaign=campaign, department=options.get("department")))
        # What the workshop agreed (issue #19): the group's decisions, beside the computed scores, not in them.
        scores["consensus"] = consensus_json(campaign_consensus(campaign=campaign))
        # The benchmark across organisations (issue #20): the whole campaign of a contributor, else null.
        scores["benchmark"] = None if options.get("department") else benchmark_json(campaign=campaign, scores=computed)
        # The action plan (issue #19): this round's actions, then earlier rounds' with how what they targeted moved.
        scores["actions"] = campaign_actions_json(campaign=campaign)
        # Every round of the organisation up to this one (issue #19 item 3); null with fewer than two.
        scores["trend"] = campaign_trend_json(campaign=campaign, department=options.get("department"))
        # Each business unit's pair with IT (issue #20): [] without units, null for a department.
        scores["partners"] = None if options.get("department") else partners_json(campaign=campaign)
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
            out(f"BRM maturity: {overall['score']:.2f} of 5, level {overall['level']} ({overall['name']}), indicative")
        else:
            out("BRM maturity: not enough answers (overall maturity needs both sides)")
        self._recommendations(scores)
        self._strengths(scores["strengths"])
        self._flags(scores["flags"])
        low = [r for r in scores["reliability"] if r["low"]]
        out(f"Low reliability (alpha under 0.6): {len(low)}" if low else "Low reliability (alpha under 0.6): none")
        for r in low:
            alphas = ", ".join(f"{group} {_num(alpha)}" for group, alpha in r["alpha"].items() if alpha is not None)
            out(f"  {r['scale']} ({r['aspect']}): {alphas}")

    def _recommendations(self, scores: dict[str, Any]) -> None:
        out = self.stdout.write
        main, appendix = scores["recommendations"], scores["recommendations_appendix"]
        out(f"Recommendations: {len(main)}")
        for rec in main:
            marks = ["quick win"] if rec["quick_win"] else []
            marks += [f"stage: {STAGES[rec['stage']]}"] if rec["stage"] in STAGES else []
            waits = f"; waits for {', '.join(rec['prerequisites'])}" if rec["prerequisites"] else ""
            ci = rec["ci"]
            gap = f"gap {rec['gap']:.2f} ({_num(ci[0])} to {_num(ci[1])})" if ci else f"gap {rec['gap']:.2f}"
            out(f"  {rec['rank']}. {rec['code']} ({', '.join([*marks, gap])}{waits}): {rec['trigger']}")
        out(f"Appendix: {len(appendix)} more")

    def _strengths(self, strengths: list[dict[str, Any]]) -> None:
        out = self.stdout.write
        out(f"Strengths: {len(strengths)}" if strengths else "Strengths: none clear yet")
        for s in strengths:
            kind = "hidden strength" if s["kind"] == "hidden_strength" else "strength"
            out(f"  {s['code']} ({kind}, {_num(s['value'])}, {_num(s['ci'][0])} to {_num(s['ci'][1])}): {s['text']}")

    def _flags(self, flags: dict[str, Any]) -> None:
        counts = flags["counts"]
        parts = [
            f"{name} {counts[name].get('flagged', 0)}"
            + "".join(f", {key[5:]} {n}" for key, n in counts[name].items() if key.startswith("flag:"))
            for name in ("business", "it")
            if name in counts
        ]
        if flags["excluded"]:
            state = "left out"
        elif flags["refused"] == "open":
            state = "kept (leaving them out applies once the campaign is closed)"
        elif flags["refused"] == "small":
            state = "kept (leaving them out would show the answers of fewer than the threshold)"
        else:
            state = "kept"
        self.stdout.write(f"Flagged respondents: {'; '.join(parts) or 'none counted'}; {state}")
