"""One chart definition per chart, for the dashboard and the PDF alike (issue #18 item 6).

A chart is a pure function of presented numbers and the reader's words that returns a Vega-Lite
spec (a plain dict), or None when there is nothing to draw: a chart of "n/a" bars
says nothing, and the page gives the section's one-line reason instead. The dashboard hands the
spec to vega-embed in the browser (static/js/campaign_dashboard.js); the PDF renders the same
spec to SVG on the server (`svg`) and inlines it. Every number shown is text formatted here in
the reader's notation (brmportal.lib.formats), so both media print the same digits with the same
decimal mark, and axes only carry whole numbers. Each slice keeps its own chart functions in its
`charts.py`; this module holds what they share: colours, the theme, the renderer and the shapes.
"""

from __future__ import annotations

from assessments.charts.bars import Bar, Shares, answer_words, columns, diverging, interval_bars
from assessments.charts.core import COLORS, Spec, inline, reading, svg, with_n, wrapped
from assessments.charts.ladder import Marker, ladder, maturity_chart
from assessments.charts.lines import Panel, Step, trend_lines

__all__ = [
    "COLORS",
    "Bar",
    "Marker",
    "Panel",
    "Shares",
    "Spec",
    "Step",
    "answer_words",
    "columns",
    "diverging",
    "inline",
    "interval_bars",
    "ladder",
    "maturity_chart",
    "reading",
    "svg",
    "trend_lines",
    "with_n",
    "wrapped",
]
