"""The PDF report's charts (issue #18 item 6): what vl-convert costs, inside the PDF's time.

For a campaign (`CAMPAIGN_ID`, or a fresh one of `BENCH_RESPONSES` seeded responses, default
5,000, in the database of `DATABASE_URL`): in one process, the first vl-convert call (its
start-up: the JavaScript engine and Vega load) and the later ones per chart; the report's
context with its charts drawn (cache empty) and the whole render in process; and the whole
`manage.py render_report` process three times (start-up included), the figure `make bench` holds
to 3 s. Prints one JSON object on the last line.

    DATABASE_URL=... .venv/bin/python bench/charts.py [CAMPAIGN_ID]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brmportal.settings")
    import django

    django.setup()
    import vl_convert

    from assessments.charts import core
    from assessments.models import Campaign
    from reports.pdf import render_report
    from reports.presenter import report_context

    if len(sys.argv) > 1:
        campaign = Campaign.objects.get(pk=int(sys.argv[1]))
    else:
        from assessments.demo import demo_seed

        campaign = demo_seed(responses=int(os.getenv("BENCH_RESPONSES", "5000")), seed=3).campaign
    responses = campaign.responses.filter(submitted_at__isnull=False).count()

    # 1. vl-convert's start-up: its first call in this process, on the smallest spec.
    tiny = json.dumps({"data": {"values": [{"a": 1}]}, "mark": "bar", "encoding": {"x": {"field": "a"}}})
    started = time.perf_counter()
    vl_convert.vegalite_to_svg(tiny, vl_version="6.4")
    first_s = time.perf_counter() - started

    # 2. The report's own charts, each drawn once more (warm engine, no cache).
    specs: list[dict] = []
    drawn = core.svg
    core.svg = lambda spec: specs.append(spec) or drawn(spec)  # type: ignore[func-returns-value]
    core._svg.cache_clear()
    started = time.perf_counter()
    report_context(campaign=campaign)
    context_s = time.perf_counter() - started
    core.svg = drawn
    per_chart = []
    for spec in specs:
        text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
        started = time.perf_counter()
        vl_convert.vegalite_to_svg(text, vl_version="6.4")
        per_chart.append(
            {"chart": spec.get("title", {}).get("text", ""), "ms": round((time.perf_counter() - started) * 1000, 1)}
        )

    # 3. The whole render in this process, the chart cache emptied first.
    core._svg.cache_clear()
    started = time.perf_counter()
    render_report(campaign=campaign)
    render_s = time.perf_counter() - started

    # 4. The whole `manage.py render_report` process, start-up included (the goal: <= 3 s).
    out = ROOT / "bench" / ".out"
    out.mkdir(exist_ok=True)
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [PY, "manage.py", "render_report", str(campaign.pk), "--out", str(out / "charts-report.pdf")],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        samples.append(round(time.perf_counter() - started, 2))
    print(
        json.dumps(
            {
                "benchmark": "pdf charts",
                "responses": responses,
                "charts": len(specs),
                "vl_convert_first_call_s": round(first_s, 3),
                "vl_convert_later_calls_ms": per_chart,
                "vl_convert_later_total_ms": round(sum(c["ms"] for c in per_chart), 1),
                "report_context_s": round(context_s, 2),
                "render_in_process_s": round(render_s, 2),
                "render_report_process_s": samples,
                "render_report_process_median_s": statistics.median(samples),
            }
        )
    )


if __name__ == "__main__":
    main()
