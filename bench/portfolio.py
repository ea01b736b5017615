"""`make bench` h: the business-partner portfolio (issue #20 item 7). Prints one JSON object on
its last line.

Seeds, for each size of BENCH_PORTFOLIO_SIZES (10000,1000), an organisation of its own with
BENCH_PORTFOLIO_UNITS (10) business units and one campaign covering them, with that many
synthetic responses through the demo's path (`assessments.demo._seed_responses`: business
respondents in one unit each, IT respondents in teams serving 1-3 units with their further
units' answers, published by `snapshot_publish` as at a close), then measures:
- `campaign_portfolio` cold (cache emptied: the stored pairs aggregate read, each pair scored)
  and warm (cached): median and slowest of RUNS calls, queries of one call;
- GET /campaigns/<id>/portfolio/ (the portfolio page) as the BRM, cold and warm, the same;
- `snapshot_refresh` (the campaign's and the pairs' aggregates rebuilt from every answer, as a
  publication does when the stored snapshot is out of date): time and queries, once.
The same query counts at both sizes show the reads do not grow with the responses.

Run by bench/run.py (which sets DATABASE_URL to its database), or on its own:
`BENCH_DB=brm_bench_x .venv/bin/python bench/portfolio.py` (drops and creates that database).
REDIS_URL, when set, puts the cache in Redis as in production (else Django's local memory).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadlib import django_start, standalone_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(n) for n in os.getenv("BENCH_PORTFOLIO_SIZES", "10000,1000").split(",") if n.strip()]
UNITS = int(os.getenv("BENCH_PORTFOLIO_UNITS", "10"))
RUNS = 7


def main() -> None:
    standalone_database(ROOT)
    django_start(ROOT)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Membership, Organisation
    from assessments.demo import _seed_responses, demo_departments, demo_seed
    from assessments.models import Campaign
    from assessments.partners import PartnerAnswer, ResponsePartner
    from assessments.selectors.partners import campaign_portfolio
    from assessments.services.campaigns import campaign_create
    from assessments.services.instruments import instrument_load
    from assessments.services.partners import unit_create
    from assessments.services.snapshots import snapshot_refresh

    def queries_of(fn: Callable[[], Any]) -> int:
        """Queries run by fn(), counted by an execute wrapper (the test client's request_started
        signal would empty connection.queries_log mid-request)."""
        seen: list[str] = []

        def wrapper(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            fn()
        return len(seen)

    def timed(fn: Callable[[], Any], *, cold: bool) -> dict[str, Any]:
        """Median and slowest of RUNS calls, each after emptying the cache when `cold` (else after
        one call that fills it), and the queries of one more call in the same state."""
        fn()
        samples = []
        for _ in range(RUNS):
            if cold:
                cache.clear()
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        if cold:
            cache.clear()
        return {
            "median_ms": round(statistics.median(samples), 1),
            "max_ms": round(max(samples), 1),
            "queries": queries_of(fn),
        }

    if not Organisation.objects.filter(slug="northwind").exists():
        demo_seed(responses=0)
    brm = get_user_model().objects.get(username="brm")
    http = Client(HTTP_HOST="127.0.0.1")
    http.force_login(brm)
    results: dict[str, Any] = {}
    for size in SIZES:
        organisation, _created = Organisation.objects.get_or_create(
            slug=f"bench-portfolio-{size}", defaults={"name": f"Portfolio bench {size}"}
        )
        Membership.objects.update_or_create(user=brm, organisation=organisation, defaults={"role": "brm"})
        units = [unit_create(organisation=organisation, name=f"Unit {n:02d}") for n in range(1, UNITS + 1)]
        now = timezone.now()
        started = time.perf_counter()
        campaign = campaign_create(
            organisation=organisation,
            instrument=instrument_load(),
            name=f"Portfolio bench, {size} responses",
            status=Campaign.Status.OPEN,
            opens_at=now - timedelta(days=7),
            closes_at=now + timedelta(days=21),
            departments=demo_departments(units),
            created_by=brm,
            partners=[unit.pk for unit in units],
        )
        _seed_responses(campaign=campaign, count=size, rng=random.Random(f"portfolio {size}"))
        seed_s = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        served = Counter(
            Counter(
                ResponsePartner.objects.filter(response__campaign=campaign, response__side="it").values_list(
                    "response_id", flat=True
                )
            ).values()
        )

        def read(pk: int = campaign.pk) -> None:
            campaign_portfolio(campaign=Campaign.objects.select_related("instrument").get(pk=pk))

        url = f"/campaigns/{campaign.pk}/portfolio/"
        status = http.get(url).status_code

        def page(url: str = url) -> None:
            http.get(url)

        def refresh(pk: int = campaign.pk) -> None:
            snapshot_refresh(campaign=Campaign.objects.get(pk=pk))

        portfolio = campaign_portfolio(campaign=campaign)
        start = time.perf_counter()
        refresh_queries = queries_of(refresh)
        refresh_ms = (time.perf_counter() - start) * 1000
        results[str(size)] = {
            "responses": size,
            "units": UNITS,
            "seed_s": round(seed_s, 1),
            "it_respondents_by_units_served": {str(k): served[k] for k in sorted(served)},
            "partner_answers": PartnerAnswer.objects.filter(campaign=campaign).count(),
            "pairs_reported": sum(p.shown for p in portfolio.partners),
            "selector": {
                "cold": timed(read, cold=True),
                "warm": timed(read, cold=False),
                "note": "includes loading the campaign with its instrument (1 query)",
            },
            "page": {"status": status, "cold": timed(page, cold=True), "warm": timed(page, cold=False)},
            "refresh": {"ms": round(refresh_ms, 1), "queries": refresh_queries},
        }
    backend = str(settings.CACHES["default"]["BACKEND"])
    print(json.dumps({"cache": backend.rsplit(".", 1)[-1], "sizes": results}))


if __name__ == "__main__":
    main()
