"""Reads of the respondents' own words: a side's open questions, a respondent's drafts, and the
published comments a campaign may show, after the anonymity rules.

Every reader of comments (the workspace's Comments page, the dashboard, the PDF appendix, the
exports, `campaign_scores --json`) goes through `campaign_comments`, so all of them show the same
comments: published ones only, of the sides at or above the threshold, for the whole campaign
only, in the random order of their UUIDs (stable, and unrelated to when they were submitted).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assessments.anonymity import Group, comment_sides, comment_sides_shown
from assessments.models import Campaign, Comment, CommentDraft, OpenQuestion, Response
from assessments.results import CampaignScores
from assessments.selectors.aggregates import campaign_aggregates
from assessments.slices import kinds

# Quotes the dashboard shows per theme (the Comments page lists them all).
QUOTES_PER_THEME = 3


@dataclass(frozen=True)
class Theme:
    """A code comments can be tagged with: a section or a dimension of the instrument."""

    code: str
    name: Any  # a content text {"en": ..., "nb": ...}


@lru_cache(maxsize=32)
def _open_questions(instrument_id: int, content_hash: str) -> tuple[OpenQuestion, ...]:
    # Cached per process like the instrument's sections (selectors.instruments): a version a
    # campaign uses never changes, and the hash in the key drops an unused version reloaded.
    return tuple(OpenQuestion.objects.filter(instrument_id=instrument_id).order_by("order"))


def open_questions(*, campaign: Campaign, side: str | None = None) -> list[OpenQuestion]:
    """The campaign's open questions in questionnaire order; of one side when `side` is given.
    No query once the version is known to the process (callers treat the rows as read-only)."""
    questions = _open_questions(campaign.instrument_id, campaign.instrument.content_hash)
    return [q for q in questions if side is None or side in q.sides]


def comment_drafts(*, response: Response) -> dict[str, str]:
    """{question code: text} the respondent has typed so far (their own unsubmitted response)."""
    return dict(CommentDraft.objects.filter(response=response).values_list("question__code", "text"))


def _theme_code(dimension: str, codes: list[str]) -> str:
    # The items' shared code prefix names a dimension that groups several items (REL-PAR-1A and
    # REL-PAR-2 -> REL-PAR); the dimension's own code when they share none.
    shared = os.path.commonprefix(codes)
    return shared.rsplit("-", 1)[0] if "-" in shared else dimension.upper()


def instrument_themes(*, content: dict[str, Any], practice_form: str = "short") -> list[Theme]:
    """The themes of an instrument version, in questionnaire order. Pure.

    An instrument whose dimensions each group several items (the relationship's four models)
    gives its dimensions; the others give their sections (BEH-ENT, BEH-BUS, BEH-IT, TRU and the
    BiSL sections of the campaign's form), which read as themes where a dimension is one item.
    """
    themes: list[Theme] = []
    for kind in kinds():
        doc = (content.get("instruments") or {}).get(kind) or {}
        sections = doc.get("sections") or []
        items = [item for section in sections for item in section.get("items") or []]
        by_dimension: dict[str, list[str]] = {}
        for item in items:
            by_dimension.setdefault(item.get("dimension", ""), []).append(item.get("code", ""))
        dimensions = doc.get("dimensions") or []
        if dimensions and all(len(by_dimension.get(d.get("code"), [])) >= 3 for d in dimensions):
            themes += [Theme(_theme_code(d["code"], by_dimension[d["code"]]), d.get("name")) for d in dimensions]
            continue
        for section in sections:
            forms = {item.get("form", "") for item in section.get("items") or []}
            form = forms.pop() if len(forms) == 1 else ""
            if form and form != practice_form:
                continue
            themes.append(Theme(section["code"], section.get("title")))
    return themes


def campaign_themes(*, campaign: Campaign) -> list[Theme]:
    return instrument_themes(content=campaign.instrument.content, practice_form=campaign.practice_form)


@dataclass(frozen=True)
class ThemeComments:
    theme: Theme
    count: int
    quotes: list[Comment]


@dataclass(frozen=True)
class QuestionComments:
    question: OpenQuestion
    comments: list[Comment]  # shown ones, hidden ones included on the Comments page only


@dataclass(frozen=True)
class CampaignComments:
    """What a campaign may show of its comments.

    `shown` is False for a department view (comments are for the whole campaign only) and when
    no side reaches the threshold; then every list is empty and every count 0.
    """

    asked: bool  # the version has open questions at all
    department_view: bool
    sides: frozenset[str]
    withheld_sides: frozenset[str]  # sides with published comments under the threshold
    questions: list[QuestionComments] = field(default_factory=list)
    visible: list[Comment] = field(default_factory=list)  # not hidden, random order
    total: int = 0
    hidden: int = 0
    untagged: int = 0
    themes: list[ThemeComments] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.sides) and not self.department_view


def campaign_comments(
    *,
    campaign: Campaign,
    department: str | None = None,
    quotes: int = QUOTES_PER_THEME,
    scores: CampaignScores | None = None,
) -> CampaignComments:
    """The campaign's comments as results may show them (module doc).

    2 queries (the published snapshot's counts, the comments); 1 when the campaign-wide `scores`
    are at hand (the dashboard's), whose hidden groups are the same; none for a department.
    """
    questions = open_questions(campaign=campaign)
    if department:
        return CampaignComments(
            asked=bool(questions), department_view=True, sides=frozenset(), withheld_sides=frozenset()
        )
    if scores is not None and scores.department is None:
        hidden = {Group(h.side, h.department): h.reason for h in scores.anonymity.hidden}
        sides = comment_sides(hidden=hidden, responses=scores.responses)
    else:
        aggregates = campaign_aggregates(campaign=campaign)
        sides = comment_sides_shown(
            counts=aggregates.counts, threshold=campaign.anonymity_threshold, online=aggregates.online
        )
    published = list(
        Comment.objects.filter(
            organisation_id=campaign.organisation_id, campaign_id=campaign.pk, published=True
        ).order_by("id")
    )
    withheld = frozenset(c.side for c in published if c.side not in sides)
    mine = [c for c in published if c.side in sides]
    visible = [c for c in mine if not c.hidden]
    themes = []
    for theme in campaign_themes(campaign=campaign):
        tagged = [c for c in visible if theme.code in c.themes]
        themes.append(ThemeComments(theme=theme, count=len(tagged), quotes=tagged[:quotes]))
    by_question = {q.pk: q for q in questions}
    for comment in mine:
        # The question rows are cached: no query per comment.
        comment.question = by_question[comment.question_id]
    return CampaignComments(
        asked=bool(questions),
        department_view=False,
        sides=sides,
        withheld_sides=withheld,
        # A question of a withheld side is left out: "no comments yet" would not be true.
        questions=[
            QuestionComments(q, [c for c in mine if c.question_id == q.pk])
            for q in questions
            if not set(q.sides) <= withheld
        ],
        visible=visible,
        total=len(mine),
        hidden=len(mine) - len(visible),
        untagged=sum(1 for c in visible if not c.themes),
        themes=themes,
    )


def comments_json(comments: CampaignComments) -> dict[str, Any] | None:
    """`comments` of `campaign_scores --json`: counts only, never a text; None where nothing may
    be shown (a department, or no side at the threshold)."""
    if not comments.shown:
        return None
    return {
        "total": comments.total,
        "hidden": comments.hidden,
        "untagged": comments.untagged,
        "themes": {entry.theme.code: entry.count for entry in comments.themes},
        "questions": {
            entry.question.code: sum(1 for c in entry.comments if not c.hidden) for entry in comments.questions
        },
        "sides": sorted(comments.sides),
    }
