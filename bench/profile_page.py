"""Where a questionnaire page's server time goes: pyinstrument on single requests, in-process.

Runs in the portal's venv (pyinstrument is borrowed from bench/.venv-tools, never a portal
dependency) against DATABASE_URL (a benchmark database: bench/load.py's brm_bench_load when
kept, or any migrated one; never brmportal). Django test client, DEBUG as configured.
For each of: GET page 1, POST page 1, GET page 2 (the largest relationship page is page 1):
median ms over BENCH_RUNS requests without the profiler, then one profiled request whose
pyinstrument text tree goes to stderr. Prints one JSON object (medians, query counts).
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.append(str(next((BENCH / ".venv-tools" / "lib").glob("python3*/site-packages"))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brmportal.settings")

import django  # noqa: E402

django.setup()
logging.disable(logging.WARNING)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from assessments.demo import demo_seed  # noqa: E402
from assessments.selectors.instruments import campaign_pages  # noqa: E402
from respondent.forms import field_name  # noqa: E402

RUNS = int(os.getenv("BENCH_RUNS", "20"))


def main() -> None:
    seeded = demo_seed(responses=0, invitations_per_side=RUNS * 3 + 10)
    invitations = iter(seeded.invitations["business"])
    pages = campaign_pages(campaign=seeded.campaign, side="business")
    client = Client(HTTP_HOST="127.0.0.1")

    def data(n: int) -> dict:
        return {field_name(c, a): "3" for c, a in pages[n - 1].fields} | {"action": "next"}

    def get1(inv):
        return client.get(f"/r/{inv.token}/page/1/")

    def post1(inv):
        return client.post(f"/r/{inv.token}/page/1/", data(1))

    def get2(inv):
        return client.get(f"/r/{inv.token}/page/2/")

    def prepare(name, inv):
        if name == "get_page_2":  # page 1 saved first, as a respondent would
            client.post(f"/r/{inv.token}/page/1/", data(1))

    result = {"fields_per_page": [len(p.fields) for p in pages]}
    get1(next(invitations))  # warm-up
    for name, fn in (("get_page_1", get1), ("post_page_1", post1), ("get_page_2", get2)):
        times = []
        for _ in range(RUNS):
            inv = next(invitations)
            prepare(name, inv)
            t = time.perf_counter()
            fn(inv)
            times.append(time.perf_counter() - t)
        inv = next(invitations)
        prepare(name, inv)
        # (CaptureQueriesContext would count 0: the test client's request_started signal
        # clears connection.queries_log; an execute wrapper counts every query.)
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *a, q=queries: q.append(sql) or execute(sql, *a)):
            fn(inv)
        inv = next(invitations)
        prepare(name, inv)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        fn(inv)
        profiler.stop()
        print(f"===== {name} =====", file=sys.stderr)
        print(profiler.output_text(unicode=False, color=False, show_all=False), file=sys.stderr)
        result[name] = {"median_ms": round(1000 * statistics.median(times), 1), "queries": len(queries)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
