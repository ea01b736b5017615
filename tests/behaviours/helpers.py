"""Hand-made behaviour answers shared by the slice's tests: one behaviour of each group."""

from __future__ import annotations

from assessments.texts import InstrumentTexts
from brmportal.lib.scoring import ItemMeta, Tally

ITEMS = (
    ItemMeta(code="BEH-ENT-1", kind="behaviour", dimension="BEH-ENT-1", group="enterprise"),
    ItemMeta(code="BEH-BUS-1", kind="behaviour", dimension="BEH-BUS-1", group="business"),
    ItemMeta(code="BEH-IT-1", kind="behaviour", dimension="BEH-IT-1", group="it"),
)


def ratings(enterprise: int, business: int, it: int, business_dk: int = 0) -> dict[tuple[str, str], Tally]:
    """Three people's totals per behaviour (enterprise, the business's, IT's)."""
    return {
        ("BEH-ENT-1", "value"): Tally(n=3, total=enterprise),
        ("BEH-BUS-1", "value"): Tally(n=3, total=business, dk=business_dk),
        ("BEH-IT-1", "value"): Tally(n=3, total=it),
    }


def texts(**extra_names: str) -> InstrumentTexts:
    """The three behaviours named in English, plus `extra_names` for the first one by language."""
    return InstrumentTexts(
        language="en",
        content={
            "instruments": {
                "behaviour": {
                    "dimensions": [
                        {"code": "BEH-ENT-1", "name": {"en": "Ongoing dialogue", **extra_names}},
                        {"code": "BEH-BUS-1", "name": {"en": "Clear demand"}},
                        {"code": "BEH-IT-1", "name": {"en": "Plain reporting"}},
                    ]
                }
            }
        },
    )
