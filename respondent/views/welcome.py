"""The welcome page at /r/<token>/: what the questionnaire is, the language, and, in a campaign
that covers business units (assessments.partners), the units the respondent answers for.

Opening it creates nothing (a link preview must not claim the questionnaire): the language
buttons and the choice of units are POSTs, each a first save that claims the response.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language_info
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from assessments.models import Invitation, Response, Side
from assessments.selectors.instruments import open_question_minutes
from assessments.selectors.response_partners import invitation_covers_units, response_started
from assessments.services.invitations import invitation_mark_opened
from assessments.services.partners_respondent import response_partners_set
from assessments.services.responses import response_language_set
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.user_agents import is_link_preview
from respondent.forms import UnitChoiceForm
from respondent.views.access import answers_guard, base_context, claim_start, get_invitation, set_claim
from respondent.views.units import questionnaire, unit_choice, welcome_minutes


def _welcome_render(
    request: HttpRequest, invitation: Invitation, response: Response | None, form: UnitChoiceForm | None = None
) -> HttpResponse:
    asked = questionnaire(invitation, response)
    pages = asked.pages
    # A response that only holds a language choice (or units) has not started: it still says "Start".
    started = response_started(response=response) and not asked.choose
    context = base_context(invitation) | {
        "pages": pages,
        "minutes": welcome_minutes(invitation, asked.units),
        "open_minutes": open_question_minutes(campaign=invitation.campaign, side=invitation.side),
        "response": response if started else None,
        "resume_page": min(response.current_page, len(pages)) if response else 1,
        "threshold": invitation.campaign.anonymity_threshold,
        "languages": [
            {"code": code, "name": get_language_info(code)["name_local"], "current": code == translation.get_language()}
            for code in invitation.campaign.offered_languages
        ],
        **unit_choice(invitation, response, form),
    }
    return render(request, "respondent/welcome.html", context)


# Respondent pages are never cached: after the submit, Back must fetch the page again (and show
# "Already submitted") instead of the editable form from the cache of a possibly shared browser.
@never_cache
def respondent_welcome(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_invitation(request, token)
    if not is_link_preview(request):
        invitation_mark_opened(invitation=invitation)
    response, instead = answers_guard(request, invitation, elsewhere_status=200)
    if instead is not None:
        return instead
    return _welcome_render(request, invitation, response)


@require_POST
def respondent_language_choose(request: HttpRequest, token: str) -> HttpResponse:
    """The welcome page's language buttons: the choice is kept on the response, so it holds on
    every page and when the respondent resumes later, on any device. Choosing is a first save:
    it claims the response for this browser."""
    invitation = get_invitation(request, token)
    response, instead = answers_guard(request, invitation)
    if instead is not None:
        return instead
    result = redirect("respondent:welcome", token=token)
    language = request.POST.get("language", "")
    if language not in invitation.campaign.offered_languages:
        return result
    if response is None:
        response, secret = claim_start(invitation)
        if response is None:
            return result
        set_claim(result, token, secret)
    response_language_set(response=response, language=language)
    return result


@require_POST
def respondent_units_choose(request: HttpRequest, token: str) -> HttpResponse:
    """The welcome page's choice of business units, then the first page (or the page the
    respondent had reached). A first save: it claims the response for this browser."""
    invitation = get_invitation(request, token)
    response, instead = answers_guard(request, invitation)
    if instead is not None:
        return instead
    if not invitation_covers_units(invitation=invitation):
        return redirect("respondent:welcome", token=token)
    form = UnitChoiceForm(request.POST, multiple=invitation.side == Side.IT)
    if not form.is_valid():
        return _welcome_render(request, invitation, response, form)
    secret = ""
    if response is None:
        response, secret = claim_start(invitation)
        if response is None:
            return redirect("respondent:welcome", token=token)
    try:
        response_partners_set(response=response, partner_ids=form.cleaned_data["partners"])
    except ApplicationError as exc:
        form.add_error("partners", exc.message)
        result = _welcome_render(request, invitation, response, form)
    else:
        result = redirect("respondent:page", token=token, number=max(1, response.current_page))
    return set_claim(result, token, secret) if secret else result
