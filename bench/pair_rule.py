"""The pair anonymity rule's cost (issue #20): `hidden_pairs` on synthetic portfolios where IT
people each choose their own mix of units (1-3 of 10, in 3 departments), the hardest case for
it; pure, no database. `.venv/bin/python bench/pair_rule.py` prints one JSON object."""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.anonymity import hidden_groups, hidden_pairs  # noqa: E402

THRESHOLD = 3


def portfolio(seed: int, people: int, units: list[int]) -> dict:
    rnd = random.Random(seed)
    combos: dict = {}
    for _ in range(people):
        served = frozenset(rnd.sample(units, rnd.choice([1, 1, 2, 3])))
        key = ("it", rnd.choice(["Apps", "Infra", "Service desk"]), served)
        combos[key] = combos.get(key, 0) + 1
    for unit in units:
        combos[("business", "", frozenset([unit]))] = rnd.randint(2, 30)
    return combos


def main() -> None:
    units = list(range(1, 11))
    results = []
    for people in (60, 300, 4500):
        combos = portfolio(people, people, units)
        counts: dict = {}
        for (side, department, _units), n in combos.items():
            counts[(side, department)] = counts.get((side, department), 0) + n
        hidden = hidden_groups(counts=counts, threshold=THRESHOLD)
        times, found = [], {}
        for _ in range(5):
            start = time.perf_counter()
            found = hidden_pairs(combos=combos, units=units, threshold=THRESHOLD, hidden=hidden)
            times.append((time.perf_counter() - start) * 1000)
        results.append(
            {
                "it_people": people,
                "cells": len(combos),
                "median_ms": round(statistics.median(times), 1),
                "hidden": len(found),
            }
        )
    print(json.dumps({"units": len(units), "threshold": THRESHOLD, "runs": results}))


if __name__ == "__main__":
    main()
