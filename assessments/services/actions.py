"""Writing the action plan (issue #19 item 2): create, change, set the status, delete; and the
owners' reminders a week before the due date and once when overdue (Celery beat, daily).

Every rule that can be broken by a person typing is checked here, in words they can act on
(ApplicationError, or ValidationError from `full_clean` per field): the targets are codes of
the campaign's questionnaire version, the prerequisites are other actions of the organisation
with no cycle among them, and `done_on` is set exactly while an action is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.actions import OPEN_STATUSES, Action
from assessments.models import Campaign, Item
from assessments.outbox import OutgoingEmail
from assessments.services.mail import email_queue
from brmportal.lib.emails import email_build
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.urls import absolute_url, site_url

# The first reminder: this many days before the due date (the week before).
REMIND_BEFORE = timedelta(days=7)
TARGETS_MAX = 20
PREREQUISITES_MAX = 20


def _actor(user: AbstractBaseUser | AnonymousUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def action_codes(*, campaign: Campaign) -> set[str]:
    """Every code an action of `campaign` may target: its version's items, dimensions and clusters (1 query)."""
    codes: set[str] = set()
    for code, dimension, group in Item.objects.filter(instrument_id=campaign.instrument_id).values_list(
        "code", "dimension", "group"
    ):
        codes.update(c for c in (code, dimension, group) if c)
    return codes


def _targets(campaign: Campaign, targets: Iterable[str], source: str) -> tuple[list[str], str]:
    """The targets (each once, in the order given) and the source, checked against the version's codes."""
    found = list(dict.fromkeys(code.strip() for code in targets if code and code.strip()))
    source = source.strip()
    if len(found) > TARGETS_MAX:
        raise ApplicationError(_("An action targets at most %(max)s items.") % {"max": TARGETS_MAX})
    known = action_codes(campaign=campaign)
    for code in [*found, *([source] if source else [])]:
        if code not in known:
            # The consensus service's words: the same rule, the same sentence.
            raise ApplicationError(
                _("%(code)s is not an item, dimension or cluster of questionnaire version %(version)s.")
                % {"code": code, "version": campaign.instrument.version}
            )
    return found, source


def _reachable(edges: dict[int, set[int]], start: Iterable[int]) -> set[int]:
    """Every action reached from `start` through prerequisites (start included)."""
    seen: set[int] = set()
    todo = list(start)
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(edges.get(current, ()))
    return seen


def _prerequisites(action: Action, prerequisite_ids: Sequence[int]) -> list[Action]:
    """Other actions of the same organisation, none of which waits (directly or not) for `action`."""
    ids = list(dict.fromkeys(int(pk) for pk in prerequisite_ids))
    if action.pk is not None and action.pk in ids:
        raise ApplicationError(_("An action cannot wait for itself."))
    if len(ids) > PREREQUISITES_MAX:
        raise ApplicationError(_("An action waits for at most %(max)s others.") % {"max": PREREQUISITES_MAX})
    found = list(Action.objects.filter(organisation_id=action.organisation_id, pk__in=ids).order_by("pk"))
    if len(found) != len(ids):
        raise ApplicationError(_("A prerequisite must be another action of this organisation."))
    if action.pk is not None and ids:
        # A cycle would close if `action` were reached from a new prerequisite: read every edge
        # of the organisation's plan at once (a few dozen rows) and walk them.
        edges: dict[int, set[int]] = {}
        through = Action.prerequisites.through.objects.filter(from_action__organisation_id=action.organisation_id)
        for waits, on in through.values_list("from_action_id", "to_action_id"):
            edges.setdefault(waits, set()).add(on)
        if action.pk in _reachable(edges, ids):
            raise ApplicationError(
                _("These prerequisites would make a circle: an action would wait, through others, for itself.")
            )
    return found


def _done_on(status: str, done_on: date | None, today: date | None) -> date | None:
    if status == Action.Status.DONE:
        return done_on or today or timezone.localdate()
    if done_on is not None:
        raise ApplicationError(_("Only an action that is done has a date it was done."))
    return None


def _check_status(status: str) -> None:
    if status not in Action.Status.values:
        raise ApplicationError(_("%(status)s is not a status of an action.") % {"status": status})


def _save(action: Action, prerequisites: Sequence[int] | None) -> Action:
    action.title, action.owner_name = action.title.strip(), action.owner_name.strip()
    action.owner_email, action.description = action.owner_email.strip(), action.description.strip()
    _check_status(action.status)
    found = _prerequisites(action, prerequisites) if prerequisites is not None else None
    action.full_clean(exclude=["prerequisites"])
    action.save()
    if found is not None:
        action.prerequisites.set(found)
    return action


