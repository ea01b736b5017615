"""`make bench` g: the consultant's view across clients and the benchmark's publication at 50
organisations (issue #20 item 7). Prints one JSON object on its last line.

Seeds BENCH_ORGANISATIONS (50) client organisations of the demo consultant, each taking part in
the benchmark with two closed rounds of 30 synthetic responses (`assessments.demo_clients`, what
`seed_demo --organisations N` makes), then measures:
- GET /clients/ as the consultant (the 50 clients and the demo's two organisations): median and
  slowest of 7 requests with the cache warm, one request with the cache emptied (every round's
  scores unpickled from their stored copies), and the queries of one request with the cache warm,
  with it emptied, and, for comparison, of a user of 5 of those organisations;
- `benchmark_publish`: the first publication, right after the rounds closed (each round's scores
  are then computed once and stored: a round closed with nothing left to publish keeps the
  copy stored while it was open, which no longer matches), a run with nothing changed (the daily
  beat task's usual case), and a new version after five organisations opted out (compared with
  every earlier version, cell by cell); time and queries of each;
- the benchmark read (what the dashboard's card and the PDF's section do, and what
  `campaign_scores --json` and the API add): `benchmark_section` and `benchmark_json` for a
  contributor's latest round, its scores already computed: median and slowest of 7, queries;
  and GET of that round's dashboard as the consultant (with the card), the same.

Run by bench/run.py (which sets DATABASE_URL to its database), or on its own:
`BENCH_DB=brm_bench_x .venv/bin/python bench/clients.py` (drops and creates that database).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadlib import django_start, standalone_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ORGANISATIONS = int(os.getenv("BENCH_ORGANISATIONS", "50"))
RUNS = 7


def main() -> None:
    standalone_database(ROOT)
    django_start(ROOT)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Membership, Organisation
    from accounts.services import organisation_benchmark_set
    from assessments.benchmark import BenchmarkSnapshot
    from assessments.demo import DEMO_ORG, demo_seed
    from assessments.demo_clients import demo_clients
    from assessments.scoring import campaign_scores
    from assessments.selectors.benchmark import benchmark_json
    from assessments.selectors.clients import client_overview
    from assessments.services.benchmark import benchmark_publish
    from assessments.texts import instrument_texts
    from reports.benchmark import benchmark_section

    User = get_user_model()
    if not Organisation.objects.filter(slug=DEMO_ORG[1]).exists():
        demo_seed(responses=0)
    consultant = User.objects.get(username="consultant")
    demo = Organisation.objects.get(slug=DEMO_ORG[1])
    started = time.perf_counter()
    clients = demo_clients(count=ORGANISATIONS, seed=11, consultant=consultant, demo_organisation=demo)
    seed_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def publish() -> dict:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            publication = benchmark_publish()
            ms = (time.perf_counter() - start) * 1000
        snapshot = publication.snapshot
        return {
            "ms": round(ms, 1),
            "queries": len(queries),
            "published": snapshot is not None,
            "contributors": publication.contributors,
            "changed": publication.changed,
            "cells": len(snapshot.cells) if snapshot else None,
            "withheld": snapshot.withheld if snapshot else None,
        }

    # The first publication (the one seed made is removed, so it is measured here).
    BenchmarkSnapshot.objects.all().delete()
    cache.clear()
    first = publish()
    unchanged = publish()
    for client in clients[:5]:
        organisation_benchmark_set(organisation=client.organisation, opt_in=False)
    after_opt_outs = publish()
    size = BenchmarkSnapshot.objects.order_by("-version").values_list("contributions", flat=True).first()

    http = Client(HTTP_HOST="127.0.0.1")
    http.force_login(consultant)

    def read(fn) -> dict:
        """Median and slowest of RUNS calls after a first one, and the queries of one more."""
        fn()
        samples = []
        for _ in range(RUNS):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            fn()
        return {
            "median_ms": round(statistics.median(samples), 1),
            "max_ms": round(max(samples), 1),
            "queries": len(queries),
        }

    # A contributor's latest round (the first five opted out above).
    contributor = clients[-1].campaign
    scores = campaign_scores(campaign=contributor)
    texts = instrument_texts(contributor.instrument, "en")
    section = benchmark_section(campaign=contributor, scores=scores, texts=texts)
    benchmark_read = {
        "cells": len(BenchmarkSnapshot.objects.order_by("-version").values_list("cells", flat=True).first() or {}),
        "section_rows": len(section["rows"]) + len(section["items"]) if section else 0,
        "section": read(lambda: benchmark_section(campaign=contributor, scores=scores, texts=texts)),
        "json": read(lambda: benchmark_json(campaign=contributor, scores=scores)),
        "dashboard": read(lambda: http.get(f"/campaigns/{contributor.pk}/")),
    }

    def page_queries(emptied: bool) -> int:
        http.get("/clients/")
        if emptied:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert http.get("/clients/").status_code == 200
        return len(queries)

    queries_warm = page_queries(False)
    queries_stored = page_queries(True)
    # Once with the cache emptied: every round's scores unpickled from their stored copies.
    cache.clear()
    start = time.perf_counter()
    http.get("/clients/")
    emptied_ms = (time.perf_counter() - start) * 1000
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        http.get("/clients/")
        samples.append((time.perf_counter() - start) * 1000)
    rows = len(client_overview(user=consultant))
    five, _ = User.objects.get_or_create(username="bench-five")
    for client in clients[:5]:
        Membership.objects.get_or_create(user=five, organisation=client.organisation, defaults={"role": "viewer"})
    http.force_login(five)
    queries_at_five = page_queries(True)
    print(
        json.dumps(
            {
                "organisations": ORGANISATIONS,
                "rounds_per_organisation": 2,
                "responses_per_round": 30,
                "seed_s": round(seed_s, 1),
                "page": {
                    "rows": rows,
                    "median_ms": round(statistics.median(samples), 1),
                    "max_ms": round(max(samples), 1),
                    "cache_emptied_ms": round(emptied_ms, 1),
                    "queries_cache_warm": queries_warm,
                    "queries_stored_scores": queries_stored,
                    "queries_at_5_organisations": queries_at_five,
                },
                "publish": {
                    "first": first,
                    "unchanged": unchanged,
                    "after_5_opt_outs": after_opt_outs,
                    "version_contributions_kb": round(len(json.dumps(size)) / 1024),
                },
                "read": benchmark_read,
            }
        )
    )


if __name__ == "__main__":
    main()
