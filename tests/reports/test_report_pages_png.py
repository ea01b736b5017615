"""Look at it (issue #18 item 9): the demo campaign's PDF rendered to one PNG per page with
pdftoppm into artifacts/report-pages/, for a person to read page by page as the CIO would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parents[2] / "artifacts" / "report-pages"


def test_it_renders_every_page_of_the_demo_report_to_png(shared_demo):
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm (poppler-utils) is missing: `make test` installs it")
    rendered = shared_demo.en
    shutil.rmtree(PAGES, ignore_errors=True)
    PAGES.mkdir(parents=True)
    pdf = PAGES / "report.pdf"
    pdf.write_bytes(rendered.content)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(PAGES / "page")], check=True, timeout=120)
    pngs = sorted(PAGES.glob("page-*.png"))
    assert len(pngs) == rendered.pages
    # Every page has something on it: a blank A4 page at 60 dpi compresses to well under 2 KB.
    blank = [png.name for png in pngs if png.stat().st_size < 4_000]
    assert blank == [], blank
