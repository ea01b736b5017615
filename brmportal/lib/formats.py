"""Numbers in the reader's notation."""

from __future__ import annotations

from typing import Any

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

# Numbers for reading (issue #18): what a reader sees, in the PDF and on the dashboard alike, is a
# mean with one decimal and a 0-100 index as a whole number; more digits suggest a precision the
# intervals deny. The JSON, the API and the exports keep their 2 decimals (assessments.results).
MEAN_PLACES = 1
INDEX_PLACES = 0


def reading_places(high: float) -> int:
    """The decimals a figure on a scale whose top is `high` is read with: none on a 0-100 index,
    one on a 1-4 or 1-5 mean."""
    return INDEX_PLACES if high >= 100 else MEAN_PLACES


def decimal(value: float, places: int = 2) -> str:
    """`value` with `places` decimals in the active language's notation ("3.40", "3,40").

    Rounded exactly as Python formats floats, so every language shows the same digits; only the
    decimal mark differs. Django's number_format rounds through Decimal and can differ in the
    last digit (1.75 -> "1.7").
    """
    return f"{value:.{places}f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def signed(value: float, places: int = 2) -> str:
    """A difference with its sign and a true minus ("+0.75", "−0,40")."""
    text = decimal(abs(value), places)
    return ("−" if text.strip("0.,") and value < 0 else "+") + text


def grouped(value: int) -> str:
    """A count in the active language's notation (20,000 in English, 20 000 in Norwegian)."""
    return number_format(value, force_grouping=True)


def _field(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


def interval_text(estimate: Any, places: int = 1) -> str:
    """An Estimate (brmportal.lib.stats) or its JSON as "3.2 (2.9–3.5, n 24)": the mean, its 95 %
    interval and n; "3.2 (n 1)" when there is no interval; an en dash for None."""
    if estimate is None:
        return "–"
    mean, n = _field(estimate, "mean"), _field(estimate, "n")
    ci = _field(estimate, "ci")
    if ci:
        return _("%(mean)s (%(low)s–%(high)s, n %(n)s)") % {
            "mean": decimal(mean, places),
            "low": decimal(ci[0], places),
            "high": decimal(ci[1], places),
            "n": n,
        }
    return _("%(mean)s (n %(n)s)") % {"mean": decimal(mean, places), "n": n}


def is_clear(difference: Any) -> bool:
    """Whether a Difference (or its JSON) is clear: its interval excludes zero."""
    return bool(_field(difference, "clear"))


def difference_text(difference: Any, places: int = 1) -> str:
    """A Difference or its JSON as "+0.8, clear" or "+0.2, within the noise" (en dash for None)."""
    if difference is None:
        return "–"
    value = signed(_field(difference, "value"), places)
    return (
        _("%(value)s, clear") % {"value": value}
        if is_clear(difference)
        else _("%(value)s, within the noise") % {"value": value}
    )
