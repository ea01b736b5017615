"""Numbers in the reader's notation."""

from __future__ import annotations

from django.utils.formats import get_format, number_format


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
