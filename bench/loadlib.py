"""Shared helpers of bench/load.py and bench/peer.py (standard library only).

- the load-generator venv bench/.venv-tools (locust, py-spy, pyinstrument), created when missing,
  never a dependency of the portal;
- databases of the benchmarks' own (dropped and created again; never brmportal or test_*);
- servers started with start_new_session=True and stopped by their own PID / process group;
- one headless locust run and the parsing of its `_stats.csv`.
"""

from __future__ import annotations

import csv
import logging
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TOOLS_VENV = BENCH / ".venv-tools"
TOOLS_PACKAGES = ["locust==2.47.0", "py-spy==0.4.3", "pyinstrument==5.1.3"]
PG = ["-h", "127.0.0.1", "-U", "postgres"]
PROTECTED_DBS = {"brmportal", "test_brmportal", "postgres", "template0", "template1"}


def log(*parts: object) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, file=sys.stderr, flush=True)


def ensure_venv(venv: Path, packages: list[str], probe: str) -> Path:
    """Create `venv` and install `packages` unless `venv/bin/<probe>` already exists."""
    if not (venv / "bin" / probe).exists():
        log(f"creating {venv.name} with {' '.join(packages)}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", *packages],
            check=True,
            stdout=sys.stderr,
        )
    return venv


def ensure_tools() -> Path:
    return ensure_venv(TOOLS_VENV, TOOLS_PACKAGES, "locust")


