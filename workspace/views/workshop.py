"""The consensus workshop (issue #19 item 1): one item at a time, for a projector and a laptop.

The facilitator walks the agenda (`consensus_agenda`: clear business-IT divergences first, then
the widest spread within a side), shows the survey's figures for each side, and records what the
group agreed; the last step records the relationship models. Keys: static/js/workshop.js.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership
from assessments.consensus import ConsensusModel
from assessments.models import BusinessUnit, Campaign
from assessments.results import CampaignScores
from assessments.scoring import campaign_scores
from assessments.selectors.consensus import (
    AgendaItem,
    campaign_consensus,
    consensus_agenda,
    partner_consensus_models,
)
from assessments.selectors.partners import campaign_portfolio
from assessments.services.consensus import consensus_model_record, consensus_record
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.formats import decimal, difference_text, interval_text
from brmportal.lib.labels import ALL_ASPECT_LABELS, SIDE_LABELS
from brmportal.lib.scoring import SIDES
from workspace.access import org_permission_required
from workspace.errors import form_error
from workspace.forms.workshop import ConsensusModelForm, ConsensusValueForm


def _item_url(campaign: Campaign, position: int) -> str:
    return f"{reverse('manage:workshop', args=[campaign.pk])}?item={position}"


def _position(raw: object, count: int) -> int:
    """The agenda position asked for (1-based), kept within the agenda."""
    text = str(raw or "1")
    position = int(text) if text.isdigit() else 1
    return min(max(position, 1), max(count, 1))


def _slide(entry: AgendaItem) -> dict[str, Any]:
    """What the projector shows of one item: its wording per side and each aspect's figures."""
    item, language = entry.item, get_language() or "en"
    texts = [(side, item.text_for(side, language)) for side in item.sides]
    same = len({text for _side, text in texts}) == 1
    return {
        "texts": texts[:1] if same else texts,
        "same_text": same,
        "rows": [
            {
                "aspect": ALL_ASPECT_LABELS.get(row.aspect, ""),
                "business": interval_text(row.business),
                "it": interval_text(row.it),
                "gap": difference_text(row.difference),
                "clear": row.difference is not None and row.difference.clear,
            }
            for row in entry.aspects
        ],
        "scale": (item.scale_min, item.scale_max),
    }


def _render_item(
    request: HttpRequest, campaign: Campaign, position: int, form: ConsensusValueForm | None = None, status: int = 200
) -> HttpResponse:
    agenda = consensus_agenda(campaign=campaign)
    position = _position(position, len(agenda))
    entry = agenda[position - 1] if agenda else None
    if entry is not None and form is None:
        recorded = campaign_consensus(campaign=campaign).values.get(entry.item.code)
        form = ConsensusValueForm(
            initial={
                "item": position,
                "code": entry.item.code,
                "current": recorded.current if recorded else None,
                "target": recorded.target if recorded else None,
                "rationale": recorded.rationale if recorded else "",
            }
        )
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "position": position,
        "count": len(agenda),
        "slide": _slide(entry) if entry is not None else None,
        "form": form,
        "previous_url": _item_url(campaign, position - 1) if position > 1 else None,
        "next_url": _item_url(campaign, position + 1)
        if position < len(agenda)
        else reverse("manage:workshop_relationship", args=[campaign.pk]),
    }
    return render(request, "assessments/workshop.html", context, status=status)


@org_permission_required("run_workshop")
def workshop(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    return _render_item(request, campaign, _position(request.GET.get("item"), 10**6))


@require_POST
@org_permission_required("run_workshop")
def workshop_record(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    form = ConsensusValueForm(request.POST)
    position = _position(request.POST.get("item"), 10**6)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consensus_record(
                campaign=campaign,
                code=data["code"],
                current=data["current"],
                target=data["target"],
                rationale=data["rationale"],
                user=request.user,
            )
        except ApplicationError as exc:
            form_error(form, None, exc)
        else:
            messages.success(request, _("Saved. Next item."))
            return redirect(_item_url(campaign, position + 1))
    return _render_item(request, campaign, position, form, status=400)


def _partner(request: HttpRequest, campaign: Campaign) -> BusinessUnit | None:
    """The business unit whose pair the step is about (?partner=, issue #20), one the campaign
    covers; None: the campaign as a whole. Any other id is a 404."""
    raw = request.POST.get("partner") or request.GET.get("partner")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    return get_object_or_404(campaign.partners.all(), pk=int(raw))


@org_permission_required("run_workshop")
def workshop_relationship(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    partner = _partner(request, campaign)
    recorded = (
        partner_consensus_models(campaign=campaign).get(partner.pk)
        if partner is not None
        else campaign_consensus(campaign=campaign).model
    )
    form = ConsensusModelForm(
        initial={"today": recorded.today, "target": recorded.target, "rationale": recorded.rationale}
        if recorded
        else None
    )
    return _render_relationship(request, campaign, form, partner)


def _fit_text(fit: Any) -> str:
    if fit is None:
        return "–"
    name = str(dict(ConsensusModel.Model.choices).get(fit.model) or _("Mixed"))
    return (
        name
        if fit.index is None
        else _("%(model)s (index %(index)s)") % {"model": name, "index": decimal(fit.index, 1)}
    )


def _survey_models(campaign: Campaign, partner: BusinessUnit | None) -> list[dict[str, object]]:
    """What each reported side's answers say: the model that fits best today and desired (of the
    unit's pair with IT when there is a `partner`, and only if the pair is reported)."""
    scores: CampaignScores | None
    if partner is None:
        scores = campaign_scores(campaign=campaign)
    else:
        pair = campaign_portfolio(campaign=campaign).partner(partner.pk)
        scores = pair.scores if pair is not None else None
    result = scores.result("relationship") if scores is not None else None
    rows = []
    for side in SIDES:
        group = result.groups.get(side) if result is not None else None
        if group is not None:
            rows.append(
                {"side": SIDE_LABELS[side], "today": _fit_text(group.today), "desired": _fit_text(group.desired)}
            )
    return rows


def _render_relationship(
    request: HttpRequest,
    campaign: Campaign,
    form: ConsensusModelForm,
    partner: BusinessUnit | None = None,
    status: int = 200,
) -> HttpResponse:
    count = len(consensus_agenda(campaign=campaign))
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "form": form,
        "partner": partner,
        "partners": list(campaign.partners.order_by("name", "pk")),
        "survey": _survey_models(campaign, partner),
        "previous_url": _item_url(campaign, count) if count else None,
    }
    return render(request, "assessments/workshop_relationship.html", context, status=status)


@require_POST
@org_permission_required("run_workshop")
def workshop_relationship_record(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    partner = _partner(request, campaign)
    form = ConsensusModelForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consensus_model_record(
                campaign=campaign,
                today=data["today"],
                target=data["target"],
                rationale=data["rationale"],
                user=request.user,
                partner=partner,
            )
        except ApplicationError as exc:
            form_error(form, None, exc)
        else:
            messages.success(request, _("The agreed relationship models are saved."))
            url = reverse("manage:workshop_relationship", args=[campaign.pk])
            return redirect(f"{url}?partner={partner.pk}" if partner is not None else url)
    return _render_relationship(request, campaign, form, partner, status=400)
