"""Writes for instrument versions: the bundled content and organisations' uploads."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation
from assessments.content import archived_versions, bundled_version, read_content
from assessments.models import Instrument, Item, OpenQuestion, Section
from assessments.slices import kinds
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.scoring import SIDES


@transaction.atomic
def instrument_load(*, content: dict[str, Any] | None = None, organisation: Organisation | None = None) -> Instrument:
    """Load the content files into an Instrument version, idempotently.

    1. Read and validate the content files (or take `content` already read).
    2. If the version exists (bundled with the portal when `organisation` is None, else that
       organisation's own) with the same content hash, return it unchanged.
    3. If it exists with different content and a campaign uses it, refuse: answers would
       silently change meaning. Otherwise rebuild its sections and items.
    """
    content = content or read_content()
    version = content["version"]
    instrument = Instrument.objects.filter(organisation=organisation, version=version).first()
    if instrument and instrument.content_hash == content["hash"]:
        return instrument
    if instrument:
        if instrument.campaigns.exists():
            raise ApplicationError(
                f"Instrument {version} is used by a campaign and cannot change; give the content a new version."
            )
        instrument.items.all().delete()
        instrument.sections.all().delete()
        instrument.open_questions.all().delete()
        instrument.content = content
        instrument.content_hash = content["hash"]
        instrument.save(update_fields=["content", "content_hash", "updated_at"])
    else:
        instrument = Instrument(
            organisation=organisation, version=version, content=content, content_hash=content["hash"]
        )
        instrument.full_clean()
        instrument.save()

    section_order = 0
    item_order = 0
    items: list[Item] = []
    for kind in kinds():
        doc = content["instruments"][kind]
        scale = doc["scale"]
        for section_doc in doc["sections"]:
            section_order += 1
            forms = {item.get("form", "") for item in section_doc["items"]}
            section = Section.objects.create(
                instrument=instrument,
                code=section_doc["code"],
                kind=kind,
                order=section_order,
                form=forms.pop() if len(forms) == 1 else "",
                title=section_doc["title"],
                intro=section_doc.get("intro", {}),
            )
            for item_doc in section_doc["items"]:
                item_order += 1
                items.append(
                    Item(
                        instrument=instrument,
                        section=section,
                        code=item_doc["code"],
                        kind=kind,
                        dimension=item_doc["dimension"],
                        group=item_doc.get("group") or item_doc.get("cluster") or "",
                        order=item_order,
                        sides=item_doc.get("sides", list(SIDES)),
                        aspects=doc["aspects"],
                        required=item_doc.get("required", True),
                        scale_min=scale["min"],
                        scale_max=scale["max"],
                        allow_dont_know=bool(scale.get("dont_know", False)),
                        allow_not_applicable=bool(scale.get("not_applicable", False)),
                        data={k: v for k, v in item_doc.items() if k not in {"code", "dimension", "sides"}},
                    )
                )
    Item.objects.bulk_create(items)
    OpenQuestion.objects.bulk_create(
        OpenQuestion(
            instrument=instrument,
            code=doc["code"],
            sides=doc["sides"],
            order=order,
            text=doc["text"],
            max_length=doc["max_length"],
        )
        for order, doc in enumerate(content.get("open_questions") or [], start=1)
    )
    return instrument


def instrument_create(*, content: dict[str, Any], organisation: Organisation) -> Instrument:
    """Add an organisation's own instrument version from prepared content (`content_prepare`).

    Only `organisation` sees and uses it. A version is never replaced, even an unused one (a
    campaign form may be open on it), and an upload cannot take a version string of the
    versions bundled with the portal: "2026.2" must mean the same questionnaire everywhere.
    Another organisation may upload the same version string.
    """
    version = content["version"]
    bundled = (
        version == bundled_version()
        or version in archived_versions()
        or Instrument.objects.filter(organisation=None, version=version).exists()
    )
    if bundled:
        raise ApplicationError(
            _(
                "Instrument version %(version)s is a version bundled with the portal: give the file a new "
                "version (overview.version)."
            )
            % {"version": version}
        )
    if Instrument.objects.filter(organisation=organisation, version=version).exists():
        raise ApplicationError(
            _("Instrument version %(version)s already exists: give the file a new version (overview.version).")
            % {"version": version}
        )
    try:
        return instrument_load(content=content, organisation=organisation)
    except (KeyError, TypeError, AttributeError) as exc:
        # validate_content checks the fields the portal relies on; anything else malformed in an
        # upload surfaces here, after instrument_load's transaction has rolled back.
        raise ApplicationError(
            _("The instrument content has an unexpected shape (near %(detail)s).") % {"detail": exc}
        ) from exc
