"""Hand-made BiSL practices for the tests: three processes in two clusters, and the short-form
question that names the "use" cluster (this campaign uses the full form).

Every tally is written out from four respondents' answers, so each mean, spread and interval
in the tests can be checked by hand. Useful facts: four answers 1, 2, 2, 3 (or any a-1, a, a,
a+1) have variance ((1 + 0 + 0 + 1) / 3) = 2/3, se = sqrt(2/3 / 4) = sqrt(1/6) = 0.408; four
answers a, a, a+1, a+1 have variance 1/3, se = sqrt(1/12) = 0.289. t(0.975): df 3 -> 3.182,
df 6 -> 2.447, df 12 -> 2.179.
"""

from __future__ import annotations

from assessments.slices import Scope
from assessments.texts import InstrumentTexts
from brmportal.lib.aggregates import Measures, Sums
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


def answers(*values: int, dk: int = 0, na: int = 0) -> Tally:
    """The tally of these numeric answers (plus "don't know" and "not applicable")."""
    return Tally(
        n=len(values),
        total=sum(values),
        dk=dk,
        na=na,
        sq=sum(v * v for v in values),
        values=Tally.of_answers(*values).values,
    )


# Business respondents R1..R4 (in this order), and a fifth who found DAT "not applicable" today
# and did not know PLC's target.
BUSINESS = {
    ("BISL-SUP", "current"): answers(1, 2, 2, 3),  # mean 2.0, variance 2/3
    ("BISL-SUP", "target"): answers(3, 4, 4, 5),  # mean 4.0, variance 2/3
    ("BISL-DAT", "current"): answers(2, 3, 3, 4, na=1),  # mean 3.0, variance 2/3
    ("BISL-DAT", "target"): answers(3, 4, 4, 5),  # mean 4.0, variance 2/3
    ("BISL-PLC", "current"): answers(1, 1, 2, 2),  # mean 1.5, variance 1/3
    ("BISL-PLC", "target"): answers(3, 3, 4, 4, dk=1),  # mean 3.5, variance 1/3
}
# IT did not rate planning and control.
IT = {
    ("BISL-SUP", "current"): answers(2, 3, 3, 4),  # mean 3.0, variance 2/3
    ("BISL-SUP", "target"): answers(3, 4, 4, 5),  # mean 4.0, variance 2/3
    ("BISL-DAT", "current"): answers(2, 3, 3, 4),  # mean 3.0, variance 2/3
    ("BISL-DAT", "target"): answers(3, 3, 4, 4),  # mean 3.5, variance 1/3
}


def scale_sums(*means: float) -> Sums:
    return Sums(n=len(means), total=sum(means), sq=sum(m * m for m in means))


# The business respondents' own scores on the "use" cluster (SUP and DAT): current R1 (1 + 2) / 2
# = 1.5, R2 2.5, R3 2.5, R4 3.5 -> mean 2.5, variance ((1 + 0 + 0 + 1) / 3) = 2/3; target R1..R4
# 3, 4, 4, 5. The IT side's are missing: its cluster falls back to the pooled answers' spread.
BUSINESS_MEASURES = Measures(
    sums={
        "scale:practice.full.use:current": scale_sums(1.5, 2.5, 2.5, 3.5),
        "scale:practice.full.use:target": scale_sums(3, 4, 4, 5),
    }
)


def groups(it=IT):
    overall = merge([BUSINESS, IT])
    return {"business": BUSINESS, "it": it, "overall": overall}


def scope(it=IT, form="full", measures=True):
    found = {"business": BUSINESS_MEASURES} if measures else {}
    return Scope(items=ITEMS, dimensions=DIMENSIONS, groups=groups(it), form=form, measures=found)


def texts(language="en"):
    dimensions = [{"code": code, "name": name} for code, name in NAMES.items()]
    return InstrumentTexts(language=language, content={"instruments": {"practice": {"dimensions": dimensions}}})
