"""The last, optional page of the questionnaire: "In your own words" (issue #17).

Its texts are drafts kept with the respondent's own unsubmitted response until the submit moves
them into comments that point at nobody (assessments.comments). Nothing here is required: an
empty page goes on to the review like a filled one.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessments.models import Invitation
from assessments.selectors.comments import comment_drafts, open_questions
from assessments.services.comments import comment_drafts_save
from brmportal.lib.exceptions import ApplicationError
from respondent.forms import OpenQuestionsForm, open_field_name
from respondent.views.access import answers_guard, base_context, claim_start, get_invitation, set_claim
from respondent.views.units import questionnaire


@never_cache
@require_http_methods(["GET", "POST"])
def respondent_words(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_invitation(request, token)
    response, instead = answers_guard(request, invitation)
    if instead is not None:
        return instead
    questions = open_questions(campaign=invitation.campaign, side=invitation.side)
    if not questions:
        return redirect("respondent:review", token=token)
    asked = questionnaire(invitation, response)
    if asked.choose:  # the units come first (the welcome page)
        return redirect("respondent:welcome", token=token)
    pages = asked.pages
    language = translation.get_language()
    if request.method == "GET":
        saved = comment_drafts(response=response) if response else {}
        form = OpenQuestionsForm(
            initial={open_field_name(code): text for code, text in saved.items()},
            questions=questions,
            language=language,
        )
        return _render(request, invitation, form, pages)

    form = OpenQuestionsForm(request.POST, questions=questions, language=language)
    valid = form.is_valid()
    secret = ""
    if response is None:
        response, secret = claim_start(invitation)
        if response is None:
            return redirect("respondent:welcome", token=token)
    try:
        # What passed is kept even when another answer is too long.
        comment_drafts_save(response=response, questions=questions, texts=form.texts())
    except ApplicationError:
        # Submitted from another tab, or moved to another browser, a moment ago.
        return redirect("respondent:welcome", token=token)
    action = request.POST.get("action", "next")
    if not valid:
        # Shown again with the over-long text in its field, whichever button was pressed: going
        # on (or back) would lose what the respondent typed.
        result = _render(request, invitation, form, pages)
    elif action == "back":
        result = redirect("respondent:page", token=token, number=len(pages))
    elif action == "save":
        messages.success(request, _("Your answers are saved. Open the same link to continue later."))
        result = redirect("respondent:words", token=token)
    else:
        result = redirect("respondent:review", token=token)
    return set_claim(result, token, secret) if secret else result


def _render(request: HttpRequest, invitation: Invitation, form: OpenQuestionsForm, pages: list) -> HttpResponse:
    context = base_context(invitation) | {
        "form": form,
        "total": len(pages),
        "progress": round(100 * len(pages) / (len(pages) + 1)),
        "back_url": reverse("respondent:page", args=[invitation.token, len(pages)]),
        # The first answer over its limit takes the focus, as the first missing one does on a page.
        "first_error": next((name for name in form.fields if name in form.errors), ""),
    }
    return render(request, "respondent/words.html", context)
