"""Hand-made trust answers and texts for the slice's tests (no database): four respondents a
side, with each respondent's own trust score summed per side as assessments.profiles does."""

from __future__ import annotations

from assessments.slices import Scope, View
from assessments.texts import InstrumentTexts
from brmportal.lib.aggregates import Measures, Sums
from brmportal.lib.scoring import Dimension, ItemMeta, merge
from tests.behaviours.helpers import answers
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
    ("TRU-1", "value"): answers(1, 2, 2, 1),  # 1.5, s^2 1/3, se 0.2887
    ("TRU-2", "value"): answers(3, 4, 2, 3, dk=1),  # 3.0, s^2 2/3, se 0.4082
}
IT = {
    ("TRU-1", "value"): answers(4, 5, 4, 5),  # 4.5, s^2 1/3, se 0.2887
    ("TRU-2", "value"): answers(3, 3, 4, 2),  # 3.0, s^2 2/3, se 0.4082
}
# Each respondent's mean over the two statements, summed per side (n, sum, sum of squares):
# business (1+3)/2, (2+4)/2, (2+2)/2, (1+3)/2 = 2, 3, 2, 2: n 4, sum 9, squares 21
# IT (4+3)/2, (5+3)/2, (4+4)/2, (5+2)/2 = 3.5, 4, 4, 3.5: n 4, sum 15, squares 56.5
MEASURES = {
    "business": Measures(sums={"scale:trust.all:value": Sums(4, 9.0, 21.0)}),
    "it": Measures(sums={"scale:trust.all:value": Sums(4, 15.0, 56.5)}),
    "overall": Measures(sums={"scale:trust.all:value": Sums(8, 24.0, 77.5)}),
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


def scope(business=BUSINESS, it=IT, measures=MEASURES) -> Scope:
    overall = merge([BUSINESS, IT])
    return Scope(
        items=ITEMS,
        dimensions=DIMENSIONS,
        groups={"business": business, "it": it, "overall": overall},
        measures=measures,
    )


def view(result, *, responses=None, notes=None, language: str = "en") -> View:
    return slice_view("trust", result, texts(language), notes=notes, responses=responses or {"business": 4, "it": 4})
