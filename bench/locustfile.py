"""Locust journeys for bench/load.py (BENCH_TARGET=brm) and bench/peer.py (BENCH_TARGET=peer).

Runs only in bench/.venv-tools. Configured by environment:
  BENCH_TARGET       brm | peer
  BENCH_HOSTS        comma-separated base URLs; simulated user i uses host i % len(hosts)
  BENCH_TOKENS_FILE  (brm) invitation tokens, one a line; every journey spends a fresh one
  BENCH_PEER_SURVEY  (peer) the survey id
  BENCH_WAIT_MIN/MAX think time between two requests, seconds (default 0.5 / 2)

Think time: a real respondent reads a statement and clicks 5 to 20 answers per page, i.e. tens of
seconds a page. 0.5-2 s between requests is deliberately much faster, so that 200 simulated users
make the load of several thousand real ones answering at the same time.

One journey = one questionnaire from the first page to the thank-you page. Every request is
named by its route (no token in the name) and counts as a failure unless it returns the
expected status; a POST that re-renders the page (validation error) is a failure too.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

TARGET = os.environ.get("BENCH_TARGET", "brm")
HOSTS = [h.rstrip("/") for h in os.environ.get("BENCH_HOSTS", "http://127.0.0.1:8000").split(",") if h]
_tokens_file = os.environ.get("BENCH_TOKENS_FILE") or ""
TOKENS = open(_tokens_file).read().split() if _tokens_file else []  # noqa: SIM115
SURVEY = os.environ.get("BENCH_PEER_SURVEY", "1")
WAIT_MIN = float(os.environ.get("BENCH_WAIT_MIN", "0.5"))
WAIT_MAX = float(os.environ.get("BENCH_WAIT_MAX", "2"))

_token_index = itertools.count()
_user_index = itertools.count()
COUNTS = {"started": 0, "completed": 0, "aborted": 0, "tokens_exhausted": 0}

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"')
INPUT_RE = re.compile(r"<input\b[^>]*>", re.S)
ATTR_RE = re.compile(r'(\w[\w-]*)="([^"]*)"')
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


@events.test_stop.add_listener
def _report(**_kwargs):
    print("BENCH_JOURNEYS " + json.dumps(COUNTS), flush=True)


class JourneyFailed(Exception):
    pass


def csrf_token(html: str) -> str:
    m = CSRF_RE.search(html)
    if not m:
        raise JourneyFailed("no csrfmiddlewaretoken in the page")
    return m.group(1) or m.group(2)


def radio_answers(html: str, name_filter) -> dict[str, str]:
    """One answer per radio group on the page: a random digit among the offered values."""
    options: dict[str, list[str]] = {}
    for tag in INPUT_RE.findall(html):
        attrs = dict(ATTR_RE.findall(tag))
        if attrs.get("type") != "radio" or not name_filter(attrs.get("name", "")):
            continue
        options.setdefault(attrs["name"], []).append(attrs.get("value", ""))
    answers = {}
    for name, values in options.items():
        digits = [v for v in values if v.isdigit()] or values
        answers[name] = random.choice(digits)
    return answers


class Respondent(FastHttpUser):
    host = HOSTS[0]
    wait_time = between(WAIT_MIN, WAIT_MAX)
    network_timeout = 30.0
    connection_timeout = 30.0

    def on_start(self):
        self.base = HOSTS[next(_user_index) % len(HOSTS)]

    # -- helpers --------------------------------------------------------------------------

    def _get(self, path: str, name: str, expect: int = 200) -> str:
        with self.client.get(self.base + path, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != expect:
                r.failure(f"GET status {r.status_code}, expected {expect}")
                raise JourneyFailed(name)
            return r.text or ""

    def _post(self, path: str, name: str, data: dict, referer: str) -> str:
        headers = FORM_HEADERS | {"Referer": self.base + referer}
        with self.client.post(
            self.base + path,
            name=name,
            data=urlencode(data),
            headers=headers,
            catch_response=True,
            allow_redirects=False,
        ) as r:
            if r.status_code != 302:
                r.failure(f"POST status {r.status_code}, expected 302 (form re-rendered or refused)")
                raise JourneyFailed(name)
            location = r.headers.get("Location") or r.headers.get("location") or ""
            if location.startswith(self.base):
                location = location[len(self.base) :]
            return location

    @task
    def journey(self):
        self.client.cookiejar.clear()  # every journey is a new person
        COUNTS["started"] += 1
        try:
            if TARGET == "peer":
                self._peer_journey()
            else:
                self._brm_journey()
            COUNTS["completed"] += 1
        except JourneyFailed:
            COUNTS["aborted"] += 1

    # -- BRM Portal -----------------------------------------------------------------------

    def _brm_journey(self):
        i = next(_token_index)
        if i >= len(TOKENS):
            COUNTS["tokens_exhausted"] += 1
            raise StopUser()
        token = TOKENS[i]
        base = f"/r/{token}"
        self._get(f"{base}/", "/r/[token]/ welcome")
        self.wait()
        path, number = f"{base}/page/1/", 1
        while True:
            name = f"/r/[token]/page/{number}/"
            html = self._get(path, name)
            self.wait()
            data = radio_answers(html, lambda n: "__" in n)
            data |= {"csrfmiddlewaretoken": csrf_token(html), "action": "next"}
            location = self._post(path, name, data, referer=path)
            self.wait()
            if location.endswith("/review/"):
                break
            number += 1
            expected = f"{base}/page/{number}/"
            if location != expected:
                raise JourneyFailed(f"unexpected redirect to {location}")
            path = location
        html = self._get(f"{base}/review/", "/r/[token]/review/")
        self.wait()
        location = self._post(
            f"{base}/submit/",
            "/r/[token]/submit/",
            {"csrfmiddlewaretoken": csrf_token(html)},
            referer=f"{base}/review/",
        )
        if not location.endswith("/thanks/"):
            raise JourneyFailed(f"submit redirected to {location}")
        self.wait()
        self._get(location, "/r/[token]/thanks/")

    # -- Peer: django-survey-and-report, one page per category -------------------------------

    def _peer_journey(self):
        path, step = f"/survey/{SURVEY}/", 0
        while True:
            name = f"/survey/[id]-{step}/"
            html = self._get(path, name)
            self.wait()
            data = radio_answers(html, lambda n: n.startswith("question_"))
            data["csrfmiddlewaretoken"] = csrf_token(html)
            location = self._post(path, name, data, referer=path)
            self.wait()
            if "/confirm/" in location:
                break
            step += 1
            if location != f"/survey/{SURVEY}-{step}/":
                raise JourneyFailed(f"unexpected redirect to {location}")
            path = location
        self._get(location, "/survey/confirm/[uuid]/")
