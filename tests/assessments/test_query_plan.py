"""The answer table's indexes serve the scoring aggregation (issue #8, item 2).

PostgreSQL picks the plan from statistics, so the test builds the situation the index is for:
many answers of other campaigns in the table, one small campaign scored. The benchmark's case
(one campaign holding nearly all rows) rightly gets a sequential scan; see bench/README.md.
"""

from __future__ import annotations

import pytest
from django.db import connection

from assessments.demo import demo_seed
from assessments.selectors.aggregates import campaign_answer_totals

pytestmark = pytest.mark.django_db


def test_scoring_a_small_campaign_among_large_ones_reads_the_answer_index():
    big = demo_seed(responses=400, seed=1)
    small = demo_seed(responses=6, seed=2)
    assert small.campaign.pk != big.campaign.pk
    assert big.campaign.answers.count() > 25_000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assessments_answer")
        cursor.execute("ANALYZE assessments_response")
    plan = campaign_answer_totals(campaign=small.campaign).explain()
    answer_scan = [line for line in plan.splitlines() if "assessments_answer" in line]
    assert answer_scan, plan
    assert any("Index" in line for line in answer_scan), plan
    assert not any("Seq Scan on assessments_answer" in line for line in answer_scan), plan
    # And the index answers exactly this campaign's rows, whose count the planner knows.
    assert "assessments_answer_campaign" in plan or "assessments__campaig" in plan, plan
