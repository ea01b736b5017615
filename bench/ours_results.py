"""Our side of bench/peer.py (a): the time to produce results for N submitted responses.

Runs in the portal's venv against the database in DATABASE_URL (bench/peer.py creates and
migrates it): demo_seed(responses=N), ANALYZE, then after one warm-up run each
  - dashboard: assessments.scoring.campaign_scores(campaign)             (median of 5)
  - answers CSV: exports.table_csv(exports.answers_table(campaign))       (median of 5), if
    assessments/exports.py exists: one row per response, one column per answer, i.e. the
    same table as the peer's CSV export
  - scores CSV: exports.table_csv(exports.scores_table(campaign))         (median of 5)
Prints one JSON object on the last stdout line.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brmportal.settings")

import django  # noqa: E402

django.setup()
logging.disable(logging.WARNING)

from django.db import connection  # noqa: E402

from assessments.demo import demo_seed  # noqa: E402
from assessments.models import Answer, Campaign  # noqa: E402
from assessments.scoring import campaign_scores  # noqa: E402

RESPONSES = int(os.getenv("BENCH_PEER_RESPONSES", "10000"))
RUNS = int(os.getenv("BENCH_RESULT_RUNS", "5"))


class QueryCounter:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def timed(fn, runs: int = RUNS) -> dict:
    fn()  # warm-up (instrument structure cache, imports)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        out = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    result = {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3), "runs": runs}
    result["queries"] = counter.n
    if isinstance(out, (bytes, str)):
        result["bytes"] = len(out)
    return result


def main() -> None:
    t = time.perf_counter()
    seeded = demo_seed(responses=RESPONSES, invitations_per_side=1)
    seed_s = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    campaign = Campaign.objects.select_related("instrument", "organisation").get(pk=seeded.campaign.pk)
    answers = Answer.objects.filter(campaign=campaign).count()
    result = {
        "responses": RESPONSES,
        "answers": answers,
        "answers_per_response": round(answers / max(RESPONSES, 1), 1),
        "seed_s": round(seed_s, 1),
        "dashboard_campaign_scores": timed(lambda: campaign_scores(campaign=campaign)),
    }
    try:
        from workspace import exports  # noqa: PLC0415 - optional: may not exist yet
    except ImportError as exc:
        result["answers_csv"] = {"absent": f"workspace.exports not importable: {exc}"}
    else:
        for key, build in (("answers_csv", "answers_table"), ("scores_csv", "scores_table")):
            try:
                table = getattr(exports, build)
                result[key] = timed(lambda table=table: exports.table_csv(table(campaign=campaign)))
            except Exception as exc:  # noqa: BLE001 - module under construction: report, go on
                result[key] = {"error": f"{type(exc).__name__}: {exc}"[:400]}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
