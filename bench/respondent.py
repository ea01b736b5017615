"""Server time of the respondent pages, measured in-process through Django's test client.

Prints JSON: median and p95 (ms) and queries per request of GET page 1 on a fresh link (the
response is created), POST page 1 (saved, redirected to page 2) and GET page 2 (the redirect
target: a response that already exists, the common case).
Run on the real PostgreSQL: DATABASE_URL=... python bench/respondent.py
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
from django.test import Client  # noqa: E402

from assessments.demo import demo_seed  # noqa: E402
from assessments.selectors.instruments import campaign_pages  # noqa: E402
from respondent.forms import field_name  # noqa: E402

RUNS = int(os.getenv("BENCH_RUNS", "60"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def count_queries(fn) -> int:
    """Queries run by fn(). CaptureQueriesContext would read 0 or a wrong count: the test
    client's request_started signal clears connection.queries_log mid-request; an execute
    wrapper sees every query."""
    queries: list[str] = []

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return len(queries)


def main() -> None:
    result = demo_seed(responses=0, invitations_per_side=RUNS + 2)
    client = Client(HTTP_HOST="127.0.0.1")
    invitations = result.invitations["business"]
    pages = campaign_pages(campaign=result.campaign, side="business")
    page = pages[0]
    url = lambda inv: f"/r/{inv.token}/page/1/"  # noqa: E731
    data = {field_name(c, a): "3" for c, a in page.fields} | {"action": "next"}

    client.get(url(invitations[-1]))  # warm caches (instrument structure, templates)
    get_ms, post_ms, next_ms = [], [], []
    for inv in invitations[:RUNS]:
        t = time.perf_counter()
        r = client.get(url(inv))
        get_ms.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
        t = time.perf_counter()
        r = client.post(url(inv), data)
        post_ms.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 302, r.status_code
        t = time.perf_counter()
        r = client.get(r["Location"])
        next_ms.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    inv = invitations[RUNS]
    get_queries = count_queries(lambda: client.get(url(inv)))
    post_queries = count_queries(lambda: client.post(url(inv), data))
    next_queries = count_queries(lambda: client.get(f"/r/{inv.token}/page/2/"))
    print(
        json.dumps(
            {
                "runs": RUNS,
                "get_median_ms": round(statistics.median(get_ms), 1),
                "get_p95_ms": round(percentile(get_ms, 95), 1),
                "post_median_ms": round(statistics.median(post_ms), 1),
                "post_p95_ms": round(percentile(post_ms, 95), 1),
                "next_median_ms": round(statistics.median(next_ms), 1),
                "next_p95_ms": round(percentile(next_ms, 95), 1),
                "get_queries": get_queries,
                "post_queries": post_queries,
                "next_queries": next_queries,
                "fields_on_page": len(page.fields),
            }
        )
    )


if __name__ == "__main__":
    main()
