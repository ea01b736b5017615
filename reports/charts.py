"""Charts for the PDF report as inline SVG strings, drawn from the numbers on the server.

Pure functions: numbers in, SVG text out; no JavaScript and no plotting library, so WeasyPrint
renders them as vectors and the PDF needs nothing from the network. Every text placed in the
SVG is escaped here, so the result can be marked safe in the template context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from brmportal.lib.formats import MEAN_PLACES, decimal

FONT = "DejaVu Sans, sans-serif"
AXIS = "#6c757d"
GRID = "#dee2e6"
TEXT = "#212529"


@dataclass(frozen=True)
class Series:
    label: str
    color: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Marker:
    label: str
    value: float
    color: str
    # The figure as the page prints it, where the common rounding (_fmt) is not the rule: overall
    # maturity keeps a second decimal rather than cross into the next level.
    text: str = ""


def _text(
    x: float, y: float, text: str, *, size: float = 9, anchor: str = "start", fill: str = TEXT, bold: bool = False
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"'
        f' font-family="{FONT}"{weight}>{escape(text)}</text>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}"{extra}/>'


def _svg(width: float, height: float, body: Sequence[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width:.0f}" height="{height:.0f}"'
        f' viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _legend(series: Sequence[Series], x: float, y: float, width: float) -> tuple[list[str], float]:
    """Legend entries in rows that wrap at `width`; returns the parts and the height used."""
    parts: list[str] = []
    cx, cy = x, y
    for s in series:
        entry = 16 + 6.2 * len(s.label) + 16
        if cx + entry > x + width and cx > x:
            cx, cy = x, cy + 14
        parts.append(_rect(cx, cy - 8, 10, 10, s.color))
        parts.append(_text(cx + 14, cy, s.label, size=8.5))
        cx += entry
    return parts, cy - y + 14


def _fmt(value: float) -> str:
    # Rounded for reading as the tables are (MEAN_PLACES), in the reader's decimal mark.
    return decimal(value, MEAN_PLACES)


def column_chart(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    scale: tuple[float, float],
    title: str,
    width: float = 640,
    plot_height: float = 180,
) -> str:
    """Vertical grouped columns: one group per category, one column per series, value on top."""
    low, high = scale
    left, right = 30.0, 8.0
    parts, legend_height = _legend(series, left, 12, width - left - right)
    top = legend_height + 14
    plot_w = width - left - right
    bottom = top + plot_height
    height = bottom + 22
    body: list[str] = list(parts)
    for tick in range(int(low), int(high) + 1):
        y = bottom - (tick - low) / (high - low) * plot_height
        body.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 3, str(tick), size=8, anchor="end", fill=AXIS))
    group_w = plot_w / max(len(categories), 1)
    bar_w = min(30.0, (group_w - 16) / max(len(series), 1))
    for i, category in enumerate(categories):
        gx = left + i * group_w + (group_w - bar_w * len(series)) / 2
        for j, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else None
            x = gx + j * bar_w
            if value is None:
                body.append(_text(x + bar_w / 2, bottom - 4, _("n/a"), size=7, anchor="middle", fill=AXIS))
                continue
            h = (min(max(value, low), high) - low) / (high - low) * plot_height
            body.append(_rect(x + 1, bottom - h, bar_w - 2, h, s.color))
            body.append(_text(x + bar_w / 2, bottom - h - 3, _fmt(value), size=7, anchor="middle"))
        body.append(
            _text(left + i * group_w + group_w / 2, bottom + 15, category, size=9.5, anchor="middle", bold=True)
        )
    body.append(f'<line x1="{left:.1f}" y1="{bottom:.1f}" x2="{width - right:.1f}" y2="{bottom:.1f}" stroke="{AXIS}"/>')
    return _svg(width, height, body, title)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label_lines(text: str, limit: int) -> list[str]:
    """A label on one line, or wrapped at a space onto two, the second shortened if still too long."""
    if len(text) <= limit:
        return [text]
    cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:
        return [_truncate(text, limit)]
    return [text[:cut], _truncate(text[cut + 1 :], limit)]


def bar_chart(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    scale: tuple[float, float],
    title: str,
    width: float = 640,
    label_width: float = 250,
    bar_height: float = 8,
    row_gap: float = 7,
) -> str:
    """Horizontal grouped bars: one row per category, one bar per series, value at the end."""
    low, high = scale
    right = 34.0
    parts, legend_height = _legend(series, label_width, 12, width - label_width - right)
    top = legend_height + 12
    row_h = bar_height * len(series) + row_gap
    plot_w = width - label_width - right
    plot_h = row_h * len(categories)
    bottom = top + plot_h
    height = bottom + 18
    body: list[str] = list(parts)
    for tick in range(int(low), int(high) + 1):
        x = label_width + (tick - low) / (high - low) * plot_w
        body.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}"/>')
        body.append(_text(x, bottom + 12, str(tick), size=8, anchor="middle", fill=AXIS))
    max_chars = int(label_width / 5.2)
    for i, category in enumerate(categories):
        y = top + i * row_h + 3
        lines = _label_lines(category, max_chars)
        # One line centred on the row; two lines (long labels, longer in some languages) around it.
        for k, line in enumerate(lines):
            ly = y + row_h / 2 + 1 + (k - (len(lines) - 1) / 2) * 9
            body.append(_text(label_width - 6, ly, line, size=8, anchor="end"))
        for j, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else None
            by = y + j * bar_height
            if value is None:
                body.append(_text(label_width + 3, by + bar_height - 1, _("n/a"), size=7, fill=AXIS))
                continue
            w = (min(max(value, low), high) - low) / (high - low) * plot_w
            body.append(_rect(label_width, by, w, bar_height - 1, s.color))
            body.append(_text(label_width + w + 3, by + bar_height - 1.5, _fmt(value), size=7))
    body.append(
        f'<line x1="{label_width:.1f}" y1="{top:.1f}" x2="{label_width:.1f}" y2="{bottom:.1f}" stroke="{AXIS}"/>'
    )
    return _svg(width, height, body, title)


LADDER_COLORS = ("#f8d7da", "#fde5c8", "#fff3cd", "#d1e7dd", "#a3cfbb")


def ladder_chart(*, steps: Sequence[str], markers: Sequence[Marker], width: float = 640, title: str = "") -> str:
    """The maturity ladder as five segments, with a marker per group at its 1-5 score.

    Segment k spans the scores that round to level k, so a marker sits in the level it is named
    after; each marker gets its own label row so close scores do not overlap, and the level
    names sit under the bar so the marker lines never cross them.
    """
    left, right = 8.0, 8.0
    plot_w = width - left - right
    n = max(len(steps), 1)
    rows = max(len(markers), 1)
    bar_top = 14 * rows + 6
    bar_h = 12
    height = bar_top + bar_h + 16
    body: list[str] = []
    for k, name in enumerate(steps):
        x = left + k * plot_w / n
        body.append(_rect(x, bar_top, plot_w / n - 2, bar_h, LADDER_COLORS[k % len(LADDER_COLORS)]))
        body.append(_text(x + plot_w / n / 2, bar_top + bar_h + 11, f"{k + 1} {name}", size=8.5, anchor="middle"))
    for r, marker in enumerate(sorted(markers, key=lambda m: m.value)):
        x = left + (min(max(marker.value, 0.5), n + 0.5) - 0.5) / n * plot_w
        y = 12 + r * 14
        anchor = "end" if x > width * 0.7 else "start"
        dx = -6 if anchor == "end" else 6
        body.append(
            f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x:.1f}" y2="{bar_top + bar_h:.1f}"'
            f' stroke="{marker.color}" stroke-width="1.5"/>'
        )
        body.append(f'<circle cx="{x:.1f}" cy="{y - 4:.1f}" r="3" fill="{marker.color}"/>')
        label = f"{marker.label} {marker.text or _fmt(marker.value)}"
        body.append(_text(x + dx, y - 1, label, size=8.5, anchor=anchor, fill=marker.color, bold=True))
    return _svg(width, height, body, title or _("Overall BRM maturity on the five-level ladder"))