def recreate_db(name: str) -> str:
    """Drop and create a benchmark database; returns its DATABASE_URL."""
    if name in PROTECTED_DBS or name.startswith("test_"):
        raise SystemExit(f"refusing to recreate database {name!r}")
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", name], check=True, stderr=subprocess.DEVNULL)
    subprocess.run(["createdb", *PG, name], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def drop_db(name: str) -> None:
    if name in PROTECTED_DBS or name.startswith("test_"):
        return
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", name], check=False, stderr=subprocess.DEVNULL)


def psql(db: str, sql: str) -> str:
    out = subprocess.run(["psql", *PG, "-d", db, "-At", "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], *, env: dict, cwd: Path, logfile: Path) -> subprocess.Popen:
    """Start a server in a process group of its own (so its workers go with it)."""
    fh = open(logfile, "ab")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    proc._bench_log = fh  # type: ignore[attr-defined]
    return proc


def stop(proc: subprocess.Popen | None, timeout: float = 15) -> None:
    """Stop a process started by `start`: SIGTERM to its own group, SIGKILL after `timeout`."""
    if proc is None:
        return
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)
    fh = getattr(proc, "_bench_log", None)
    if fh:
        fh.close()


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60, logfile: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = logfile.read_text(errors="replace")[-3000:] if logfile else ""
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - loopback only
                if r.status < 500:
                    return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def children(pid: int) -> list[int]:
    """Direct children of a process (the gunicorn workers of a master)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of live processes, in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            pass
    return total


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def db_backend_pids(db: str) -> list[int]:
    """PIDs of the PostgreSQL backends connected to database `db` (their CPU is the DB's share)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cmd.startswith("postgres: ") and f" {db} " in cmd:
            pids.append(int(proc.name))
    return pids


class CpuMeter:
    """The CPU used while a load runs: by the servers (`pids`), PostgreSQL (database `db`) and the machine.

    Made right before the load and stopped right after it, while the server processes still
    live: /proc forgets a process's CPU time when it exits.
    """

    def __init__(self, pids: list[int], db: str) -> None:
        self.pids, self.db = pids, db
        self.cpu_before = cpu_seconds(pids)
        self.machine_before = machine_cpu()
        self.load_before = os.getloadavg()[0]

    def stop(self) -> None:
        self.server_cpu = cpu_seconds(self.pids) - self.cpu_before
        self.db_cpu = cpu_seconds(db_backend_pids(self.db))
        self.busy, self.total = (a - b for a, b in zip(machine_cpu(), self.machine_before, strict=True))


def load_result(stats: dict, cpu: CpuMeter) -> dict:
    """The figures every load test reports, ours and the peer's alike: latency, throughput, CPU."""
    server_cpu, db_cpu, busy, total = cpu.server_cpu, cpu.db_cpu, cpu.busy, cpu.total
    result = {
        "requests_per_s": stats["rps"],
        "p50_ms": stats["p50_ms"],
        "p95_ms": stats["p95_ms"],
        "p99_ms": stats["p99_ms"],
        "requests": stats["requests"],
        "errors": stats["failures"],
        "journeys": stats.get("journeys"),
        "server_cpu_s": round(server_cpu, 1),
        "locust_cpu_s": stats["locust_cpu_s"],
        "postgres_cpu_s": round(db_cpu, 1),
        "server_cpu_ms_per_request": round(1000 * (server_cpu + db_cpu) / max(stats["requests"], 1), 1),
        "machine_cpu_busy_pct": round(100 * busy / total) if total else None,
        "others_cpu_s": round(busy / os.sysconf("SC_CLK_TCK") - server_cpu - db_cpu - stats["locust_cpu_s"], 1),
        "loadavg_1m_before": round(cpu.load_before, 2),
        "per_request_p95_ms": {k: v["p95_ms"] for k, v in stats["per_request"].items()},
    }
    if stats.get("failure_kinds"):
        result["failure_kinds"] = stats["failure_kinds"]
    return result


def _num(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def parse_stats(csv_prefix: Path) -> dict:
    """The Aggregated row of locust's `<prefix>_stats.csv`, plus the p95 of every named request."""
    rows = list(csv.DictReader(open(f"{csv_prefix}_stats.csv", newline="")))
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    result = {
        "requests": int(agg["Request Count"]),
        "failures": int(agg["Failure Count"]),
        "rps": round(float(agg["Requests/s"]), 1),
        "p50_ms": _num(agg["50%"]),
        "p95_ms": _num(agg["95%"]),
        "p99_ms": _num(agg["99%"]),
        "max_ms": _num(agg["Max Response Time"]),
        "avg_ms": round(float(agg["Average Response Time"]), 1),
        "per_request": {
            f"{r['Type']} {r['Name']}": {
                "n": int(r["Request Count"]),
                "p50_ms": _num(r["50%"]),
                "p95_ms": _num(r["95%"]),
                "p99_ms": _num(r["99%"]),
                "failures": int(r["Failure Count"]),
            }
            for r in rows
            if r["Name"] != "Aggregated"
        },
    }
    failures_file = Path(f"{csv_prefix}_failures.csv")
    if failures_file.exists():
        result["failure_kinds"] = [
            {"request": f"{r['Method']} {r['Name']}", "error": r["Error"][:300], "count": int(r["Occurrences"])}
            for r in csv.DictReader(open(failures_file, newline=""))
        ][:10]
    return result


def run_locust(
    *,
    target: str,
    hosts: list[str],
    tokens_file: Path | None,
    users: int,
    spawn_rate: float,
    seconds: int,
    workdir: Path,
    label: str,
    extra_env: dict | None = None,
    during=None,
) -> dict:
    """One headless locust run of bench/locustfile.py; returns the parsed Aggregated stats.

    `target` picks the journey (brm or peer). Stats are reset once all users are spawned
    (--reset-stats), so the figures are the steady state of `seconds` minus the ramp-up.
    `during(locust_proc)` is called once the run is under way (e.g. to profile the server).
    """
    tools = ensure_tools()
    prefix = workdir / f"locust-{label}"
    env = dict(os.environ)
    env.update(
        {
            "BENCH_TARGET": target,
            "BENCH_HOSTS": ",".join(hosts),
            "BENCH_TOKENS_FILE": str(tokens_file or ""),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra_env or {})
    cmd = [
        str(tools / "bin" / "locust"),
        "-f",
        str(BENCH / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds}s",
        "--host",
        hosts[0],
        "--csv",
        str(prefix),
        "--only-summary",
        "--reset-stats",
        "--stop-timeout",
        "0",
        "--loglevel",
        "WARNING",
    ]
    log(f"locust {label}: {users} users, spawn {spawn_rate}/s, {seconds} s against {', '.join(hosts)}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    logfile = workdir / f"locust-{label}.log"
    with open(logfile, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, cwd=BENCH, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            if during is not None:
                during(proc)
            proc.wait(timeout=seconds + 120)
        except BaseException:
            stop(proc)
            raise
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = logfile.read_text(errors="replace")
    if not Path(f"{prefix}_stats.csv").exists():
        raise RuntimeError(f"locust wrote no stats (exit {proc.returncode}):\n{text[-3000:]}")
    stats = parse_stats(prefix)
    stats["locust_exit"] = proc.returncode
    stats["locust_cpu_s"] = round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 1)
    stats["locust_wall_s"] = round(wall, 1)
    stats["locust_cpu_warning"] = bool(re.search(r"CPU usage above", text))
    journeys = re.findall(r"BENCH_JOURNEYS (\{.*\})", text)
    if journeys:
        import json

        stats["journeys"] = json.loads(journeys[-1])
    return stats


def standalone_database(root: Path) -> None:
    """Use run.py's database (DATABASE_URL), or make a fresh, migrated one of BENCH_DB when a step
    runs on its own; Celery eager (no broker)."""
    if os.getenv("DATABASE_URL"):
        return
    name = os.getenv("BENCH_DB", "brmportal_bench")
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.pop("CELERY_BROKER_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, check=True)


def django_start(root: Path) -> None:
    """The portal's Django set up in this process, its warnings silenced (they would time too)."""
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brmportal.settings")
    import django

    django.setup()
    logging.disable(logging.WARNING)
