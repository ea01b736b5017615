"""Where an uncached `campaign_scores` read spends its time (cProfile), on a database that
`bench/method_cost.py` seeded: BENCH_DB=<db> .venv/bin/python bench/profile_scores.py [reads]"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(os.getenv("BENCH_ROOT", Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{os.getenv('BENCH_DB', 'brmportal_cost')}"
for key in ("CELERY_BROKER_URL", "REDIS_URL"):
    os.environ.pop(key, None)
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brmportal.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402

from assessments.models import Campaign  # noqa: E402
from assessments.scoring import campaign_scores  # noqa: E402


def main() -> None:
    reads = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    campaign = Campaign.objects.select_related("instrument").order_by("-pk").first()
    assert campaign is not None
    campaign_scores(campaign=campaign)  # warm: structure, connection
    times = []
    top = int(os.getenv("BENCH_TOP", "45"))  # 0: time only, no profile
    profile = cProfile.Profile()
    for _ in range(reads):
        cache.clear()
        start = time.perf_counter()
        if top:
            profile.enable()
        campaign_scores(campaign=campaign)
        if top:
            profile.disable()
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"median {1000 * times[len(times) // 2]:.2f} ms, min {1000 * times[0]:.2f} ms over {reads} reads")
    if top:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(top)


if __name__ == "__main__":
    main()
