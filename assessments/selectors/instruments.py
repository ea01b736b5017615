"""Reads of instrument versions: their structure (cached per process), pages, choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q, QuerySet

from accounts.models import Organisation
from assessments.content import bundled_version
from assessments.models import Campaign, Instrument, Item, Section


@dataclass(frozen=True)
class Page:
    number: int
    section: Section
    items: tuple[Item, ...]
    fields: tuple[tuple[str, str], ...] = field(default=())  # (item code, aspect) in display order

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


def campaign_pages(*, campaign: Campaign, side: str) -> list[Page]:
    """The questionnaire pages a respondent of `side` sees, numbered from 1.

    BiSL sections are limited to the campaign's form (short or full); items not meant for the
    side are left out, and a section left empty is skipped.
    """
    pages: list[Page] = []
    for section, items in _instrument_sections(campaign.instrument_id, campaign.instrument.content_hash):
        if section.form and section.form != campaign.practice_form:
            continue
        mine = tuple(item for item in items if side in item.sides)
        if not mine:
            continue
        fields = tuple((item.code, aspect) for item in mine for aspect in item.aspects)
        pages.append(Page(number=len(pages) + 1, section=section, items=mine, fields=fields))
    return pages


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
