"""The PDF's "you vs the benchmark" section (issue #20 item 5), read back with pdftotext: a
contributor's report has it, with the dashboard's figures; another organisation's has none."""

from __future__ import annotations

import re
import subprocess

import pytest

from accounts.services import organisation_benchmark_set
from assessments.services.benchmark import benchmark_publish
from reports.pdf import render_report
from reports.presenter import report_context
from tests.benchmarking import clients_with_rounds, closed_round

pytestmark = pytest.mark.django_db


def test_a_contributors_report_has_the_benchmark_section(org, other_org, instrument):
    organisation_benchmark_set(organisation=org, opt_in=True)
    campaign = closed_round(org, instrument)
    clients_with_rounds(instrument, range(1, 5))
    benchmark_publish()
    content = render_report(campaign=campaign).content
    assert content.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    text = re.sub(r"\s+", " ", done.stdout.decode())
    section = text.split("You and the benchmark", 1)[1]
    assert "version 1" in section and "5 organisations that take part" in section
    row = next(r for r in report_context(campaign=campaign)["benchmark"]["rows"] if r["label"] == "Today, Business")
    expected = f"Today, Business {row['you_text']} {row['p25_text']} {row['p50_text']} {row['p75_text']} 5 {row['position_text']}"
    assert expected in section
    outsider = closed_round(other_org, instrument)
    assert report_context(campaign=outsider)["benchmark"] is None
