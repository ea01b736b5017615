"""The respondent's journey at /r/<token>/: welcome, pages, review, submit, thank-you.

No account: the unguessable token is the credential. It is spent only by the final submit,
so a half-done questionnaire resumes on the same link.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from assessments import services
from assessments.forms import ASPECT_LABELS, PageForm, field_name
from assessments.models import Invitation, Response
from assessments.selectors import (
    Page,
    campaign_pages,
    instrument_scale_labels,
    invitation_get_by_token,
    invitation_language,
    respondent_summary,
    response_answer_map,
    response_missing,
)
from brmportal.lib.exceptions import ApplicationError

SECONDS_PER_ANSWER = 7


def _get_invitation(request: HttpRequest, token: str) -> Invitation:
    """The invitation behind the link, with the respondent's language activated for the request."""
    invitation = invitation_get_by_token(token=token)
    if invitation is None:
        raise Http404("No questionnaire behind this link.")
    # Respondent pages follow the campaign (or the language chosen on the welcome page), not the
    # browser: a business manager invited to a Dutch assessment sees it in Dutch.
    language = invitation_language(invitation=invitation)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return invitation


def _unavailable(request: HttpRequest, invitation: Invitation) -> HttpResponse | None:
    """The page to show instead of the questionnaire, if any (closed, not open, submitted)."""
    campaign = invitation.campaign
    response = getattr(invitation, "response", None)
    if response is not None and response.is_submitted:
        return render(request, "respondent/already_submitted.html", _base_context(invitation), status=200)
    availability = campaign.availability()
    if availability == "closed":
        return render(request, "respondent/closed.html", _base_context(invitation), status=410)
    if availability == "not_open":
        return render(request, "respondent/not_open.html", _base_context(invitation), status=403)
    return None


def _base_context(invitation: Invitation) -> dict:
    return {"invitation": invitation, "campaign": invitation.campaign, "organisation": invitation.campaign.organisation}


def _page_url(token: str, number: int) -> str:
    return reverse("respondent:page", args=[token, number])


