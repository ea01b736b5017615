"""The Comments page of a campaign: the published comments, to read, hide and tag with themes.

What the page lists is what every reader of comments may show (assessments.selectors.comments):
published comments of the sides at or above the threshold, for the whole campaign, in a random
order. Hiding and showing again are in the audit log; tagging is not (it changes no one's words).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership
from assessments.content import localized
from assessments.models import Campaign
from assessments.selectors.comments import QuestionComments, campaign_comments, campaign_themes
from assessments.services.comments import comment_hide, comment_themes_set
from brmportal.lib.exceptions import ApplicationError
from workspace.access import org_permission_required
from workspace.errors import error_message
from workspace.forms.comments import CommentHideForm, CommentThemesForm


def _list_url(campaign: Campaign, comment_id: object = None, page: str = "") -> str:
    """The Comments page, back on the page of comments the form was on (a number, or the first)."""
    url = reverse("manage:comment_list", args=[campaign.pk])
    if page.isdigit():
        url += f"?page={int(page)}"
    return f"{url}#comment-{comment_id}" if comment_id else url


# Comments a page: each carries its forms, and a campaign of thousands would make one page of megabytes.
COMMENTS_PER_PAGE = 50


@org_permission_required("view_dashboards")
def comment_list(request: HttpRequest, campaign: Campaign, membership: Membership) -> HttpResponse:
    comments = campaign_comments(campaign=campaign)
    themes = campaign_themes(campaign=campaign)
    # By question, each question's comments in their random order; a page may start mid-question.
    flat = [(entry.question, comment) for entry in comments.questions for comment in entry.comments]
    page = Paginator(flat, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    on_page: dict[int, QuestionComments] = {}
    for question, comment in page.object_list:
        on_page.setdefault(question.pk, QuestionComments(question, [])).comments.append(comment)
    context = {
        "campaign": campaign,
        "organisation": campaign.organisation,
        "permissions": membership.permissions,
        "comments": comments,
        "page": page,
        # The questions without comments are listed on the last page (there is no other).
        "page_questions": [
            on_page.get(entry.question.pk) or QuestionComments(entry.question, [])
            for entry in comments.questions
            if entry.question.pk in on_page or (not entry.comments and not page.has_next())
        ],
        "themes": [(theme.code, localized(theme.name)) for theme in themes],
        "theme_names": {theme.code: localized(theme.name) for theme in themes},
    }
    return render(request, "assessments/comment_list.html", context)


@require_POST
@org_permission_required("manage_campaigns")
def comment_hide_view(
    request: HttpRequest, campaign: Campaign, membership: Membership, comment_id: UUID
) -> HttpResponse:
    form = CommentHideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to hide the comment or show it again."))
        return redirect(_list_url(campaign))
    hidden = form.cleaned_data["hidden"]
    try:
        comment_hide(campaign=campaign, comment_id=comment_id, hidden=hidden, actor=request.user)
    except ApplicationError as exc:
        error_message(request, exc)
        return redirect(_list_url(campaign))
    messages.success(request, _("The comment is hidden.") if hidden else _("The comment is shown again."))
    return redirect(_list_url(campaign, comment_id, request.POST.get("page", "")))


@require_POST
@org_permission_required("manage_campaigns")
def comment_themes_view(
    request: HttpRequest, campaign: Campaign, membership: Membership, comment_id: UUID
) -> HttpResponse:
    codes = [theme.code for theme in campaign_themes(campaign=campaign)]
    form = CommentThemesForm(request.POST, choices=[(code, code) for code in codes])
    if not form.is_valid():
        messages.error(request, _("Choose themes of this campaign's questionnaire."))
        return redirect(_list_url(campaign))
    try:
        comment_themes_set(campaign=campaign, comment_id=comment_id, themes=form.cleaned_data["themes"], allowed=codes)
    except ApplicationError as exc:
        error_message(request, exc)
        return redirect(_list_url(campaign))
    messages.success(request, _("The comment's themes are saved."))
    return redirect(_list_url(campaign, comment_id, request.POST.get("page", "")))
