"""The PDF's charts (issue #18 item 6): the dashboard's Vega-Lite specs drawn to SVG by vl-convert
and inlined, so WeasyPrint writes their words as text in the PDF's font, read back here with
pdftotext, with the numbers in the report language's notation (the charts' own SVG, in the HTML:
what WeasyPrint draws)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers import report_charts

pytestmark = pytest.mark.django_db

TITLES = (
    "Overall BRM maturity on the five-level ladder",
    "Relationship index (1 Passive – 4 Peer)",
    "Agreement with each model (1-5), today and desired",
    "How often each behaviour is seen (1 never - 5 always)",
    "Answers per behaviour: low, middle, high",
    "BiSL maturity per cluster, everyone (1-5)",
    "Trust index (0-100), business and IT",
    "Answers per trust statement: disagree, neutral, agree",
)


def pdftotext(content: bytes) -> str:
    found = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", found.stdout.decode())


def test_it_draws_the_charts_as_text_in_the_pdf_font(shared_scored):
    content = shared_scored.en.content
    text = pdftotext(content)
    for title in TITLES:
        assert title in text, title
    # Values printed as the tables round them, with n; the legends' words.
    assert re.search(r"\b\d\.\d \(n \d+\)", text)
    assert "Self (the side rates itself)" in text and "1-2 (low)" in text
    fonts = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True).stdout.decode()
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    assert names and all(name.startswith("DejaVu") for name in names), names


def test_it_prints_the_charts_numbers_with_the_readers_decimal_mark(shared_scored):
    labels = re.findall(r"\b\d[.,]\d \(n \d+\)", report_charts(shared_scored.nb_html))
    assert labels and all("," in label for label in labels), labels
