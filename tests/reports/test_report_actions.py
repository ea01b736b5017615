"""The PDF's action plan (issue #19 items 2 and 4), read back with pdftotext: this round's plan
and what moved after the earlier round's action, worked out by hand (tests/action_rounds.py).
One render: PDFs are slow; the section's content is the dashboard's (tests/workspace/test_actions.py)."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from assessments.services.actions import action_create
from reports.pdf import render_report
from tests.action_rounds import SENTENCE, two_rounds

pytestmark = pytest.mark.django_db


def test_the_pdf_has_the_action_plan_and_what_moved(org, instrument):
    rounds = two_rounds(org, instrument)
    action_create(
        campaign=rounds.second,
        title="Follow-up service report",
        owner_name="Jonas Berg",
        owner_email="jonas@example.com",
        due_on=date(2027, 2, 26),
        targets=["TRU-2"],
    )
    content = render_report(campaign=rounds.second).content
    assert content.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    text = re.sub(r"\s+", " ", done.stdout.decode())
    section = text.split("Action plan", 1)[1]
    assert "Follow-up service report Jonas Berg 26 February 2027 planned Seeing what we pay for" in section
    assert "What moved after earlier actions" in section
    assert "One-page service report (planned in Round 1, done in March 2026)" in section
    assert SENTENCE in section
    assert "Dropped idea" not in text
