"""Hand-made BiSL practices for the tests: three processes in two clusters, and the short-form
question that names the "use" cluster (this campaign uses the full form)."""

from __future__ import annotations

from assessments.slices import Scope
from assessments.texts import InstrumentTexts
from brmportal.lib.scoring import Dimension, ItemMeta, Tally, merge

ASPECTS = ("current", "target")
ITEMS = (
    # The short form names the clusters; this campaign uses the full form.
    ItemMeta(code="BISL-USE", kind="practice", dimension="BISL-USE", group="use", aspects=ASPECTS, form="short"),
    ItemMeta(
        code="BISL-SUP",
        kind="practice",
        dimension="BISL-SUP",
        group="use",
        aspects=ASPECTS,
        form="full",
        level="operational",
        effort="low",
    ),
    ItemMeta(
        code="BISL-DAT",
        kind="practice",
        dimension="BISL-DAT",
        group="use",
        aspects=ASPECTS,
        form="full",
        level="operational",
        weight=1.2,
    ),
    ItemMeta(
        code="BISL-PLC",
        kind="practice",
        dimension="BISL-PLC",
        group="management",
        aspects=ASPECTS,
        form="full",
        level="managing",
    ),
)
DIMENSIONS = {
    "BISL-USE": Dimension(code="BISL-USE"),
    "BISL-SUP": Dimension(code="BISL-SUP", effort="low"),
    "BISL-DAT": Dimension(code="BISL-DAT", weight=1.2),
    "BISL-PLC": Dimension(code="BISL-PLC"),
}
NAMES = {
    "BISL-USE": {"en": "Day-to-day use", "nb": "Daglig bruk"},
    "BISL-SUP": {"en": "End-user support", "nb": "Brukerstøtte"},
    "BISL-DAT": {"en": "Business data management", "nb": "Forvaltning av forretningsdata"},
    "BISL-PLC": {"en": "Planning and control", "nb": "Planlegging og kontroll"},
}
BUSINESS = {
    ("BISL-SUP", "current"): Tally(n=2, total=4),  # 2.0
    ("BISL-SUP", "target"): Tally(n=2, total=8),  # 4.0
    ("BISL-DAT", "current"): Tally(n=1, total=3, na=1),  # 3.0, one "not applicable"
    ("BISL-DAT", "target"): Tally(n=2, total=8),  # 4.0
    ("BISL-PLC", "current"): Tally(n=2, total=6),  # 3.0
    ("BISL-PLC", "target"): Tally(n=1, total=4, dk=1),  # 4.0, one "don't know"
}
IT = {
    ("BISL-SUP", "current"): Tally(n=2, total=6),  # 3.0
    ("BISL-SUP", "target"): Tally(n=2, total=8),  # 4.0
    ("BISL-DAT", "current"): Tally(n=2, total=6),  # 3.0
    ("BISL-DAT", "target"): Tally(n=2, total=10),  # 5.0
}


def groups(it=IT):
    return {"business": BUSINESS, "it": it, "overall": merge([BUSINESS, IT])}


def scope(it=IT, form="full"):
    return Scope(items=ITEMS, dimensions=DIMENSIONS, groups=groups(it), form=form)


def texts(language="en"):
    dimensions = [{"code": code, "name": name} for code, name in NAMES.items()]
    return InstrumentTexts(language=language, content={"instruments": {"practice": {"dimensions": dimensions}}})
