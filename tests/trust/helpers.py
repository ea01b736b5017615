"""Hand-made trust scores and texts for the slice's tests (no database)."""

from __future__ import annotations

from assessments.slices import Scope, View
from assessments.texts import InstrumentTexts
from brmportal.lib.scoring import Dimension, ItemMeta, Tally, merge
from tests.helpers import slice_view
from trust.slice import TrustSlice

SLICE = TrustSlice()
ITEMS = (
    ItemMeta(code="TRU-1", kind="trust", dimension="TRU-1", effort="low", weight=1.0),
    ItemMeta(code="TRU-2", kind="trust", dimension="TRU-2", effort="high", weight=1.2),
)
DIMENSIONS = {
    "TRU-1": Dimension(code="TRU-1", effort="low"),
    "TRU-2": Dimension(code="TRU-2", effort="high", weight=1.2),
}
BUSINESS = {
    ("TRU-1", "value"): Tally(n=4, total=8),  # 2.0
    ("TRU-2", "value"): Tally(n=3, total=9, dk=1),  # 3.0
}
IT = {
    ("TRU-1", "value"): Tally(n=2, total=8),  # 4.0
    ("TRU-2", "value"): Tally(n=2, total=10),  # 5.0
}
CONTENT = {
    "instruments": {
        "trust": {
            "dimensions": [
                {"code": "TRU-1", "name": {"en": "Understanding what IT does", "nb": "Forstår hva IT gjør"}},
                {"code": "TRU-2", "name": {"en": "Seeing what we pay for", "nb": "Ser hva vi betaler for"}},
            ],
            "sections": [],
        }
    }
}


def texts(language: str = "en") -> InstrumentTexts:
    return InstrumentTexts(language=language, content=CONTENT)


def scope(business=BUSINESS, it=IT) -> Scope:
    overall = merge([BUSINESS, IT])
    return Scope(items=ITEMS, dimensions=DIMENSIONS, groups={"business": business, "it": it, "overall": overall})


def view(result, *, responses=None, notes=None, language: str = "en") -> View:
    return slice_view("trust", result, texts(language), notes=notes, responses=responses or {"business": 7, "it": 4})