# Respondent pages are never cached: after the submit, Back must fetch the page again (and show
# "Already submitted") instead of the editable form from the cache of a possibly shared browser.
@never_cache
def respondent_welcome(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _get_invitation(request, token)
    if blocked := _unavailable(request, invitation):
        return blocked
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    answers_count = sum(len(p.fields) for p in pages)
    response = getattr(invitation, "response", None)
    context = _base_context(invitation) | {
        "pages": pages,
        "minutes": max(5, round(answers_count * SECONDS_PER_ANSWER / 60)),
        # A response that only holds a language choice has not started: it still says "Start".
        "response": response if response and (response.current_page > 1 or response.answers.exists()) else None,
        "resume_page": min(response.current_page, len(pages)) if response else 1,
        "threshold": invitation.campaign.anonymity_threshold,
        "languages": [
            {"code": code, "name": get_language_info(code)["name_local"], "current": code == translation.get_language()}
            for code in invitation.campaign.offered_languages
        ],
    }
    return render(request, "respondent/welcome.html", context)


@require_POST
def respondent_language_choose(request: HttpRequest, token: str) -> HttpResponse:
    """The welcome page's language buttons: the choice is kept on the response, so it holds on
    every page and when the respondent resumes later, on any device."""
    invitation = _get_invitation(request, token)
    if blocked := _unavailable(request, invitation):
        return blocked
    language = request.POST.get("language", "")
    if language in invitation.campaign.offered_languages:
        services.response_language_set(response=services.response_start(invitation=invitation), language=language)
    return redirect("respondent:welcome", token=token)


@never_cache
@require_http_methods(["GET", "POST"])
def respondent_page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    invitation = _get_invitation(request, token)
    if blocked := _unavailable(request, invitation):
        return blocked
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    if not 1 <= number <= len(pages):
        raise Http404("No such page.")
    page = pages[number - 1]
    response = services.response_start(invitation=invitation)
    form_kwargs = {
        "page": page,
        "side": invitation.side,
        "scale_labels": instrument_scale_labels(instrument=invitation.campaign.instrument),
        "language": translation.get_language(),
    }

    if request.method == "POST":
        form = PageForm(request.POST, **form_kwargs)
        action = request.POST.get("action", "next")
        valid = form.is_valid()
        if action == "back":
            next_number = max(1, number - 1)
        elif action == "next" and valid and number < len(pages):
            next_number = number + 1
        else:
            next_number = number
        # Whatever passed validation is kept even when the page as a whole did not.
        try:
            services.response_answers_save(
                response=response,
                items={item.code: item for item in page.items},
                answers=form.valid_answers(),
                page=next_number,
            )
        except ApplicationError:  # submitted from another tab a moment ago
            return render(request, "respondent/already_submitted.html", _base_context(invitation))
        if action == "back":
            if number == 1:
                return redirect("respondent:welcome", token=token)
            return redirect(_page_url(token, next_number))
        if action == "save":
            messages.success(request, _("Your answers are saved. Open the same link to continue later."))
            return redirect(_page_url(token, number))
        if valid:
            if number < len(pages):
                return redirect(_page_url(token, next_number))
            return redirect("respondent:review", token=token)
        messages.error(request, _("Some answers need your attention; they are marked below."))
    else:
        initial = {field_name(c, a): v for (c, a), v in response_answer_map(response=response).items()}
        form = PageForm(initial=initial, **form_kwargs)
        services.response_move(response=response, page=number)

    context = _base_context(invitation) | {
        "form": form,
        "page": page,
        "pages": pages,
        "number": number,
        "total": len(pages),
        "progress": round(100 * (number - 1) / (len(pages) + 1)),
    }
    return render(request, "respondent/page.html", context)


def _review_rows(pages: list[Page], answers: dict, side: str, language: str) -> list[dict]:
    rows = []
    for page in pages:
        entries = []
        for item in page.items:
            # (label, answer): the label is empty for a single-aspect item.
            values = [
                (ASPECT_LABELS.get(aspect, aspect.title()), answers.get((item.code, aspect))) for aspect in item.aspects
            ]
            entries.append({"item": item, "statement": item.text_for(side, language), "values": values})
        rows.append({"page": page, "entries": entries})
    return rows


@never_cache
def respondent_review(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _get_invitation(request, token)
    if blocked := _unavailable(request, invitation):
        return blocked
    response = services.response_start(invitation=invitation)
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    answers = response_answer_map(response=response)
    missing = response_missing(pages=pages, answers=answers)
    missing_pages = sorted({p.number for p, _item, _aspect in missing})
    context = _base_context(invitation) | {
        "sections": _review_rows(pages, answers, invitation.side, translation.get_language()),
        "missing": missing,
        "missing_pages": missing_pages,
        # One link per page, joined here: the sentence that lists them is translated as a whole.
        "missing_links": format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((_page_url(token, n), _("page %(number)s") % {"number": n}) for n in missing_pages),
        ),
        "total": len(pages),
    }
    return render(request, "respondent/review.html", context)


@require_POST
def respondent_submit(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _get_invitation(request, token)
    if blocked := _unavailable(request, invitation):
        return blocked
    response = services.response_start(invitation=invitation)
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    missing = response_missing(pages=pages, answers=response_answer_map(response=response))
    try:
        submitted = services.response_submit(
            response=response, missing=[item.column(aspect) for _, item, aspect in missing]
        )
    except ApplicationError as exc:
        messages.error(
            request,
            _("%(problem)s Please complete the pages marked below, then submit.") % {"problem": exc.message},
        )
        return redirect("respondent:review", token=token)
    if not submitted:
        return render(request, "respondent/already_submitted.html", _base_context(invitation))
    return redirect("respondent:thanks", token=token)


@never_cache
def respondent_thanks(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _get_invitation(request, token)
    response: Response | None = getattr(invitation, "response", None)
    if response is None or not response.is_submitted:
        return redirect("respondent:welcome", token=token)
    context = _base_context(invitation) | {"response": response}
    if invitation.campaign.show_summary:
        context["summary"] = respondent_summary(response=response)
    return render(request, "respondent/thanks.html", context)
