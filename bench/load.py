"""Load test of the respondent journey (issue #8): gunicorn + PostgreSQL, driven by locust.

What is measured
    Throughput (requests/s), latency p50/p95/p99 (ms), errors and completed submissions of
    BENCH_USERS (default 200) simulated respondents answering the questionnaire at the same
    time for BENCH_LOAD_SECONDS (default 60), on this machine (2 cores, shared by the server,
    PostgreSQL and the load generator).

How
    1. A database of its own (default brm_bench_load, dropped and created again), migrated;
       static files collected into a temporary STATIC_ROOT and served by WhiteNoise.
    2. Per configuration a fresh open campaign with BENCH_TOKENS (default 2000) invitations
       (demo_seed(responses=0, invitations_per_side=BENCH_TOKENS/2)); the tokens go to a file.
    3. The portal under gunicorn as in production: DEBUG=false, a SECRET_KEY, CONN_MAX_AGE=60,
       HTTPS redirect and secure cookies off (plain HTTP on the loopback). Configuration
       "PxW" = P gunicorn processes of W sync workers each on P ports; simulated user i uses
       port i % P (no proxy in front). Default 1x3; `--configs 1x3,2x2` runs both in turn.
    4. locust (headless, in bench/.venv-tools, never a portal dependency) with FastHttpUser,
       spawn rate 50/s, think time --think MIN,MAX seconds between requests, default 0.5,2
       (see bench/locustfile.py; far faster than a person, so 200 users weigh like thousands of
       real respondents). The think time goes to locust as BENCH_WAIT_MIN/BENCH_WAIT_MAX and is
       reported as "think_time_s". With think time, 200 users ask for about 160 req/s whatever
       the server: a demand-bound run that measures latency. `--think 0,0` (no pause: every
       user sends its next request as soon as the last one is answered) saturates the server
       instead, a capacity-bound run that measures throughput; bench/run.py runs it as "c2"
       (--configs 1x1,2x2 --users 60 --think 0,0 --profile never). Each journey
       spends a fresh token: welcome, then per page GET + POST (answers + CSRF token parsed
       from the page, action=next), review, POST submit, thank-you. Stats are reset once all
       users are spawned (--reset-stats); the figures are locust's Aggregated row.
    5. Completed submissions = submitted responses of the campaign counted in the database.
    6. If p95 > 300 ms (or --profile always), the same load runs again for BENCH_PROFILE_SECONDS
       while py-spy samples every gunicorn worker for 20 s; the hottest frames are reported and
       the raw collapsed stacks kept (open them in speedscope or flamegraph.pl).

Goal: 0 errors and p95 <= 300 ms, at the realistic (think time) load. A run with --think 0,0
queues requests on purpose, so its p95 is queueing time and the goal does not apply to it
("goal_met" is still computed against 300 ms; bench/run.py does not hold c2 to it).

Run:   .venv/bin/python bench/load.py [--configs 1x3,2x2] [--users 200] [--seconds 60] [--think 0.5,2]
Env:   BENCH_LOAD_SECONDS, BENCH_USERS, BENCH_TOKENS, BENCH_LOAD_DB, BENCH_LOAD_CONFIGS,
       BENCH_WAIT_MIN / BENCH_WAIT_MAX (default of --think), BENCH_PROFILE, BENCH_PROFILE_SECONDS
Prints progress on stderr and one JSON object as the last line of stdout. Everything it starts
(gunicorn, locust, py-spy) is stopped by its own PID; the database is dropped unless --keep-db.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadlib import (  # noqa: E402
    ROOT,
    CpuMeter,
    children,
    drop_db,
    ensure_tools,
    free_port,
    load_result,
    log,
    psql,
    recreate_db,
    run_locust,
    start,
    stop,
    wait_http,
)

PY = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
GOAL_P95_MS = 300

SEED_CODE = """
import json, sys
from assessments.demo import demo_seed
result = demo_seed(responses=0, invitations_per_side={per_side})
tokens = [inv.token for side in ("business", "it") for inv in result.invitations[side]]
# Alternate the sides so both kinds of respondent are in the load from the start.
b, i = result.invitations["business"], result.invitations["it"]
tokens = [inv.token for pair in zip(b, i) for inv in pair]
open({path!r}, "w").write("\\n".join(tokens))
print("BENCH_CAMPAIGN", result.campaign.pk, len(tokens))
"""


def portal_env(database_url: str, tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "CONN_MAX_AGE": "60",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "LOG_LEVEL": "WARNING",
            "SITE_URL": "http://127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    out = subprocess.run(
        [str(PY), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if out.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return out.stdout


def parse_config(text: str) -> tuple[int, int]:
    procs, workers = text.lower().split("x")
    return int(procs), int(workers)


def parse_think(text: str) -> tuple[float, float]:
    """'0.5,2' -> (0.5, 2.0): think time between two requests of a simulated user, seconds."""
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--think wants MIN,MAX in seconds, e.g. 0.5,2 or 0,0; got {text!r}") from None
    if low < 0 or high < low:
        raise argparse.ArgumentTypeError(f"--think wants 0 <= MIN <= MAX; got {text!r}")
    return low, high


FRAME_RE = re.compile(r"^(.*) \((.*?)(?::\d+)?\)$")


def _frame_key(frame: str) -> str:
    """'render (/x/y.py:12)' -> 'render (/x/y.py)': one entry per function, whatever the line."""
    m = FRAME_RE.match(frame.strip())
    return f"{m.group(1)} ({m.group(2)})" if m else frame.strip()


def summarize_profile(raw: Path, top: int = 20) -> dict:
    """Hot spots from py-spy's raw (collapsed) stacks: inclusive share of project frames and
    of library frames, and the leaf (self) frames."""
    inclusive: Counter = Counter()
    leaf: Counter = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        seen = set()
        for frame in frames:
            key = _frame_key(frame)
            if key not in seen:
                inclusive[key] += n
                seen.add(key)
        leaf[_frame_key(frames[-1])] += n

    def share(counter: Counter, pred) -> list[list]:
        rows = [(k, v) for k, v in counter.most_common() if pred(k)][:top]
        return [[k.replace(str(ROOT) + "/", ""), round(100 * v / total, 1)] for k, v in rows]

    # py-spy names files relative to sys.path: "respondent/forms.py", "django/template/base.py".
    apps = tuple(f"({p.name}/" for p in ROOT.iterdir() if (p / "__init__.py").exists())
    project = lambda k: any(a in k for a in apps)  # noqa: E731
    library = lambda k: not project(k) and not k.startswith("process ")  # noqa: E731
    return {
        "samples": total,
        "project_inclusive_pct": share(inclusive, project),
        "library_inclusive_pct": share(inclusive, library),
        "self_pct": share(leaf, lambda k: True),
    }


def run_config(*, label: str, env: dict, tmp: Path, db: str, args, profile_seconds: int = 0) -> dict:
    procs, workers = parse_config(label)
    tokens_file = tmp / f"tokens-{label}-{int(time.time())}.txt"
    out = manage(env, "shell", "-c", SEED_CODE.format(per_side=args.tokens // 2, path=str(tokens_file)))
    campaign_id = int(next(line for line in out.splitlines() if line.startswith("BENCH_CAMPAIGN")).split()[1])
    servers = []
    try:
        ports = []
        for n in range(procs):
            port = free_port()
            logfile = tmp / f"gunicorn-{label}-{n}.log"
            cmd = [
                str(GUNICORN),
                "brmportal.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
            ]
            servers.append((start(cmd, env=env, cwd=ROOT, logfile=logfile), logfile))
            ports.append(port)
        for (proc, logfile), port in zip(servers, ports, strict=True):
            wait_http(f"http://127.0.0.1:{port}/healthz", proc, logfile=logfile)
        hosts = [f"http://127.0.0.1:{p}" for p in ports]
        worker_pids = [pid for proc, _ in servers for pid in children(proc.pid)]
        all_pids = [proc.pid for proc, _ in servers] + worker_pids
        log(f"{label}: gunicorn masters {[p.pid for p, _ in servers]}, workers {worker_pids}, campaign {campaign_id}")

        spy_files: list[Path] = []

        def profiler(locust_proc):
            if not profile_seconds:
                return
            # Let the users spawn and the load settle, then sample every worker for 20 s.
            time.sleep(min(10, max(1, profile_seconds - 25)))
            spies = []
            for proc, _ in servers:
                raw = tmp / f"pyspy-{label}-{proc.pid}.txt"
                spy_files.append(raw)
                cmd = [
                    str(ensure_tools() / "bin" / "py-spy"),
                    "record",
                    "--pid",
                    str(proc.pid),
                    "--subprocesses",
                    "--duration",
                    "20",
                    "--rate",
                    "100",
                    "--format",
                    "raw",
                    "--output",
                    str(raw),
                    "--nonblocking",
                ]
                spies.append(start(cmd, env=dict(os.environ), cwd=tmp, logfile=tmp / f"pyspy-{label}.log"))
            for spy in spies:
                try:
                    spy.wait(timeout=60)
                finally:
                    stop(spy)

        cpu = CpuMeter(all_pids, db)
        seconds = profile_seconds or args.seconds
        stats = run_locust(
            target="brm",
            hosts=hosts,
            tokens_file=tokens_file,
            users=args.users,
            spawn_rate=args.spawn_rate,
            seconds=seconds,
            workdir=tmp,
            label=label + ("-profile" if profile_seconds else ""),
            during=profiler if profile_seconds else None,
            extra_env={"BENCH_WAIT_MIN": str(args.think[0]), "BENCH_WAIT_MAX": str(args.think[1])},
        )
        cpu.stop()
        for proc, logfile in servers:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited during the run:\n{logfile.read_text()[-3000:]}")
    finally:
        for proc, _ in servers:
            stop(proc)
    submitted = int(
        psql(
            db,
            f"SELECT count(*) FROM assessments_response WHERE campaign_id = {campaign_id} AND submitted_at IS NOT NULL",
        )
    )
    errors_in_logs = sum((logfile.read_text(errors="replace").count("Traceback") for _, logfile in servers), 0)
    result = {
        "config": label,
        "gunicorn_processes": procs,
        "workers_per_process": workers,
        **load_result(stats, cpu),
        "max_ms": stats["max_ms"],
        "avg_ms": stats["avg_ms"],
        "submissions": submitted,
        "submissions_per_s": round(submitted / seconds, 2),
        "server_tracebacks": errors_in_logs,
        "locust_cpu_warning": stats["locust_cpu_warning"],
    }
    if profile_seconds:
        found = [f for f in spy_files if f.exists() and f.stat().st_size]
        if found:
            merged = tmp / f"pyspy-{label}.raw.txt"
            merged.write_text("".join(f.read_text(errors="replace") for f in found))
            kept = Path(tempfile.gettempdir()) / f"brm-load-pyspy-{label}.raw.txt"
            shutil.copy(merged, kept)
            result["profile"] = summarize_profile(merged) | {"raw_stacks": str(kept)}
        else:
            log_text = (
                (tmp / f"pyspy-{label}.log").read_text(errors="replace")
                if (tmp / f"pyspy-{label}.log").exists()
                else ""
            )
            result["profile"] = {"error": "py-spy recorded nothing", "log": log_text[-1500:]}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", default=os.getenv("BENCH_LOAD_CONFIGS", ""), help="e.g. 1x3,2x2")
    parser.add_argument("--workers", type=int, default=3, help="workers of the single process (when no --configs)")
    parser.add_argument("--users", type=int, default=int(os.getenv("BENCH_USERS", "200")))
    parser.add_argument("--seconds", type=int, default=int(os.getenv("BENCH_LOAD_SECONDS", "60")))
    parser.add_argument("--spawn-rate", type=float, default=50)
    parser.add_argument(
        "--think",
        type=parse_think,
        default=f"{os.getenv('BENCH_WAIT_MIN', '0.5')},{os.getenv('BENCH_WAIT_MAX', '2')}",
        metavar="MIN,MAX",
        help="think time between two requests, seconds (default BENCH_WAIT_MIN,BENCH_WAIT_MAX or 0.5,2; "
        "0,0 saturates the server)",
    )
    parser.add_argument("--tokens", type=int, default=int(os.getenv("BENCH_TOKENS", "2000")))
    parser.add_argument("--db", default=os.getenv("BENCH_LOAD_DB", "brm_bench_load"))
    parser.add_argument("--profile", choices=["auto", "always", "never"], default=os.getenv("BENCH_PROFILE", "auto"))
    parser.add_argument("--profile-seconds", type=int, default=int(os.getenv("BENCH_PROFILE_SECONDS", "40")))
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    configs = [c.strip() for c in (args.configs or f"1x{args.workers}").split(",") if c.strip()]
    for c in configs:
        parse_config(c)

    ensure_tools()
    tmp = Path(tempfile.mkdtemp(prefix="brm-load-"))
    result: dict = {
        "benchmark": "load",
        "users": args.users,
        "seconds": args.seconds,
        "spawn_rate": args.spawn_rate,
        "think_time_s": list(args.think),
        "goal": {"errors": 0, "p95_ms_max": GOAL_P95_MS},
        "configs": {},
    }
    try:
        log(f"database {args.db}: create, migrate, collectstatic (tmp {tmp})")
        env = portal_env(recreate_db(args.db), tmp)
        manage(env, "migrate", "--no-input", "-v0")
        try:
            manage(env, "collectstatic", "--no-input", "-v0")
        except RuntimeError as exc:
            # The production storage refused the static files: report it, and measure with
            # WhiteNoise's non-manifest storage (bench/bench_settings.py) instead.
            reason = str(exc).strip().splitlines()
            result["collectstatic_error"] = next((l for l in reversed(reason) if "Error" in l), reason[-1])[:400]
            log(f"collectstatic failed with the production storage: {result['collectstatic_error']}")
            env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
            env["PYTHONPATH"] = str(ROOT / "bench") + os.pathsep + env.get("PYTHONPATH", "")
            manage(env, "collectstatic", "--no-input", "-v0")
        for label in configs:
            log(f"configuration {label}")
            res = run_config(label=label, env=env, tmp=tmp, db=args.db, args=args)
            psql(args.db, "ANALYZE")
            log(
                f"{label}: {res['requests_per_s']} req/s, p50 {res['p50_ms']} p95 {res['p95_ms']} p99 {res['p99_ms']} ms, "
                f"errors {res['errors']}, submissions {res['submissions']}"
            )
            slow = (res["p95_ms"] or 0) > GOAL_P95_MS
            if args.profile == "always" or (args.profile == "auto" and slow):
                log(f"{label}: profiling a second run of {args.profile_seconds} s with py-spy")
                try:
                    prof = run_config(
                        label=label, env=env, tmp=tmp, db=args.db, args=args, profile_seconds=args.profile_seconds
                    )
                    res["profile"] = prof.get("profile")
                    res["profile_run"] = {
                        k: prof[k] for k in ("requests_per_s", "p50_ms", "p95_ms", "p99_ms", "errors", "submissions")
                    }
                except Exception as exc:  # noqa: BLE001 - the load figures stand without it
                    res["profile"] = {"error": str(exc)[-1500:]}
            res["goal_met"] = res["errors"] == 0 and not slow
            result["configs"][label] = res
        first = result["configs"][configs[0]]
        result.update(
            {
                k: first[k]
                for k in ("requests_per_s", "p50_ms", "p95_ms", "p99_ms", "errors", "submissions", "submissions_per_s")
            }
        )
        result["goal_met"] = all(c["goal_met"] for c in result["configs"].values())
    finally:
        if not args.keep_db:
            drop_db(args.db)
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
