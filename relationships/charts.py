"""The relationship's charts, one definition for the dashboard and the PDF (assessments.charts):
the four-model profile (each side's agreement with each model's statements, today vs desired)
and the index ladder (each side's index per aspect, marked and labelled from the same figure)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.charts import COLORS, Bar, Marker, Spec, columns, ladder, reading
from brmportal.lib.labels import ASPECT_LABELS, ASPECTS, GROUPS, OVERALL, SIDE_LABELS, SIDES
from relationships.names import ModelName, fit_name
from relationships.results import RelationshipResult

ASPECT_COLORS = {"today": "#8fb3dc", "desired": "#1f5fa8"}


def _groups(result: RelationshipResult) -> list[str]:
    """Each side shown; everyone when neither side can be shown on its own."""
    return [g for g in SIDES if result.group(g)] or [OVERALL]


def profile_chart(result: RelationshipResult, names: dict[str, ModelName]) -> Spec | None:
    """Today vs desired agreement (1-5) with each model's statements, a panel per side, each
    column with its 95 % interval; None when no group has a score."""
    panels = []
    for group in _groups(result):
        cols = []
        for code, name in names.items():
            for aspect in ASPECTS:
                fit = result.fit(group, aspect)
                value = fit.scores.get(code) if fit else None
                if fit is None or value is None:
                    continue
                stats = fit.score_stats.get(code)
                cols.append(
                    Bar(
                        category=name.name,
                        series=str(ASPECT_LABELS[aspect]),
                        value=value,
                        low=stats.low if stats else None,
                        high=stats.high if stats else None,
                        n=stats.n if stats else 0,
                    )
                )
        panels.append((str(SIDE_LABELS[group]), cols))
    return columns(
        panels=panels,
        series=[(str(ASPECT_LABELS[a]), ASPECT_COLORS[a]) for a in ASPECTS],
        categories=[n.name for n in names.values()],
        domain=(1, 5),
        title=_("Agreement with each model (1-5), today and desired"),
        description=_(
            # xgettext:no-python-format (a literal '95 %' here, never %-formatted)
            "Column chart: for each side, the mean agreement (1-5) with the statements of each of the four "
            "relationship models, today and desired, each with its 95 % interval. The numbers are in the table."
        ),
    )


def index_chart(result: RelationshipResult, names: dict[str, ModelName]) -> Spec | None:
    """Each group's index per aspect on the Passive..Peer ladder, labelled with the model named
    from the same index and the index as the tables print it; None when no group has an index."""
    markers = []
    for group in GROUPS:
        for aspect in ASPECTS:
            fit = result.fit(group, aspect)
            if fit is None or fit.index is None:
                continue
            label = _("%(group)s, %(aspect)s: %(model)s %(index)s") % {
                "group": SIDE_LABELS[group],
                "aspect": str(ASPECT_LABELS[aspect]).lower(),
                "model": fit_name(fit, names),
                "index": reading(fit.index),
            }
            colour = COLORS[group] if aspect == "desired" else COLORS[f"{group}_light"]
            markers.append(Marker(label=label, value=fit.index, color=colour))
    return ladder(
        steps=[n.name for n in names.values()],
        markers=markers,
        title=_("Relationship index (1 Passive – 4 Peer)"),
        description=_(
            "Each group's relationship index today and desired on the ladder of the four models, from 1 Passive "
            "to 4 Peer; each marker is labelled with the model its index is nearest. The numbers are in the table."
        ),
    )
