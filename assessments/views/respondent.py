"""The respondent's journey at /r/<token>/: welcome, pages, review, submit, thank-you.

No account: the unguessable token is the credential. It is spent only by the final submit,
so a half-done questionnaire resumes on the same link.

The link alone does not show answers (issue #13): whoever copied it (the BRM who sent it, a
colleague it was forwarded to) must not read or change them. The first browser that saves
something claims the response: it keeps a random secret in a cookie scoped to the link, and
only the secret's SHA-256 is stored (`Response.claim_hash`). Every view that reads or writes
answers requires that cookie. Another browser meets the "started on another device" page,
from where the claim can move: by a one-time link e-mailed to the invitation's address, or,
for a link without an address, by starting again with the answers deleted.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms import ASPECT_LABELS, PageForm, field_name
from assessments.models import Invitation, Response
from assessments.selectors.instruments import Page, campaign_pages, instrument_scale_labels
from assessments.selectors.invitations import invitation_get_by_token
from assessments.selectors.responses import (
    respondent_language,
    respondent_summary,
    response_answer_map,
    response_get_submitted_by_claim,
    response_missing,
)
from assessments.services.invitations import invitation_mark_opened, invitation_resume_send
from assessments.services.responses import (
    response_answers_save,
    response_language_set,
    response_move,
    response_restart,
    response_resume,
    response_start,
    response_submit,
)
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.ratelimit import rate_limit_exceeded
from brmportal.lib.tokens import TOKEN_MAX_LENGTH, token_hash, token_matches, token_new
from brmportal.lib.user_agents import is_link_preview

SECONDS_PER_ANSWER = 7
CLAIM_COOKIE = "brm_claim"
# As long as browsers keep a cookie (400 days): a campaign may stay open for months.
CLAIM_MAX_AGE = int(timedelta(days=400).total_seconds())
# One "continue here" e-mail per invitation in this many seconds: the button cannot be used to
# flood the respondent's inbox.
RESUME_EMAIL_EVERY = 5 * 60


def _activate(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _get_invitation(request: HttpRequest, token: str) -> Invitation:
    """The invitation behind the link, with the campaign's language activated for the request."""
    invitation = invitation_get_by_token(token=token)
    if invitation is None:
        raise Http404("No questionnaire behind this link.")
    # Respondent pages follow the campaign (or the language its respondent chose, once the
    # claim is checked), not the browser: a business manager invited to a Dutch assessment
    # sees it in Dutch.
    _activate(request, invitation.campaign.language)
    return invitation


def _own_response(request: HttpRequest, invitation: Invitation) -> tuple[Response | None, bool]:
    """The invitation's response (None: not started) and whether this browser holds its claim.

    For the holder the language chosen on the welcome page is activated; anyone else reads the
    campaign's language, which tells nothing about the respondent.
    """
    response: Response | None = getattr(invitation, "response", None)
    if response is None:
        return None, False
    held = token_matches(request.COOKIES.get(CLAIM_COOKIE), response.claim_hash)
    if held:
        _activate(request, respondent_language(campaign=invitation.campaign, chosen=response.language))
    return response, held


def _claim_start(invitation: Invitation) -> tuple[Response | None, str]:
    """Create the invitation's response claimed by a new secret: the first save of a browser.

    (None, "") when another browser created it a moment earlier (its claim is not ours) or the
    questionnaire was submitted meanwhile.
    """
    secret = token_new()
    try:
        response = response_start(invitation=invitation, claim_hash=token_hash(secret))
    except ApplicationError:
        return None, ""
    if not token_matches(secret, response.claim_hash):
        return None, ""
    return response, secret


