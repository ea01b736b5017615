"""Reads of instrument versions: their structure (cached per process), pages, choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from math import ceil

from django.db.models import Q, QuerySet

from accounts.models import Organisation
from assessments.content import bundled_version
from assessments.models import Campaign, Instrument, Item, Section

# A page asks at most about this many ratings (item x aspect): a longer section is split over
# pages, so a phone shows a screenful or two, not a scroll of 20 rating rows (issue #15).
MAX_RATINGS_PER_PAGE = 12
# The time estimate of the welcome page and the e-mails (campaign_minutes): seconds per rating,
# reading the statement included.
SECONDS_PER_RATING = 7
# An open question (optional, at most a few sentences): reading it and writing one or two lines.
SECONDS_PER_OPEN_QUESTION = 40


@dataclass(frozen=True)
class Page:
    number: int
    section: Section
    items: tuple[Item, ...]
    fields: tuple[tuple[str, str], ...] = field(default=())  # (item code, aspect) in display order
    # This page's place in its section: part `part` of `parts` (1 of 1 for a section on one page).
    part: int = 1
    parts: int = 1
    # The business unit a unit-dependent page is about (assessments.partners; None: the campaign
    # covers no units, or the section does not depend on the unit). `further`: a unit after the
    # response's first, whose answers are PartnerAnswer rows (assessments.selectors.response_partners).
    partner_id: int | None = None
    partner_name: str = ""
    further: bool = False

    @property
    def kind(self) -> str:
        return self.section.kind


@lru_cache(maxsize=32)
def _instrument_sections(instrument_id: int, content_hash: str) -> tuple[tuple[Section, tuple[Item, ...]], ...]:
    # An instrument version never changes once a campaign uses it, so its structure is cached
    # per process; the content hash in the key drops the entry if an unused version is reloaded.
    sections = list(Section.objects.filter(instrument_id=instrument_id).order_by("order"))
    items_by_section: dict[int, list[Item]] = {s.pk: [] for s in sections}
    for item in Item.objects.filter(instrument_id=instrument_id).order_by("order"):
        items_by_section[item.section_id].append(item)
    return tuple((s, tuple(items_by_section[s.pk])) for s in sections)


@lru_cache(maxsize=32)
def _instrument_scale_labels(instrument_id: int, content_hash: str) -> dict[str, dict]:
    # Cached like _instrument_sections; callers must treat the result as read-only.
    content = Instrument.objects.values_list("content", flat=True).get(pk=instrument_id)
    return {kind: doc.get("scale", {}).get("labels", {}) for kind, doc in content.get("instruments", {}).items()}


def instrument_scale_labels(*, instrument: Instrument) -> dict[str, dict]:
    """{kind: {"1": label, ...}}: each instrument's scale labels, read once per process and version."""
    return _instrument_scale_labels(instrument.pk, instrument.content_hash)


def instrument_items(*, instrument: Instrument) -> list[Item]:
    return [item for _, items in _instrument_sections(instrument.pk, instrument.content_hash) for item in items]


def _split(items: tuple[Item, ...]) -> list[tuple[Item, ...]]:
    """A section's items in as few pages of about MAX_RATINGS_PER_PAGE ratings as possible, of
    even size (16 ratings: 8 + 8, not 12 + 4). An item's aspects (today and desired) stay together."""
    total = sum(len(item.aspects) for item in items)
    parts = max(1, ceil(total / MAX_RATINGS_PER_PAGE))
    chunks: list[list[Item]] = [[] for _ in range(parts)]
    before = 0
    for item in items:
        # Each item goes to the part its middle falls in: parts differ by at most one item.
        size = len(item.aspects)
        chunks[min(parts - 1, int((before + size / 2) * parts / total))].append(item)
        before += size
    return [tuple(chunk) for chunk in chunks if chunk]


@lru_cache(maxsize=64)
def _pages(instrument_id: int, content_hash: str, practice_form: str, side: str) -> tuple[Page, ...]:
    pages: list[Page] = []
    for section, items in _instrument_sections(instrument_id, content_hash):
        if section.form and section.form != practice_form:
            continue
        mine = tuple(item for item in items if side in item.sides)
        if not mine:
            continue
        chunks = _split(mine)
        for part, chunk in enumerate(chunks, start=1):
            fields = tuple((item.code, aspect) for item in chunk for aspect in item.aspects)
            pages.append(
                Page(
                    number=len(pages) + 1,
                    section=section,
                    items=chunk,
                    fields=fields,
                    part=part,
                    parts=len(chunks),
                )
            )
    return tuple(pages)


def campaign_pages(*, campaign: Campaign, side: str) -> list[Page]:
    """The questionnaire pages a respondent of `side` sees, numbered from 1.

    BiSL sections are limited to the campaign's form (short or full); items not meant for the
    side are left out, and a section left empty is skipped. A section of more than about
    MAX_RATINGS_PER_PAGE ratings is split over pages (`Page.part` of `Page.parts`).

    Answers are stored per item and aspect, never per page: a change of the split moves
    questions between page numbers but loses no answer.
    """
    return list(_pages(campaign.instrument_id, campaign.instrument.content_hash, campaign.practice_form, side))


@lru_cache(maxsize=64)
def _minutes(instrument_id: int, practice_form: str, side: str) -> tuple[int, int]:
    # Keyed without the content hash: a version a campaign uses is never changed in place
    # (instrument_load), so its count of ratings is fixed once a campaign exists.
    content_hash, questions = Instrument.objects.values_list("content_hash", "content__open_questions").get(
        pk=instrument_id
    )
    ratings = sum(len(page.fields) for page in _pages(instrument_id, content_hash, practice_form, side))
    asked = sum(1 for question in questions or [] if side in question.get("sides", []))
    return max(1, round(ratings * SECONDS_PER_RATING / 60)), round(asked * SECONDS_PER_OPEN_QUESTION / 60)


def campaign_minutes(*, campaign: Campaign, side: str) -> int:
    """About how many minutes the questionnaire of `side` takes, from its number of ratings.

    The one estimate the welcome page, the open link page and the invitation and reminder
    e-mails all show. No query once known to the process, so a batch of e-mails costs nothing.
    The optional open questions are not in it: `open_question_minutes` says what they add.
    """
    return _minutes(campaign.instrument_id, campaign.practice_form, side)[0]


def open_question_minutes(*, campaign: Campaign, side: str) -> int:
    """The most the optional open questions add to `campaign_minutes` (0 when the version has
    none): said apart, so the estimate is honest for those who write and those who skip them."""
    return _minutes(campaign.instrument_id, campaign.practice_form, side)[1]


def instrument_choices(*, organisation: Organisation) -> QuerySet[Instrument]:
    """Instrument versions a campaign of `organisation` can use, newest first: the versions
    bundled with the portal and the organisation's own uploads, never another tenant's."""
    return Instrument.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation)).order_by(
        "-created_at", "-pk"
    )


def instrument_default(*, instruments: QuerySet[Instrument]) -> Instrument | None:
    """The version a new campaign starts with: the bundled current version (the repository's
    content, `bundled_version`), not the newest row, which may be an upload; else the newest."""
    current = next(
        (i for i in instruments if i.organisation_id is None and i.version == bundled_version()),
        None,
    )
    return current or next(iter(instruments), None)
