"""What the method of issue #16 costs: `campaign_scores` at N responses, and a full snapshot rebuild.

Run it on this tree and on an older checkout side by side (same machine, same moment) to compare:

    BENCH_ROOT=/path/to/checkout BENCH_DB=brm_cost_old .venv/bin/python bench/method_cost.py 10000

`BENCH_CONTENT_VERSION=2026.2` seeds an archived content version instead of the bundled one, so
two checkouts whose bundled content differs can still be compared on the same instrument.

Prints one JSON line: scores median/min over 7 uncached runs (ms), queries per read, the rebuild.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(os.getenv("BENCH_ROOT", Path(__file__).resolve().parent.parent))
DB = os.getenv("BENCH_DB", "brmportal_cost")


def main() -> None:
    responses = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    for key in ("CELERY_BROKER_URL", "REDIS_URL"):
        os.environ.pop(key, None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brmportal.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.demo import demo_seed
    from assessments.scoring import campaign_scores
    from assessments.services.snapshots import snapshot_refresh

    if version := os.getenv("BENCH_CONTENT_VERSION"):
        import assessments.demo
        from assessments.content import read_content
        from assessments.services.instruments import instrument_load

        # demo_seed loads the bundled content; hand it the archived version's instead.
        assessments.demo.instrument_load = lambda: instrument_load(content=read_content(version=version))  # type: ignore[attr-defined]
    campaign = demo_seed(responses=responses, seed=1).campaign
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    start = time.perf_counter()
    snapshot_refresh(campaign=campaign)
    rebuild_s = time.perf_counter() - start
    times = []
    for _ in range(7):
        cache.clear()
        start = time.perf_counter()
        campaign_scores(campaign=campaign)
        times.append((time.perf_counter() - start) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        campaign_scores(campaign=campaign)
    print(
        json.dumps(
            {
                "root": str(ROOT),
                "instrument": campaign.instrument.version,
                "responses": responses,
                "scores_median_ms": round(statistics.median(times), 1),
                "scores_min_ms": round(min(times), 1),
                "queries": len(queries),
                "rebuild_s": round(rebuild_s, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