@transaction.atomic
def action_create(
    *,
    campaign: Campaign,
    title: str,
    owner_name: str,
    owner_email: str,
    due_on: date,
    description: str = "",
    targets: Iterable[str] = (),
    source: str = "",
    prerequisites: Sequence[int] = (),
    status: str = Action.Status.PLANNED,
    done_on: date | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> Action:
    """Plan an action in `campaign`. `status` and `done_on` let a plan recorded afterwards (the
    demo's past rounds) start as it stood; an action that is done without a date was done today."""
    found, source = _targets(campaign, targets, source)
    action = Action(
        organisation_id=campaign.organisation_id,
        campaign=campaign,
        title=title,
        description=description,
        owner_name=owner_name,
        owner_email=owner_email,
        due_on=due_on,
        status=status,
        done_on=_done_on(status, done_on, None),
        targets=found,
        source=source,
        created_by=_actor(user),  # type: ignore[misc]
    )
    # Saved first without prerequisites: the many-to-many rows need its id.
    _save(action, None)
    if prerequisites:
        action.prerequisites.set(_prerequisites(action, prerequisites))
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    title: str,
    owner_name: str,
    owner_email: str,
    due_on: date,
    description: str = "",
    targets: Iterable[str] = (),
    source: str = "",
    prerequisites: Sequence[int] = (),
) -> Action:
    """Change what an action is, who owns it and when it is due (its status: `action_status_set`).
    A new due date is reminded of anew: both reminders are cleared."""
    locked = Action.objects.select_for_update(of=("self",)).select_related("campaign__instrument").get(pk=action.pk)
    found, source = _targets(locked.campaign, targets, source)
    if locked.due_on != due_on:
        locked.reminded_soon_at = locked.reminded_overdue_at = None
    locked.title, locked.description, locked.owner_name, locked.owner_email = (
        title,
        description,
        owner_name,
        owner_email,
    )
    locked.due_on, locked.targets, locked.source = due_on, found, source
    return _save(locked, prerequisites)


@transaction.atomic
def action_status_set(*, action: Action, status: str, done_on: date | None = None, today: date | None = None) -> Action:
    """Move an action to `status`. Becoming done sets `done_on` (given, or `today`); leaving done clears it."""
    _check_status(status)
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if status == locked.status and status == Action.Status.DONE and done_on is None:
        return locked  # done again: keep the date it was first done
    locked.done_on = _done_on(status, done_on, today)
    locked.status = status
    locked.full_clean(exclude=["prerequisites"])
    locked.save(update_fields=["status", "done_on", "updated_at"])
    return locked


@transaction.atomic
def action_delete(*, action: Action) -> None:
    """Delete an action; actions that waited for it no longer do (django-auditlog keeps the row's last state)."""
    Action.objects.filter(pk=action.pk).delete()


# --- Reminders ---------------------------------------------------------------------------------


def _remind(actions: QuerySet[Action], name: str, field: str) -> int:
    """E-mail the owner of each of `actions` not yet reminded (`field` empty), and mark them.

    The rows are locked and skipped when another run holds them (SKIP LOCKED), and marked in the
    same transaction as their messages enter the outbox: a second run, at once or the next day,
    finds nothing to send, and a failure leaves them to the next run, unsent and unmarked.
    """
    with transaction.atomic():
        due = list(
            actions.filter(**{f"{field}__isnull": True})
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("campaign", "organisation", "created_by")
            .order_by("pk")
        )
        base = site_url()
        for action in due:
            campaign = action.campaign
            context = {
                "action": action,
                "campaign": campaign,
                "organisation": action.organisation,
                "url": absolute_url(reverse("manage:action_list", args=[campaign.pk]), base=base),
            }
            planner = action.created_by.email if action.created_by is not None else ""
            email_queue(
                # The campaign's language: the organisation chose it for its people.
                message=email_build(
                    name=name, to=action.owner_email, context=context, reply_to=planner, language=campaign.language
                ),
                kind=OutgoingEmail.Kind.OTHER,
                organisation=action.organisation,
            )
        Action.objects.filter(pk__in=[a.pk for a in due]).update(**{field: timezone.now()})
    return len(due)


def action_reminders_send(*, today: date) -> dict[str, int]:
    """Queue the owners' reminders due on `today`; how many of each kind.

    1. A week before: open actions due from today to REMIND_BEFORE ahead, not yet reminded.
    2. Overdue: open actions due before today, not yet told; once, however long they stay late.
    Done and dropped actions are never reminded of. Safe to run twice, or twice at once.
    """
    open_actions = Action.objects.filter(status__in=OPEN_STATUSES)
    soon = _remind(
        open_actions.filter(due_on__gte=today, due_on__lte=today + REMIND_BEFORE), "action-due-soon", "reminded_soon_at"
    )
    overdue = _remind(open_actions.filter(due_on__lt=today), "action-overdue", "reminded_overdue_at")
    return {"soon": soon, "overdue": overdue}