def _set_claim(http_response: HttpResponse, token: str, secret: str) -> HttpResponse:
    http_response.set_cookie(
        CLAIM_COOKIE,
        secret,
        max_age=CLAIM_MAX_AGE,
        # Scoped to this link: another questionnaire in the same browser has a claim of its own.
        path=reverse("respondent:welcome", args=[token]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return http_response


def _unavailable(request: HttpRequest, invitation: Invitation) -> HttpResponse | None:
    """The page to show instead of the questionnaire, if any (closed, not open, submitted)."""
    campaign = invitation.campaign
    # The state, not the response: a submitted response no longer points at its invitation.
    if invitation.state == Invitation.State.SUBMITTED:
        return render(request, "respondent/already_submitted.html", _base_context(invitation), status=200)
    availability = campaign.availability()
    if availability == "closed":
        return render(request, "respondent/closed.html", _base_context(invitation), status=410)
    if availability == "not_open":
        return render(request, "respondent/not_open.html", _base_context(invitation), status=403)
    return None


def _elsewhere(request: HttpRequest, invitation: Invitation, status: int = 200) -> HttpResponse:
    """The "started on another device" page: no answers, no progress, only the ways to move here."""
    context = _base_context(invitation) | {
        "can_email": bool(invitation.email),
        "resume_minutes": settings.RESUME_LINK_MINUTES,
    }
    return render(request, "respondent/elsewhere.html", context, status=status)


def _base_context(invitation: Invitation) -> dict:
    return {"invitation": invitation, "campaign": invitation.campaign, "organisation": invitation.campaign.organisation}


def _page_url(token: str, number: int) -> str:
    return reverse("respondent:page", args=[token, number])


# Respondent pages are never cached: after the submit, Back must fetch the page again (and show
# "Already submitted") instead of the editable form from the cache of a possibly shared browser.
@never_cache
def respondent_welcome(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _get_invitation(request, token)
    if not is_link_preview(request):
        invitation_mark_opened(invitation=invitation)
    response, held = _own_response(request, invitation)
    if blocked := _unavailable(request, invitation):
        return blocked
    if response is not None and not held:
        return _elsewhere(request, invitation)
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    answers_count = sum(len(p.fields) for p in pages)
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
    every page and when the respondent resumes later, on any device. Choosing is a first save:
    it claims the response for this browser."""
    invitation = _get_invitation(request, token)
    response, held = _own_response(request, invitation)
    if blocked := _unavailable(request, invitation):
        return blocked
    if response is not None and not held:
        return _elsewhere(request, invitation, status=403)
    result = redirect("respondent:welcome", token=token)
    language = request.POST.get("language", "")
    if language not in invitation.campaign.offered_languages:
        return result
    if response is None:
        response, secret = _claim_start(invitation)
        if response is None:
            return result
        _set_claim(result, token, secret)
    response_language_set(response=response, language=language)
    return result


@never_cache
@require_http_methods(["GET", "POST"])
def respondent_page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    invitation = _get_invitation(request, token)
    response, held = _own_response(request, invitation)
    if blocked := _unavailable(request, invitation):
        return blocked
    if response is not None and not held:
        return _elsewhere(request, invitation, status=403)
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    if not 1 <= number <= len(pages):
        raise Http404("No such page.")
    form_kwargs = {
        "page": pages[number - 1],
        "side": invitation.side,
        "scale_labels": instrument_scale_labels(instrument=invitation.campaign.instrument),
        "language": translation.get_language(),
    }
    if request.method == "POST":
        secret = ""
        if response is None:
            response, secret = _claim_start(invitation)
            if response is None:
                return redirect("respondent:welcome", token=token)
        result = _page_save(request, invitation, response, pages, number, form_kwargs)
        return _set_claim(result, token, secret) if secret else result

    # A GET never creates the response: only a save claims it, so opening a link (a preview, the
    # BRM checking it) does not lock the respondent out.
    answers = response_answer_map(response=response) if response else {}
    form = PageForm(initial={field_name(c, a): v for (c, a), v in answers.items()}, **form_kwargs)
    if response:
        response_move(response=response, page=number)
    return _page_render(request, invitation, form, pages, number)


def _page_save(
    request: HttpRequest, invitation: Invitation, response: Response, pages: list[Page], number: int, form_kwargs: dict
) -> HttpResponse:
    token = invitation.token
    page = pages[number - 1]
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
        response_answers_save(
            response=response,
            items={item.code: item for item in page.items},
            answers=form.valid_answers(),
            page=next_number,
        )
    except ApplicationError:
        # Submitted from another tab, or moved to another browser, a moment ago: the welcome
        # page says which.
        return redirect("respondent:welcome", token=token)
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
    return _page_render(request, invitation, form, pages, number)


def _page_render(
    request: HttpRequest, invitation: Invitation, form: PageForm, pages: list[Page], number: int
) -> HttpResponse:
    context = _base_context(invitation) | {
        "form": form,
        "page": pages[number - 1],
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
    response, held = _own_response(request, invitation)
    if blocked := _unavailable(request, invitation):
        return blocked
    if response is not None and not held:
        return _elsewhere(request, invitation, status=403)
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    answers = response_answer_map(response=response) if response else {}
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
    response, held = _own_response(request, invitation)
    if blocked := _unavailable(request, invitation):
        return blocked
    if response is None:
        return redirect("respondent:review", token=token)
    if not held:
        return _elsewhere(request, invitation, status=403)
    pages = campaign_pages(campaign=invitation.campaign, side=invitation.side)
    missing = response_missing(pages=pages, answers=response_answer_map(response=response))
    try:
        submitted = response_submit(response=response, missing=[item.column(aspect) for _, item, aspect in missing])
    except ApplicationError as exc:
        messages.error(
            request,
            _("%(problem)s Please complete the pages marked below, then submit.") % {"problem": exc.message},
        )
        return redirect("respondent:review", token=token)
    if not submitted:  # submitted from another tab, or moved to another browser, a moment ago
        return redirect("respondent:welcome", token=token)
    return redirect("respondent:thanks", token=token)


@never_cache
def respondent_thanks(request: HttpRequest, token: str) -> HttpResponse:
    """The thank-you page; the personal summary only for the browser that submitted.

    The submitted response no longer points at the invitation: the claim cookie finds it.
    Anyone else holding the link sees that it was submitted, and nothing of the answers.
    """
    invitation = _get_invitation(request, token)
    if invitation.state != Invitation.State.SUBMITTED:
        return redirect("respondent:welcome", token=token)
    claim = request.COOKIES.get(CLAIM_COOKIE, "")
    # A cookie no secret of ours can be (empty, overlong) looks nothing up.
    claim_hash = token_hash(claim) if claim and len(claim) <= TOKEN_MAX_LENGTH else ""
    response = response_get_submitted_by_claim(campaign=invitation.campaign, claim_hash=claim_hash)
    if response is None:
        return render(request, "respondent/already_submitted.html", _base_context(invitation))
    _activate(request, respondent_language(campaign=invitation.campaign, chosen=response.language))
    context = _base_context(invitation) | {"response": response}
    if invitation.campaign.show_summary:
        context["summary"] = respondent_summary(response=response)
    return render(request, "respondent/thanks.html", context)


@require_POST
def respondent_resume_request(request: HttpRequest, token: str) -> HttpResponse:
    """The "E-mail me a link to continue here" button of the "started on another device" page."""
    invitation = _get_invitation(request, token)
    response, held = _own_response(request, invitation)
    if blocked := _unavailable(request, invitation):
        return blocked
    if response is None or held or not invitation.email:
        return redirect("respondent:welcome", token=token)
    if rate_limit_exceeded(key=f"resume-email:{invitation.pk}", limit=1, seconds=RESUME_EMAIL_EVERY):
        messages.warning(
            request,
            _("A link was e-mailed a few minutes ago. Check your inbox (and spam folder), or try again later."),
        )
        return _elsewhere(request, invitation, status=429)
    try:
        invitation_resume_send(invitation=invitation)
    except ApplicationError:
        messages.error(request, _("The e-mail could not be sent. Please try again later."))
        return _elsewhere(request, invitation, status=503)
    messages.success(
        request,
        _(
            "We have e-mailed a link to the address this invitation was sent to. Open it in this browser "
            "within %(minutes)s minutes to continue here."
        )
        % {"minutes": settings.RESUME_LINK_MINUTES},
    )
    return redirect("respondent:welcome", token=token)


def _resume_key_status(invitation: Invitation, key: str) -> int:
    """200 for a key that can be spent, 410 for an expired one, 404 for a wrong or used one."""
    if not token_matches(key, invitation.resume_hash):
        return 404
    if invitation.resume_expires_at is None or invitation.resume_expires_at <= timezone.now():
        return 410
    return 200


@never_cache
@require_http_methods(["GET", "POST"])
def respondent_resume(request: HttpRequest, token: str, key: str) -> HttpResponse:
    """The one-time link from the e-mail. GET only asks to confirm, so a mail scanner that
    follows the link does not spend it; the POST moves the claim to this browser."""
    invitation = _get_invitation(request, token)
    if blocked := _unavailable(request, invitation):
        return blocked
    status = _resume_key_status(invitation, key)
    if status != 200:
        return render(request, "respondent/resume_invalid.html", _base_context(invitation), status=status)
    if request.method == "GET":
        return render(request, "respondent/resume_confirm.html", _base_context(invitation) | {"key": key})
    try:
        secret = response_resume(invitation=invitation, key=key)
    except ApplicationError:  # spent by another request a moment ago
        return render(request, "respondent/resume_invalid.html", _base_context(invitation), status=404)
    messages.success(request, _("You can continue here. Your answers can no longer be opened on the other device."))
    return _set_claim(redirect("respondent:welcome", token=token), token, secret)


@require_POST
def respondent_restart(request: HttpRequest, token: str) -> HttpResponse:
    """The "Start again here" button, for a link without an e-mail address: the answers given
    elsewhere are deleted, never shown, and this browser holds the questionnaire from now on."""
    invitation = _get_invitation(request, token)
    response, held = _own_response(request, invitation)
    if blocked := _unavailable(request, invitation):
        return blocked
    if response is None or held or invitation.email:
        return redirect("respondent:welcome", token=token)
    try:
        secret = response_restart(invitation=invitation)
    except ApplicationError:  # submitted a moment ago
        return redirect("respondent:welcome", token=token)
    messages.success(request, _("The questionnaire starts again in this browser."))
    return _set_claim(redirect("respondent:welcome", token=token), token, secret)
