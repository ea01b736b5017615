"""Reads for the respondent journey and the management views."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count, Q

from assessments.models import Answer, Campaign, Instrument, Invitation, Item, Response, Section


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


def response_answer_map(*, response: Response) -> dict[tuple[str, str], str]:
    """{(item code, aspect): "1".."5" | "dk" | "na"} for one response."""
    rows = Answer.objects.filter(response=response).values_list("item__code", "aspect", "value", "special")
    return {(code, aspect): (special or str(value)) for code, aspect, value, special in rows}


def response_missing(*, pages: list[Page], answers: dict[tuple[str, str], str]) -> list[tuple[Page, Item, str]]:
    """Required answers still empty, in questionnaire order."""
    missing = []
    for page in pages:
        for item in page.items:
            if not item.required:
                continue
            for aspect in item.aspects:
                if (item.code, aspect) not in answers:
                    missing.append((page, item, aspect))
    return missing


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("campaign", "campaign__organisation", "campaign__instrument", "response")
        .filter(token=token)
        .first()
    )


def campaign_list(*, organisation) -> list[Campaign]:
    return list(Campaign.objects.filter(organisation=organisation).select_related("instrument"))


def campaign_unsubmitted_invitations(*, campaign: Campaign, side: str) -> list[Invitation]:
    return list(Invitation.objects.filter(campaign=campaign, side=side).filter(~Q(state=Invitation.State.SUBMITTED)))


def campaign_response_counts(*, campaign: Campaign) -> dict[str, dict[str, int]]:
    """Invited, started and submitted per side, in one query."""
    rows = (
        Invitation.objects.filter(campaign=campaign)
        .values("side")
        .annotate(
            invited=Count("id"),
            started=Count("id", filter=Q(state=Invitation.State.STARTED)),
            submitted=Count("id", filter=Q(state=Invitation.State.SUBMITTED)),
        )
    )
    counts = {side: {"invited": 0, "started": 0, "submitted": 0} for side in ("business", "it")}
    for row in rows:
        counts[row["side"]] = {k: row[k] for k in ("invited", "started", "submitted")}
    return counts


MODEL_ORDER = ["passive", "provider", "partner", "peer"]


def respondent_summary(*, response: Response) -> dict:
    """A respondent's own results with the model names and one-line descriptions to show them."""
    from assessments.scoring import response_scores

    scores = response_scores(response=response)
    dimensions = response.campaign.instrument.content["instruments"]["relationship"]["dimensions"]
    models = {d["code"]: {"code": d["code"], "name": d["name"]["en"], "summary": d.get("summary", {}).get("en", "")}
              for d in dimensions}
    relationship = {}
    for aspect in ("today", "desired"):
        fit = scores["relationship"].get(aspect) if scores["relationship"] else None
        if fit and fit.get("index") is not None:
            code = fit["model"]
            relationship[aspect] = {
                "model": models.get(code, {"code": code, "name": code.title(), "summary": ""}),
                "index": fit["index"],
                # Position on a 1-4 track, as a percentage for the marker.
                "position": round((fit["index"] - 1) / 3 * 100),
            }
    return {
        "relationship": relationship,
        "models": [models[code] for code in MODEL_ORDER if code in models],
        "behaviours": scores["behaviours"],
        "practices": scores["practices"],
        "trust": scores["trust"],
    }
