"""The respondent's journey at /r/<token>/: pages, review, submit, thank-you.

The welcome page is views/welcome.py. Who may read and write the answers behind a link (the
claim cookie) is decided in views/access.py; moving a started questionnaire to another browser
is views/resume.py. In a campaign that covers business units, the pages are those of the units
the respondent answers for (views/units.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from assessments.models import Invitation, Response
from assessments.selectors.comments import comment_drafts, open_questions
from assessments.selectors.instruments import Page, instrument_scale_labels
from assessments.selectors.response_partners import page_answers, response_units
from assessments.selectors.responses import respondent_language, response_get_submitted_by_claim, response_missing
from assessments.services.partners_respondent import response_partners_from_invitation
from assessments.services.responses import response_answers_save, response_move, response_submit
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tokens import TOKEN_MAX_LENGTH, token_hash
from respondent.forms import ASPECT_LABELS, PageForm, field_name
from respondent.presenters import respondent_summary
from respondent.views.access import (
    CLAIM_COOKIE,
    activate,
    answers_guard,
    base_context,
    claim_start,
    get_invitation,
    set_claim,
)
from respondent.views.units import all_answers, questionnaire, saved_answers


def _page_url(token: str, number: int, *, check: bool = False) -> str:
    # `check`: the page opens with its missing answers marked and the first one focused (the
    # review page's links to what is missing).
    return reverse("respondent:page", args=[token, number]) + ("?check=1" if check else "")


# Respondent pages are never cached: after the submit, Back must fetch the page again (and show
# "Already submitted") instead of the editable form from the cache of a possibly shared browser.
@never_cache
@require_http_methods(["GET", "POST"])
def respondent_page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    invitation = get_invitation(request, token)
    response, instead = answers_guard(request, invitation)
    if instead is not None:
        return instead
    asked = questionnaire(invitation, response)
    if asked.choose:  # the units come first (the welcome page)
        return redirect("respondent:welcome", token=token)
    pages = asked.pages
    if not 1 <= number <= len(pages):
        raise Http404("No such page.")
    form_kwargs: dict[str, Any] = {
        "page": pages[number - 1],
        "side": invitation.side,
        "scale_labels": instrument_scale_labels(instrument=invitation.campaign.instrument),
        "language": translation.get_language(),
    }
    if request.method == "POST":
        secret = ""
        if response is None:
            response, secret = claim_start(invitation)
            if response is None:
                return redirect("respondent:welcome", token=token)
        elif asked.units and not asked.stored:
            # Units the invitation was given after its response began: stored with this first save.
            response_partners_from_invitation(response=response, invitation=invitation)
        result = _page_save(request, invitation, response, pages, number, form_kwargs)
        return set_claim(result, token, secret) if secret else result

    # A GET never creates the response: only a save claims it, so opening a link (a preview, the
    # BRM checking it) does not lock the respondent out.
    answers = saved_answers(response, pages[number - 1])
    saved = {field_name(c, a): v for (c, a), v in answers.items()}
    if response and request.GET.get("check"):
        # From the review page: the saved answers checked as if posted, so what is missing is marked.
        form = PageForm(saved, **form_kwargs)
        form.is_valid()
    else:
        form = PageForm(initial=saved, **form_kwargs)
    if response:
        response_move(response=response, page=number)
    return _page_render(request, invitation, form, pages, number)


def _page_save(
    request: HttpRequest, invitation: Invitation, response: Response, pages: list[Page], number: int, form_kwargs: dict
) -> HttpResponse:
    token = invitation.token
    page = pages[number - 1]
    if _posted_elsewhere(request, pages, page):
        return _stale_page_save(request, invitation, response, pages, number, form_kwargs)
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
            partner_id=page.partner_id if page.further else None,
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
        # The optional open questions come last (views/words.py; it goes on to the review when
        # the version has none).
        return redirect("respondent:words", token=token)
    # The box at the top of the page says how many answers are missing and links to the first
    # (page.html), which also takes the focus.
    return _page_render(request, invitation, form, pages, number)


def _posted_elsewhere(request: HttpRequest, pages: list[Page], page: Page) -> bool:
    """Whether the POST holds answers of questions that are not on this page: a page opened
    before its section was split differently (a deploy), posted to a number that now shows
    other questions."""
    mine = set(page.fields)
    return any(field_name(*f) in request.POST for p in pages for f in p.fields if f not in mine)


def _stale_page_save(
    request: HttpRequest, invitation: Invitation, response: Response, pages: list[Page], number: int, form_kwargs: dict
) -> HttpResponse:
    """Keep every valid answer of a POST made from an outdated page, whichever page its
    questions are on now, then show the page at this number again: nothing typed is lost.
    Only the pages about the same business unit count (a further unit's questions repeat the
    first unit's, and are stored apart)."""
    page = pages[number - 1]
    same = [p for p in pages if p.further == page.further and p.partner_id in (page.partner_id, None)]
    everything = Page(
        number=number,
        section=page.section,
        items=tuple(item for p in same for item in p.items),
        fields=tuple(f for p in same for f in p.fields),
    )
    form = PageForm(request.POST, **(form_kwargs | {"page": everything}))
    # Only what was posted: a question left out of the POST is not a question cleared.
    answers = {f: v for f, v in form.valid_answers().items() if field_name(*f) in request.POST and v != ""}
    try:
        response_answers_save(
            response=response,
            items={item.code: item for item in everything.items},
            answers=answers,
            page=number,
            partner_id=page.partner_id if page.further else None,
        )
    except ApplicationError:
        return redirect("respondent:welcome", token=invitation.token)
    messages.info(
        request,
        _("The questionnaire's pages were rearranged meanwhile. Your answers are saved: please check this page."),
    )
    return redirect(_page_url(invitation.token, number))


def _page_render(
    request: HttpRequest, invitation: Invitation, form: PageForm, pages: list[Page], number: int
) -> HttpResponse:
    context = base_context(invitation) | {
        "form": form,
        "error_summary": form.error_summary(),
        "page": pages[number - 1],
        "pages": pages,
        "number": number,
        "total": len(pages),
        "progress": round(100 * (number - 1) / (len(pages) + 1)),
        "has_words": bool(open_questions(campaign=invitation.campaign, side=invitation.side)),
    }
    return render(request, "respondent/page.html", context)


def _review_rows(
    pages: list[Page], answers: dict, partner_answers: dict[int, dict], side: str, language: str
) -> list[dict]:
    rows = []
    for page in pages:
        answers_here = page_answers(page=page, answers=answers, partner_answers=partner_answers)
        entries = []
        for item in page.items:
            # (label, answer): the label is empty for a single-aspect item.
            values = [
                (ASPECT_LABELS.get(aspect, aspect.title()), answers_here.get((item.code, aspect)))
                for aspect in item.aspects
            ]
            entries.append({"item": item, "statement": item.text_for(side, language), "values": values})
        rows.append({"page": page, "entries": entries})
    return rows


def _review_words(invitation: Invitation, response: Response | None) -> list[dict] | None:
    """The open questions with what the respondent wrote (None: the version asks none)."""
    questions = open_questions(campaign=invitation.campaign, side=invitation.side)
    if not questions:
        return None
    drafts = comment_drafts(response=response) if response else {}
    return [{"question": q, "text": drafts.get(q.code, "")} for q in questions]


@never_cache
def respondent_review(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_invitation(request, token)
    response, instead = answers_guard(request, invitation)
    if instead is not None:
        return instead
    asked = questionnaire(invitation, response)
    if asked.choose:
        return redirect("respondent:welcome", token=token)
    pages = asked.pages
    answers, partner_answers = all_answers(response, asked.units)
    missing = response_missing(pages=pages, answers=answers, partner_answers=partner_answers)
    missing_pages = sorted({p.number for p, _item, _aspect in missing})
    context = base_context(invitation) | {
        "sections": _review_rows(pages, answers, partner_answers, invitation.side, translation.get_language()),
        "missing": missing,
        "missing_pages": missing_pages,
        # One link per page, joined here: the sentence that lists them is translated as a whole.
        # Each opens its page with the missing answers marked and the first one focused.
        "missing_links": format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((_page_url(token, n, check=True), _("page %(number)s") % {"number": n}) for n in missing_pages),
        ),
        "first_missing_url": _page_url(token, missing_pages[0], check=True) if missing_pages else "",
        "total": len(pages),
        "words": _review_words(invitation, response),
    }
    return render(request, "respondent/review.html", context)


@require_POST
def respondent_submit(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_invitation(request, token)
    response, instead = answers_guard(request, invitation)
    if instead is not None:
        return instead
    if response is None:
        return redirect("respondent:review", token=token)
    try:
        submitted = response_submit(response=response)
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
    invitation = get_invitation(request, token)
    if invitation.state != Invitation.State.SUBMITTED:
        return redirect("respondent:welcome", token=token)
    claim = request.COOKIES.get(CLAIM_COOKIE, "")
    # A cookie no secret of ours can be (empty, overlong) looks nothing up.
    claim_hash = token_hash(claim) if claim and len(claim) <= TOKEN_MAX_LENGTH else ""
    response = response_get_submitted_by_claim(campaign=invitation.campaign, claim_hash=claim_hash)
    if response is None:
        return render(request, "respondent/already_submitted.html", base_context(invitation))
    activate(request, respondent_language(campaign=invitation.campaign, chosen=response.language))
    context = base_context(invitation) | {"response": response}
    if invitation.campaign.show_summary:
        context["summary"] = respondent_summary(response=response)
        # The summary reads the response's own answers: those about its first unit.
        context["summary_units"] = response_units(response=response)
    return render(request, "respondent/thanks.html", context)
