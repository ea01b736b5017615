"""The action plan of a campaign (issue #19 item 2): the list with its filters, a new action
(from a recommendation or an item: the dashboard's "Plan an action" links), edit, status,
delete, and the plan as XLSX and as an iCalendar file of due dates (both in the audit log).

Every member sees the plan; changing it takes `manage_actions`, downloading it `export_data`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership
from assessments.actions import TITLE_MAX, Action
from assessments.audit import AuditEvent, audit_record
from assessments.models import Campaign
from assessments.selectors.actions import (
    ActionFilters,
    action_choices,
    action_get,
    action_list,
    action_target_items,
    campaign_action_plans,
)
from assessments.services.actions import action_create, action_delete, action_status_set, action_update
from assessments.texts import instrument_texts
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.urls import absolute_url
from reports.actions import action_rows, carried_rows, code_title
from workspace.access import org_permission_required
from workspace.action_plan import actions_calendar, actions_workbook, target_choices
from workspace.errors import error_message, form_error
from workspace.forms.actions import ActionFilterForm, ActionForm, ActionStatusForm


def _action(campaign: Campaign, action_id: int) -> Action:
    action = action_get(campaign=campaign, action_id=action_id)
    if action is None:
        raise Http404("No such action.")
    return action


def _error(form: ActionForm, exc: ApplicationError | ValidationError) -> None:
    """A service's error above the form; a model check's in its own words (its field may not be on the form)."""
    form_error(form, None, exc if isinstance(exc, ApplicationError) else ValidationError(exc.messages))


def _list_url(campaign: Campaign) -> str:
    return reverse("manage:action_list", args=[campaign.pk])


@require_GET
@org_permission_required("view_dashboards")
def action_list_view(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    today = timezone.localdate()
    choices = action_choices(campaign=campaign)
    texts = instrument_texts(campaign.instrument)
    form = ActionFilterForm(
        request.GET or None,
        owners=[(email, f"{name} <{email}>") for email, name in choices.owners],
        targets=[(code, f"{code}: {code_title(texts, code)}") for code in choices.targets],
    )
    # A filter value that is not offered (a stale link) filters nothing instead of failing.
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = ActionFilters(
        status=data.get("status", ""),
        owner=data.get("owner", ""),
        overdue=bool(data.get("overdue")),
        target=data.get("target", ""),
    )
    actions = action_list(campaign=campaign, today=today, filters=filters)
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "permissions": membership.permissions,
        "form": form,
        "filtered": filters != ActionFilters(),
        "rows": action_rows(actions, texts, today),
        # Earlier rounds' open actions: still the organisation's plan, changed on their round's page.
        "carried": carried_rows(campaign_action_plans(campaign=campaign)[1], texts, today),
        "statuses": Action.Status.choices,
    }
    return render(request, "assessments/action_list.html", context)


def _form(
    campaign: Campaign, data: object = None, initial: dict | None = None, exclude: int | None = None
) -> ActionForm:
    choices = action_choices(campaign=campaign, exclude=exclude)
    return ActionForm(
        data,
        initial=initial,
        targets=target_choices(campaign=campaign, items=action_target_items(campaign=campaign)),
        prerequisites=[(pk, f"{title} ({name})") for pk, title, name in choices.prerequisites],
    )


def _render_form(
    request: HttpRequest, campaign: Campaign, form: ActionForm, action: Action | None = None
) -> HttpResponse:
    context = {"campaign": campaign, "organisation": campaign.organisation, "form": form, "action": action}
    return render(request, "assessments/action_form.html", context, status=400 if form.is_bound else 200)


def _prefill(request: HttpRequest, campaign: Campaign) -> dict[str, object]:
    """A new action from a recommendation (?source=CODE&title=...) or an item (?item=CODE): the
    code becomes its source and first target when the campaign's version has it."""
    code = (request.GET.get("source") or request.GET.get("item") or "").strip()[:40]
    items = {item.code: item for item in action_target_items(campaign=campaign)}
    known = set(items) | {c for item in items.values() for c in (item.dimension, item.group) if c}
    title = request.GET.get("title", "").strip()
    if not title and code in known:
        title = code_title(instrument_texts(campaign.instrument), code)
    return {
        "title": title[:TITLE_MAX],
        "source": code if code in known else "",
        "targets": [code] if code in known else [],
    }


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_actions")
def action_create_view(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    if request.method == "GET":
        return _render_form(request, campaign, _form(campaign, initial=_prefill(request, campaign)))
    form = _form(campaign, request.POST)
    if form.is_valid():
        try:
            action_create(campaign=campaign, user=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            _error(form, exc)
        else:
            messages.success(request, _("The action is planned."))
            return redirect(_list_url(campaign))
    return _render_form(request, campaign, form)


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_actions")
def action_edit_view(request: HttpRequest, campaign: Campaign, membership: Membership, action_id: int) -> HttpResponse:
    action = _action(campaign, action_id)
    if request.method == "GET":
        initial = {
            "title": action.title,
            "description": action.description,
            "owner_name": action.owner_name,
            "owner_email": action.owner_email,
            "due_on": action.due_on,
            "targets": action.targets,
            "source": action.source,
            "prerequisites": list(action.prerequisites.values_list("pk", flat=True)),
        }
        return _render_form(request, campaign, _form(campaign, initial=initial, exclude=action.pk), action)
    form = _form(campaign, request.POST, exclude=action.pk)
    if form.is_valid():
        try:
            action_update(action=action, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            _error(form, exc)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(_list_url(campaign))
    return _render_form(request, campaign, form, action)


@require_POST
@org_permission_required("manage_actions")
def action_status_view(
    request: HttpRequest, campaign: Campaign, membership: Membership, action_id: int
) -> HttpResponse:
    action = _action(campaign, action_id)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return redirect(_list_url(campaign))
    try:
        action_status_set(action=action, status=form.cleaned_data["status"], done_on=form.cleaned_data["done_on"])
    except ApplicationError as exc:
        error_message(request, exc)
    else:
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {
                "title": action.title,
                "status": Action.Status(form.cleaned_data["status"]).label,
            },
        )
    return redirect(_list_url(campaign))


@require_http_methods(["GET", "POST"])
@org_permission_required("manage_actions")
def action_delete_view(
    request: HttpRequest, campaign: Campaign, membership: Membership, action_id: int
) -> HttpResponse:
    action = _action(campaign, action_id)
    if request.method == "POST":
        action_delete(action=action)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": action.title})
        return redirect(_list_url(campaign))
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "action": action,
        "dependents": list(action.dependents.order_by("due_on", "pk")),
    }
    return render(request, "assessments/action_delete.html", context)


def _download(request: HttpRequest, campaign: Campaign, fmt: str, content: bytes, rows: int) -> HttpResponse:
    audit_record(
        actor=request.user,
        organisation=campaign.organisation,
        action=AuditEvent.EXPORT,
        target=campaign,
        details={"format": fmt, "kind": "actions", "department": "", "rows": rows},
    )
    types = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ics": "text/calendar; charset=utf-8",
    }
    name = f"{slugify(campaign.name) or 'campaign'}-actions-{timezone.localdate().isoformat()}.{fmt}"
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Owners' names and addresses: never kept by a browser or proxy cache.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@org_permission_required("export_data")
def actions_export_view(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    today = timezone.localdate()
    actions = action_list(campaign=campaign, today=today)
    return _download(request, campaign, "xlsx", actions_workbook(actions=actions, today=today), len(actions))


@require_GET
@org_permission_required("export_data")
def actions_calendar_view(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    actions = action_list(campaign=campaign, today=timezone.localdate())
    url = absolute_url(_list_url(campaign), request)
    content = actions_calendar(campaign=campaign, actions=actions, url=url)
    return _download(request, campaign, "ics", content, sum(1 for action in actions if action.is_open))
