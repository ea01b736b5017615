"""Answers imports (issue #15): 20,000 rows uploaded through the workspace page and imported by a
real Celery worker; and hostile workbooks refused by the request's cheap checks.

    .venv/bin/python bench/imports.py            # prints one JSON object on its last line

What it does, on a database of its own (BENCH_DB, default brmportal_bench_imports, dropped and
created) and a Redis database of its own (BENCH_REDIS, default redis://127.0.0.1:6379/13):

1. writes an answers file of BENCH_IMPORT_ROWS rows (default 20,000: half business, half IT,
   every answer column of a short-form campaign) as CSV and as XLSX;
2. for each: posts it to the upload page (Django's test client, so the view, the form and the
   cheap checks run as in production), then starts one Celery worker (solo pool) on a queue of
   its own and polls the progress JSON until the job has finished; reports the request's time,
   the worker's time per phase (from the job's timestamps) and the worker's peak memory
   (VmHWM of its process);
3. times `check_file` on the zip bombs of tests/hostile_files.py and a fresh process's memory
   growth while refusing them.

Every figure is measured in this run, on this machine.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.getenv("BENCH_DB", "brmportal_bench_imports")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS = os.getenv("BENCH_REDIS", "redis://127.0.0.1:6379/13")
ROWS = int(os.getenv("BENCH_IMPORT_ROWS", "20000"))
PY = sys.executable
# Uploaded files and the hostile workbooks, removed at the end.
SCRATCH = Path(tempfile.mkdtemp(prefix="brm-bench-imports-"))


def log(message: str) -> None:
    print(f"[imports {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def setup() -> None:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB_NAME], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    os.environ.update(DATABASE_URL=DB_URL, CELERY_BROKER_URL=REDIS, REDIS_URL=REDIS, CELERY_TASK_ALWAYS_EAGER="false")
    os.environ["MEDIA_ROOT"] = str(SCRATCH / "media")
    os.environ["IMPORTS_TASK_QUEUE"] = f"bench-imports-{uuid.uuid4().hex[:8]}"
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brmportal.settings")
    import django

    django.setup()


def answers_file(campaign, fmt: str) -> bytes:
    from assessments.selectors.instruments import campaign_pages, instrument_items

    asked = {s: {f for p in campaign_pages(campaign=campaign, side=s) for f in p.fields} for s in ("business", "it")}
    columns = [
        (item.column(aspect), (item.code, aspect))
        for item in instrument_items(instrument=campaign.instrument)
        for aspect in item.aspects
        if any((item.code, aspect) in fields for fields in asked.values())
    ]
    header = ["side", "department", *(name for name, _ in columns)]
    rows = []
    for n in range(ROWS):
        side = "business" if n % 2 else "it"
        rows.append(
            [side, "", *(str(1 + (n + k) % 5) if key in asked[side] else "" for k, (_, key) in enumerate(columns))]
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue().encode()
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Answers")
    sheet.append(header)
    for row in rows:
        sheet.append([int(cell) if cell.isdigit() else cell for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def import_through_a_worker(client, campaign, fmt: str) -> dict:
    from django.urls import reverse

    from assessments.import_jobs import ImportJob

    data = answers_file(campaign, fmt)
    upload = io.BytesIO(data)
    upload.name = f"answers-{ROWS}.{fmt}"
    start = time.monotonic()
    response = client.post(reverse("manage:responses_upload", args=[campaign.pk]), {"file": upload})
    request_s = time.monotonic() - start
    assert response.status_code == 302, response.content[:2000]
    job = ImportJob.objects.latest("pk")
    queue = os.environ["IMPORTS_TASK_QUEUE"]
    worker = subprocess.Popen(
        [str(Path(PY).with_name("celery")), "-A", "brmportal", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel=WARNING"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    status_url = reverse("manage:import_job_status", args=[campaign.pk, job.pk])
    seen = []
    worker_peak = 0.0
    try:
        while True:
            payload = client.get(status_url).json()
            seen.append(payload["progress"])
            worker_peak = max(worker_peak, peak_mb(worker.pid))
            if payload["done"]:
                break
            if worker.poll() is not None:
                raise RuntimeError(worker.stderr.read().decode()[-2000:] if worker.stderr else "worker exited")
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    job.refresh_from_db()
    return {
        "format": fmt,
        "rows": ROWS,
        "file_mb": round(len(data) / 1024 / 1024, 1),
        "status": job.status,
        "imported": job.imported,
        "request_s": round(request_s, 2),
        "queued_to_done_s": round((job.finished_at - job.created_at).total_seconds(), 1),
        "worker_run_s": round((job.finished_at - job.started_at).total_seconds(), 1),
        "worker_peak_rss_mb": worker_peak,
        "progress_seen": sorted(set(seen)),
    }


def hostile_refusals() -> dict:
    sys.path.insert(0, str(ROOT))
    from tests import hostile_files

    results = {}
    for name, build in (
        ("cells_bomb", hostile_files.cells_bomb),
        ("shared_strings_bomb", hostile_files.shared_strings_bomb),
    ):
        data = build()
        code = (
            "from brmportal.lib.exceptions import ApplicationError\n"
            "from brmportal.lib.tabular import check_file\n"
            "start = time.monotonic()\n"
            "try:\n"
            f"    check_file(tmp + '/{name}.xlsx', '{name}.xlsx')\n"
            "except ApplicationError as exc:\n"
            "    result['message'] = exc.message\n"
            "result['seconds'] = round(time.monotonic() - start, 3)\n"
        )
        measured = hostile_files.measure_in_subprocess(code, {f"{name}.xlsx": data}, SCRATCH)
        results[name] = {"file_kb": len(data) // 1024, **measured}
    return results


def main() -> None:
    log(f"database {DB_NAME}, {ROWS} rows")
    setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.models import Membership, Organisation
    from assessments.services.campaigns import campaign_create
    from assessments.services.instruments import instrument_load

    instrument = instrument_load()
    organisation = Organisation.objects.create(name="Bench imports", slug="bench-imports")
    user = get_user_model().objects.create_user(username="bench")  # force_login: no password
    Membership.objects.create(user=user, organisation=organisation, role="admin")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    results: dict = {"rows": ROWS, "machine": {"cpus": os.cpu_count(), "load_1min": os.getloadavg()[0]}}
    for fmt in ("csv", "xlsx"):
        campaign = campaign_create(
            organisation=organisation, instrument=instrument, name=f"Import {fmt}", status="closed"
        )
        log(f"{fmt}: upload and import on a worker")
        results[fmt] = import_through_a_worker(client, campaign, fmt)
        log(json.dumps(results[fmt]))
    log("hostile workbooks")
    results["hostile"] = hostile_refusals()
    results["bench_process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    # Only this run's keys (its queue and bindings): the Redis database may be shared.
    import redis

    broker = redis.Redis.from_url(REDIS)
    keys = list(broker.scan_iter(match=f"*{os.environ['IMPORTS_TASK_QUEUE']}*"))
    if keys:
        broker.delete(*keys)
    print(json.dumps(results))


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
