"""Reading the action plan (issue #19 item 2): a campaign's actions with the list's filters, one
action, the choices its form offers, and the `actions` JSON of `campaign_scores --json` and the API.

Every read takes the organisation through the campaign and costs a fixed number of queries,
whatever the number of actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from assessments.actions import OPEN_STATUSES, Action
from assessments.models import Campaign, Item
from assessments.results import CampaignScores
from assessments.selectors.action_movement import action_movement_json, action_movements


@dataclass(frozen=True)
class ActionFilters:
    """The list's filters; empty values filter nothing."""

    status: str = ""
    owner: str = ""  # an owner's e-mail address, as the list offers them
    overdue: bool = False
    target: str = ""  # a code an action targets


def _overdue(today: date) -> Case:
    return Case(
        When(Q(status__in=OPEN_STATUSES, due_on__lt=today), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _actions(campaign: Campaign) -> QuerySet[Action]:
    return Action.objects.filter(organisation_id=campaign.organisation_id, campaign=campaign)


def action_list(*, campaign: Campaign, today: date, filters: ActionFilters | None = None) -> list[Action]:
    """The campaign's actions, overdue ones first, then by due date; each with `overdue` and its
    prerequisites (2 queries). The target filter is applied here, not in SQL: the codes are a
    JSON list, which SQLite (the embedded default) cannot search."""
    filters = filters or ActionFilters()
    actions = _actions(campaign).annotate(overdue=_overdue(today))
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.owner:
        actions = actions.filter(owner_email__iexact=filters.owner)
    if filters.overdue:
        actions = actions.filter(overdue=True)
    found: list[Action] = list(
        actions.prefetch_related(Prefetch("prerequisites", queryset=Action.objects.order_by("due_on", "pk")))
        .select_related("created_by")
        .order_by("-overdue", "due_on", "pk")
    )
    if filters.target:
        found = [action for action in found if filters.target in action.targets]
    return found


def action_get(*, campaign: Campaign, action_id: int) -> Action | None:
    """One action of the campaign (None for another campaign's or organisation's: the view's 404)."""
    return _actions(campaign).filter(pk=action_id).first()


def action_target_items(*, campaign: Campaign) -> list[Item]:
    """The items of the campaign's questionnaire version, in order: what an action may target (1 query)."""
    return list(Item.objects.filter(instrument_id=campaign.instrument_id).order_by("order", "pk"))


@dataclass(frozen=True)
class ActionChoices:
    """What the list's filters and the form offer: owners (e-mail, name), targeted codes and the
    organisation's other actions (id, title, campaign name) a new one may wait for."""

    owners: list[tuple[str, str]]
    targets: list[str]
    prerequisites: list[tuple[int, str, str]]


def action_choices(*, campaign: Campaign, exclude: int | None = None) -> ActionChoices:
    """The choices of the list's filters and of the form (1 query)."""
    rows = (
        Action.objects.filter(organisation_id=campaign.organisation_id)
        .order_by("campaign__created_at", "due_on", "pk")
        .values_list("pk", "campaign_id", "campaign__name", "title", "owner_email", "owner_name", "targets")
    )
    owners: dict[str, str] = {}
    targets: dict[str, None] = {}
    prerequisites = []
    for pk, campaign_id, campaign_name, title, email, name, codes in rows:
        if campaign_id == campaign.pk:
            owners.setdefault(email.lower(), name)
            targets.update(dict.fromkeys(codes or ()))
        if pk != exclude:
            prerequisites.append((pk, title, campaign_name))
    return ActionChoices(
        owners=sorted(owners.items(), key=lambda owner: owner[1].lower()),
        targets=sorted(targets),
        prerequisites=prerequisites,
    )


def campaign_action_plans(*, campaign: Campaign) -> tuple[list[Action], list[Action]]:
    """The campaign's own actions, and the earlier campaigns' (of the same organisation, created
    before it) that were not dropped: one query for both, each ordered by due date. The
    dashboard and the PDF show the first as the plan and report the movement of the second."""
    rows = (
        Action.objects.filter(organisation_id=campaign.organisation_id)
        .filter(Q(campaign=campaign) | Q(campaign__created_at__lt=campaign.created_at))
        # Not the instrument: its content (a quarter of a megabyte) would come with every row.
        .select_related("campaign")
        .order_by("campaign__created_at", "campaign_id", "due_on", "pk")
    )
    own, earlier = [], []
    for action in rows:
        if action.campaign_id == campaign.pk:
            own.append(action)
        elif action.status != Action.Status.DROPPED:
            earlier.append(action)
    return own, earlier


def _action_json(action: Action, today: date) -> dict[str, Any]:
    return {
        "id": action.pk,
        "campaign": action.campaign_id,
        "title": action.title,
        "description": action.description,
        "owner_name": action.owner_name,
        "owner_email": action.owner_email,
        "due_on": action.due_on.isoformat(),
        "status": action.status,
        "done_on": action.done_on.isoformat() if action.done_on else None,
        "overdue": action.is_open and action.due_on < today,
        "targets": list(action.targets),
        "source": action.source or None,
        "created_at": action.created_at.isoformat(),
    }


def actions_json(
    *,
    own: Sequence[Action],
    earlier: Sequence[Action] = (),
    movement: dict[int, list[dict[str, Any]]] | None = None,
    today: date,
) -> list[dict[str, Any]]:
    """`actions` of `campaign_scores --json` and the API: the campaign's own plan (`movement`
    null: the next round measures it), then earlier rounds' actions with `movement`, per item
    they targeted and side, from the two campaigns' published figures (`action_movement_json`)."""
    movement = movement or {}
    found = [{**_action_json(action, today), "movement": None} for action in own]
    found += [{**_action_json(action, today), "movement": movement.get(action.pk, [])} for action in earlier]
    return found


def campaign_actions_json(
    *, campaign: Campaign, scores: CampaignScores | None = None, today: date | None = None
) -> list[dict[str, Any]]:
    """`actions` of `campaign_scores --json` and the API, the same whatever department: the plans
    (1 query), and the movement after earlier rounds' actions from the whole campaigns' published
    scores (`scores`: this campaign's, when already read)."""
    own, earlier = campaign_action_plans(campaign=campaign)
    movement = action_movement_json(action_movements(campaign=campaign, earlier=earlier, scores=scores))
    return actions_json(own=own, earlier=earlier, movement=movement, today=today or timezone.localdate())
