"""The embedded default works like the real one for a small team (issue #15.3).

`make run` is SQLite, Celery eager and Django's development server. These tests run it for real
in a temporary folder: migrate from nothing (no folder made beforehand), seed the demo as
`make run` does, serve with `runserver`, and let 8 respondents answer at once.
"""

from __future__ import annotations

import ast
import http.cookiejar
import json
import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest
from django.core.management import call_command
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RESPONDENTS = 8
# Test and development tools: `make test` installs them, `make run` must not need them.
TEST_TOOLS = {"pytest", "ruff", "mypy", "playwright", "hypothesis", "schemathesis", "django-stubs", "pypdf"}


def _embedded_env(database: Path) -> dict[str, str]:
    """The environment of `make run`: nothing of the test suite's PostgreSQL, Redis or settings."""
    drop = {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "SITE_URL", "DEMO_PASSWORD", "DEBUG"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith(("PYTEST_", "DJANGO_"))}
    return env | {"DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"}


# `make run`'s first two steps in one process (one Django start-up less): `manage.py migrate
# --noinput`, then `manage.py seed_demo` with the demo users' passwords hashed fast, as everywhere
# in the suite (PBKDF2 takes about a second per password on this machine).
PREPARE = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
call_command("seed_demo", "--responses", "0", "--json")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the journey follows each redirect itself
        return None


