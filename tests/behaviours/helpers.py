"""Hand-made behaviour answers shared by the slice's tests: one behaviour of each group, and a
four-a-side worked example whose intervals are computed by hand in the tests' comments."""

from __future__ import annotations

from assessments.slices import Scope
from assessments.texts import InstrumentTexts
from brmportal.lib.scoring import ItemMeta, Tally, merge

ITEMS = (
    ItemMeta(code="BEH-ENT-1", kind="behaviour", dimension="BEH-ENT-1", group="enterprise"),
    ItemMeta(code="BEH-BUS-1", kind="behaviour", dimension="BEH-BUS-1", group="business"),
    ItemMeta(code="BEH-IT-1", kind="behaviour", dimension="BEH-IT-1", group="it"),
)


def answers(*values: int, dk: int = 0) -> Tally:
    """The tally of these answers: n, sum, sum of squares and the count of each value."""
    return Tally(
        n=len(values),
        total=sum(values),
        dk=dk,
        sq=sum(v * v for v in values),
        values=Tally.of_answers(*values).values,
    )


def ratings(enterprise: int, business: int, it: int, business_dk: int = 0) -> dict[tuple[str, str], Tally]:
    """Three people's totals per behaviour (enterprise, the business's, IT's), without spread."""
    return {
        ("BEH-ENT-1", "value"): Tally(n=3, total=enterprise),
        ("BEH-BUS-1", "value"): Tally(n=3, total=business, dk=business_dk),
        ("BEH-IT-1", "value"): Tally(n=3, total=it),
    }


# The worked example: four respondents a side.
WORKED_ITEMS = (
    ItemMeta(code="BEH-ENT-1", kind="behaviour", dimension="BEH-ENT-1", group="enterprise", effort="low"),
    ItemMeta(code="BEH-BUS-1", kind="behaviour", dimension="BEH-BUS-1", group="business", effort="low"),
    ItemMeta(code="BEH-IT-1", kind="behaviour", dimension="BEH-IT-1", group="it", effort="low"),
    ItemMeta(code="BEH-IT-7", kind="behaviour", dimension="BEH-IT-7", group="it", effort="low"),
)
WORKED_BUSINESS = {
    ("BEH-ENT-1", "value"): answers(1, 2, 1, 2),  # 1.5, sd 0.577, se 0.289
    ("BEH-BUS-1", "value"): answers(4, 3, 5, 3),  # self 3.75, sd 0.957, se 0.479
    ("BEH-IT-1", "value"): answers(4, 5, 5, 5),  # mirror 4.75, sd 0.5, se 0.25
    ("BEH-IT-7", "value"): answers(2, 2, 3, 1),  # mirror 2.0, sd 0.816, se 0.408
}
WORKED_IT = {
    ("BEH-ENT-1", "value"): answers(2, 1, 2, 1),  # 1.5, sd 0.577, se 0.289
    ("BEH-BUS-1", "value"): answers(3, 4, 2, 3),  # mirror 3.0, sd 0.816, se 0.408
    ("BEH-IT-1", "value"): answers(2, 3, 2, 3),  # self 2.5, sd 0.577, se 0.289
    ("BEH-IT-7", "value"): answers(5, 5, 4, 5),  # self 4.75, sd 0.5, se 0.25
}


def worked_scope(business=WORKED_BUSINESS, it=WORKED_IT, dimensions=None) -> Scope:
    groups = {"business": business, "it": it, "overall": merge([WORKED_BUSINESS, WORKED_IT])}
    return Scope(items=WORKED_ITEMS, dimensions=dimensions or {}, groups=groups)


def texts(**extra_names: str) -> InstrumentTexts:
    """The behaviours named in English, plus `extra_names` for the first one by language."""
    return InstrumentTexts(
        language="en",
        content={
            "instruments": {
                "behaviour": {
                    "dimensions": [
                        {"code": "BEH-ENT-1", "name": {"en": "Ongoing dialogue", **extra_names}},
                        {"code": "BEH-BUS-1", "name": {"en": "Clear demand"}},
                        {"code": "BEH-IT-1", "name": {"en": "Plain reporting"}},
                        {"code": "BEH-IT-7", "name": {"en": "Plain, honest reporting"}},
                    ]
                }
            }
        },
    )
