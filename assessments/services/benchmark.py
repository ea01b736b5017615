"""Writes of the benchmark across organisations (issue #20 item 5): publishing a new version, and
an organisation taking part or not.

A version is a stored snapshot, published in batches as campaign results are: only when at least
MIN_ORGANISATIONS contributions changed since the current version, and cell by cell never
differing from an earlier version by one to four organisations (assessments.benchmark_rules).
The daily beat task and `manage.py benchmark_publish` both call `benchmark_publish`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Organisation
from accounts.services import organisation_benchmark_set
from assessments.audit import AuditEvent, audit_record
from assessments.benchmark import BenchmarkSnapshot
from assessments.benchmark_rules import MIN_ORGANISATIONS, Published, cells_build, differing
from assessments.selectors.benchmark import benchmark_contributions, benchmark_history


@dataclass(frozen=True)
class Publication:
    """What a publication did: the new version (None: nothing published), the contributions
    changed since the current version, and how many organisations contribute now."""

    snapshot: BenchmarkSnapshot | None
    changed: int
    contributors: int
    current: int | None  # the version in force before (None: never published)


@transaction.atomic
def benchmark_publish() -> Publication:
    """Publish a new version of the benchmark when it is due; safe to run twice or concurrently.

    1. Lock the current version's row, so two publications cannot both take the next number (the
       unique version stops the rare race when there is no version yet).
    2. Gather every opted-in organisation's latest closed round's published figures.
    3. Count the contributions that joined, left or changed; under MIN_ORGANISATIONS, stop.
    4. Build the cells against every earlier version and store the new version.
    """
    list(BenchmarkSnapshot.objects.select_for_update().order_by("-version").only("pk")[:1])
    history = benchmark_history()
    current = history[-1] if history else None
    contributions = benchmark_contributions()
    figures = {org: entry["figures"] for org, entry in contributions.items()}
    before = {org: entry["figures"] for org, entry in (current.contributions if current else {}).items()}
    changed = differing(before, figures)
    publication = Publication(
        snapshot=None, changed=changed, contributors=len(figures), current=current.version if current else None
    )
    if changed < MIN_ORGANISATIONS:
        return publication
    cells, withheld = cells_build(
        contributions=figures,
        history=[
            Published(
                contributions={org: entry["figures"] for org, entry in version.contributions.items()},
                shown=frozenset(version.cells),
            )
            for version in history
        ],
    )
    snapshot = BenchmarkSnapshot(
        version=(current.version if current else 0) + 1,
        published_at=timezone.now(),
        organisations=sorted(int(org) for org in contributions),
        contributions=contributions,
        cells=cells,
        changed=changed,
        withheld=withheld,
    )
    snapshot.full_clean()
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError:  # another publication took this version number first
        return publication
    return Publication(snapshot=snapshot, changed=changed, contributors=len(figures), current=publication.current)


@transaction.atomic
def organisation_benchmark_update(*, organisation: Organisation, actor: User | None, opt_in: bool) -> Organisation:
    """Take part in the benchmark or not, and record the change (no entry when nothing changed).
    The benchmark follows at its next publication: an opt-out's figures leave it then."""
    if organisation.benchmark_opt_in == opt_in:
        return organisation
    organisation_benchmark_set(organisation=organisation, opt_in=opt_in)
    audit_record(
        actor=actor,
        organisation=organisation,
        action=AuditEvent.BENCHMARK_CHANGE,
        target=organisation,
        details={"benchmark_opt_in": "on" if opt_in else "off"},
    )
    return organisation