def _journey(base: str, path: str, statuses: list[int], finished: list[str]) -> None:
    """One respondent in a browser of their own: welcome, every page answered, review, submit, and
    the thank-you page (then `path` goes into `finished`). Every status it got goes into `statuses`."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects)

    def call(url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + url, data=body, headers={"Referer": base + path})  # noqa: S310 - loopback
        try:
            with opener.open(request, timeout=60) as r:
                status, headers, text = r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as e:
            status, headers, text = e.code, e.headers, e.read().decode()
        statuses.append(status)
        return status, headers.get("Location", ""), text

    def csrf(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    call(path)
    url = path + "page/1/"
    for _page in range(50):  # far more pages than a questionnaire has: no endless loop
        if url.endswith("/review/"):
            break
        status, _, html = call(url)
        if status != 200:
            return
        data = {"csrfmiddlewaretoken": csrf(html), "action": "next"}
        for name in dict.fromkeys(re.findall(r'type="radio" name="([^"]+)"', html)):
            values = re.findall(rf'type="radio" name="{re.escape(name)}" value="([^"]+)"', html)
            data[name] = "3" if "3" in values else values[0]
        status, url, _ = call(url, data)
        if status != 302 or not url.startswith(path):
            return
    status, _, html = call(url)
    if status == 200:
        status, url, _ = call(path + "submit/", {"csrfmiddlewaretoken": csrf(html)})
        if status == 302 and url == path + "thanks/" and call(url)[0] == 200:
            finished.append(path)


def test_a_fresh_clone_migrates_and_serves_8_respondents_answering_at_once(tmp_path):
    """`make run` from nothing: migrate creates var/ and a WAL database, the demo is seeded, and 8
    respondents answering at once through `runserver` all get through: no "database is locked" 503.

    One test, not a module fixture shared by several: pytest-xdist could start the server twice.
    """
    database = tmp_path / "var" / "db.sqlite3"  # var/ does not exist: migrate must create it
    env = _embedded_env(database)
    port, log_path = _free_port(), tmp_path / "runserver.log"
    with log_path.open("w") as log:
        # As `make run` serves it, started first so that it boots while the database is prepared
        # (checks skipped: migrate runs them; no autoreloader to outlive the test).
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            prepared = subprocess.run(
                [sys.executable, "-c", PREPARE],
                cwd=ROOT,
                env=env | {"DJANGO_SETTINGS_MODULE": "brmportal.settings"},
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert prepared.returncode == 0, prepared.stderr[-3000:]
            seed = json.loads(prepared.stdout[prepared.stdout.index("{") :])
            with sqlite3.connect(database) as db:
                assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, server, log_path)
            paths = seed["invitation_paths"]["business"][:4] + seed["invitation_paths"]["it"][:4]
            statuses: list[list[int]] = [[] for _ in paths]
            finished: list[str] = []
            threads = [
                threading.Thread(target=_journey, args=(base, p, statuses[i], finished)) for i, p in enumerate(paths)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        finally:
            server.terminate()
            server.wait(timeout=10)

    served = log_path.read_text()
    every = [status for journey in statuses for status in journey]
    assert len(paths) == RESPONDENTS
    assert 503 not in every and 500 not in every, served[-3000:]
    assert "database is locked" not in served
    # Each one went all the way: welcome, the pages, review, submit, the thank-you page.
    assert sorted(finished) == sorted(paths), statuses
    with sqlite3.connect(database) as db:
        submitted = db.execute("SELECT COUNT(*) FROM assessments_response WHERE submitted_at IS NOT NULL").fetchone()
    assert submitted[0] == RESPONDENTS


def _wait_until_up(base: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).close()  # noqa: S310 - loopback only
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("runserver did not start: " + log_path.read_text()[-2000:])
            time.sleep(0.1)


@pytest.mark.django_db
def test_it_keeps_the_demo_passwords_of_the_previous_run_unless_asked_for_new_ones(tmp_path, monkeypatch):
    import io

    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    kept = tmp_path / "var" / "demo-passwords.json"

    def run(*extra: str) -> tuple[dict[str, str], str]:
        out = io.StringIO()
        call_command("seed_demo", "--reuse", "--responses", "0", "--passwords-file", str(kept), *extra, stdout=out)
        return json.loads(kept.read_text()), out.getvalue()

    first, printed = run()
    assert set(first) == {"brm", "consultant", "admin"}
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "var/" in (ROOT / ".gitignore").read_text().split()  # where `make run` keeps them: never in git
    again, printed_again = run()
    assert again == first
    for name, password in first.items():  # printed on every run, and they log in
        assert f"{name} / {password}" in printed and f"{name} / {password}" in printed_again
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=name, password=password) is not None

    kept.chmod(0o644)  # a file someone loosened is made owner-only again
    fresh, printed_fresh = run("--new-passwords")
    assert not set(fresh.values()) & set(first.values())
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert f"brm / {fresh['brm']}" in printed_fresh
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="brm", password=first["brm"]) is None


def test_make_run_installs_the_runtime_requirements_only(tmp_path):
    """`make run` on a fresh machine (no venv): pip installs requirements.txt, never the test tools;
    `make test` adds requirements-dev.txt. A dry run (-n) shows the commands without running them."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")

    def dry_run(target: str) -> str:
        venv = tmp_path / f"venv-{target}"  # missing: every install step is due
        result = subprocess.run(
            ["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return "\n".join(line for line in result.stdout.splitlines() if "pip install" in line)

    run_installs, test_installs = dry_run("run"), dry_run("test")
    assert "-r requirements.txt" in run_installs and "requirements-dev.txt" not in run_installs
    assert "-r requirements-dev.txt" in test_installs

    runtime = {_name(line) for line in (ROOT / "requirements.txt").read_text().splitlines() if _name(line)}
    assert not runtime & TEST_TOOLS, runtime & TEST_TOOLS
    dev = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in dev and TEST_TOOLS <= {_name(line) for line in dev.splitlines()}


def test_the_portal_imports_only_what_requirements_txt_installs():
    """Every third-party module the portal's code imports (tests and benchmarks aside) belongs to
    a package of requirements.txt or one of their dependencies: `make run` is enough to run it."""
    local = {p.stem for p in ROOT.iterdir() if (p / "__init__.py").exists() or p.suffix == ".py"}
    imported: dict[str, str] = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"tests", "bench", "node_modules"} or relative.parts[0].startswith("."):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in (m.split(".")[0] for m in modules):
                if module not in sys.stdlib_module_names and module not in local and module != "__future__":
                    imported.setdefault(module, str(relative))

    installed = _installed_by(ROOT / "requirements.txt")
    providers = metadata.packages_distributions()
    outside = {
        module: where
        for module, where in imported.items()
        if not {canonicalize_name(d) for d in providers.get(module, [])} & installed
    }
    assert imported and not outside, f"imported by the portal but not installed by requirements.txt: {outside}"


def _name(line: str) -> str:
    """The canonical package name of a requirements line ("" for comments and -r lines)."""
    line = line.split("#", 1)[0].strip()
    return "" if not line or line.startswith("-") else canonicalize_name(Requirement(line).name)


def _installed_by(requirements: Path) -> set[str]:
    """The packages `pip install -r requirements` installs: its own and, recursively, their
    dependencies, with only the extras asked for (celery[pytest] is not celery)."""
    todo = [
        Requirement(line.split("#", 1)[0])
        for line in requirements.read_text().splitlines()
        if line.split("#", 1)[0].strip() and not line.startswith("-")
    ]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        requirement = todo.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(requirement.name) or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            dependency = Requirement(text)
            extras = requirement.extras | {""}
            if dependency.marker is None or any(dependency.marker.evaluate({"extra": e}) for e in extras):
                todo.append(dependency)
    return {name for name, _extras in seen}
