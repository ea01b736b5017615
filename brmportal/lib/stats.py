"""The statistics behind every figure: a mean with its n, spread and 95 % interval, Welch's
difference of two means, answer distributions and Cronbach's alpha (pure; no ORM, no Django).

Formulas and sources are in docs/scoring.md ("Uncertainty"); everything here works from sums
(n, sum, sum of squares), so the database only ever counts and adds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload

# Two-sided 95 % intervals.
LEVEL = 0.95
# The smallest variance a mean of answers is given. An answer is a whole point standing for an
# opinion anywhere within half a point of it: a uniform rounding error of variance 1/12. Without
# this floor three people answering 2 would have no spread at all and a zero-width interval.
MIN_VARIANCE = 1 / 12


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularised incomplete beta function (Numerical Recipes 6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h


def _betai(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's)."""
    tail = 0.5 * _betai(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t >= 0 else tail


def t_quantile(df: float, p: float = 0.5 + LEVEL / 2) -> float:
    """The t value with P(T <= t) = p (p > 0.5): 12.71 at df 1, 2.57 at 5, 2.04 at 30, -> 1.96.

    Welch's df are fractional; rounding them to 0.01 moves t by far less than the figures'
    displayed precision and lets the cache serve a report's hundreds of intervals.
    """
    return _t_quantile(int(df * 100 + 0.5) / 100, p)


@lru_cache(maxsize=4096)
def _t_quantile(df: float, p: float) -> float:
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    for _ in range(60):
        mid = (low + high) / 2
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


R = TypeVar("R")


class _kept(Generic[R]):
    """functools.cached_property without its lock (Python 3.11 takes one on every first read,
    a third of the cost of an interval, and a read of the scores works out hundreds): the value
    is computed on first use and kept in the instance, where later reads find it directly."""

    def __init__(self, fn: Callable[[Any], R]) -> None:
        self.fn, self.name = fn, fn.__name__

    @overload
    def __get__(self, obj: None, cls: type) -> _kept[R]: ...
    @overload
    def __get__(self, obj: object, cls: type) -> R: ...
    def __get__(self, obj: object | None, cls: type) -> R | _kept[R]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(frozen=True)
class Estimate:
    """A mean with what a reader needs to judge it: n, standard deviation, standard error and
    the 95 % interval mean +- t(0.975, df) * se. With n = 1 there is no spread and no interval."""

    mean: float
    n: int
    sd: float | None = None
    se: float | None = None
    df: float | None = None
    # The ends of the scale: an interval is never drawn past them (a mean of 1-5 answers cannot be 5.7).
    bounds: tuple[float, float] | None = None

    @classmethod
    def of(
        cls,
        n: int,
        total: float,
        sq: float,
        min_variance: float = MIN_VARIANCE,
        bounds: tuple[float, float] | None = None,
    ) -> Estimate | None:
        """From the number of values, their sum and their sum of squares; None when n = 0.

        s^2 = (sq - total^2 / n) / (n - 1), never under `min_variance` (MIN_VARIANCE for answers).
        """
        if n <= 0:
            return None
        mean = total / n
        if n == 1:
            return cls(mean, 1, None, None, None, bounds)
        var = max(min_variance, (sq - total * total / n) / (n - 1))
        sd = math.sqrt(var)
        # Positional: a report builds hundreds of these per read, and keywords cost a third more.
        return cls(mean, n, sd, sd / math.sqrt(n), n - 1, bounds)

    @_kept
    def ci(self) -> tuple[float, float] | None:
        if self.se is None or not self.df:
            return None
        half = t_quantile(self.df) * self.se
        low, high = self.mean - half, self.mean + half
        if self.bounds is not None:
            low, high = max(low, self.bounds[0]), min(high, self.bounds[1])
        return low, high

    @property
    def low(self) -> float | None:
        return ci[0] if (ci := self.ci) else None

    @property
    def high(self) -> float | None:
        return ci[1] if (ci := self.ci) else None

    def shifted(self, mean: float) -> Estimate:
        """The same uncertainty around another centre."""
        return Estimate(mean, self.n, self.sd, self.se, self.df, self.bounds)

    def within(self, low: float, high: float) -> Estimate:
        """The same estimate on a scale from `low` to `high` (its interval clipped to them)."""
        return Estimate(self.mean, self.n, self.sd, self.se, self.df, (low, high))

    def __reduce__(self) -> tuple[Any, ...]:
        # Cached scores hold thousands of these: pickle the fields alone (not the cached `ci`,
        # recomputed on reading), as a tuple rather than a dict keyed by their names.
        return Estimate, (self.mean, self.n, self.sd, self.se, self.df, self.bounds)

    def to_json(self) -> dict[str, Any]:
        ci = self.ci
        return {"mean": self.mean, "n": self.n, "sd": self.sd, "ci": list(ci) if ci else None}


@dataclass(frozen=True)
class Difference:
    """a - b with its 95 % interval; `clear` when the interval excludes zero, else within the noise."""

    value: float
    low: float | None
    high: float | None

    @property
    def clear(self) -> bool:
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)

    def __reduce__(self) -> tuple[Any, ...]:
        return Difference, (self.value, self.low, self.high)

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "ci": [self.low, self.high] if self.low is not None else None,
            "clear": self.clear,
        }


def welch_df(a: Estimate, b: Estimate) -> float | None:
    """Welch-Satterthwaite degrees of freedom of a - b (Welch 1947)."""
    if a.se is None or b.se is None or not a.df or not b.df:
        return None
    va, vb = a.se**2, b.se**2
    if va + vb == 0:
        return float(a.df + b.df)
    return (va + vb) ** 2 / (va**2 / a.df + vb**2 / b.df)


def welch(a: Estimate | None, b: Estimate | None) -> Difference | None:
    """a - b for two independent group means, with Welch's interval; None when either is missing.

    With n = 1 on either side there is no interval, so the difference is never called clear.
    Also used for the two aspects one group answered (today vs desired, current vs target): the
    same people answer both, so a paired test would be sharper; Welch is conservative when the
    two are positively correlated, so a difference it calls clear is clear.
    """
    if a is None or b is None:
        return None
    value = a.mean - b.mean
    df = welch_df(a, b)
    if df is None or a.se is None or b.se is None:
        return Difference(value, None, None)
    se = math.sqrt(a.se**2 + b.se**2)
    if se == 0:
        return Difference(value, value, value)
    half = t_quantile(df) * se
    return Difference(value, value - half, value + half)


def sides_mean(business: Estimate | None, it: Estimate | None) -> Estimate | None:
    """The overall figure: the mean of the two side means, so each side counts equally whatever
    its headcount; se = sqrt(se_b^2 + se_it^2) / 2 with Welch's degrees of freedom. One side
    alone is that side; None when neither has a figure."""
    if business is None or it is None:
        return business or it
    mean = (business.mean + it.mean) / 2
    n = business.n + it.n
    bounds = business.bounds if business.bounds == it.bounds else None
    if business.se is None or it.se is None:
        return Estimate(mean, n, None, None, None, bounds)
    se = math.sqrt(business.se**2 + it.se**2) / 2
    return Estimate(mean, n, None, se, welch_df(business, it), bounds)


def below_norm(estimate: Estimate | None, norm: float) -> bool:
    """A clear weakness: the whole interval lies below `norm` (never with n = 1)."""
    return estimate is not None and (high := estimate.high) is not None and high < norm


def above_norm(estimate: Estimate | None, norm: float) -> bool:
    """A clear strength: the whole interval lies above `norm`."""
    return estimate is not None and (low := estimate.low) is not None and low > norm


@dataclass(frozen=True)
class Distribution:
    """Shares of the numeric answers below, at and above the middle of the scale (1-2, 3, 4-5 on
    1-5): a Likert item is ordinal, and its distribution says what a mean hides."""

    low: float
    middle: float
    high: float
    n: int

    @classmethod
    def of(cls, values: Mapping[int, int], scale_min: int = 1, scale_max: int = 5) -> Distribution | None:
        n = sum(values.values())
        if n == 0:
            return None
        mid = (scale_min + scale_max) / 2
        low = sum(count for value, count in values.items() if value < mid)
        middle = sum(count for value, count in values.items() if value == mid)
        return cls(low=low / n, middle=middle / n, high=(n - low - middle) / n, n=n)

    @classmethod
    def of_counts(cls, counts: Sequence[int], scale_min: int = 1, scale_max: int = 5) -> Distribution | None:
        """From `counts[v]`, how many gave the answer v."""
        n = sum(counts)
        if n == 0:
            return None
        mid = (scale_min + scale_max) / 2
        low = sum(counts[: math.ceil(mid)])  # the answers below the middle
        middle = counts[int(mid)] if mid == int(mid) and int(mid) < len(counts) else 0
        return cls(low / n, middle / n, (n - low - middle) / n, n)

    def __reduce__(self) -> tuple[Any, ...]:
        return Distribution, (self.low, self.middle, self.high, self.n)

    def to_json(self) -> dict[str, Any]:
        return {"low": self.low, "middle": self.middle, "high": self.high, "n": self.n}

    def percent(self) -> dict[str, int]:
        """The shares in whole percent, for reading (and n)."""
        return {
            "low": round(self.low * 100),
            "middle": round(self.middle * 100),
            "high": round(self.high * 100),
            "n": self.n,
        }


# Alpha under this flags a scale whose items do not hang together (Nunnally; method notes).
ALPHA_FLAG = 0.6


def cronbach_alpha(
    *, n: int, item_sums: Sequence[float], item_sqs: Sequence[float], total: float, total_sq: float
) -> float | None:
    """Cronbach's alpha (1951) of a scale of k items from its complete respondents' sums:

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the respondents' totals),

    `n` respondents who answered all k items; `item_sums[i]`, `item_sqs[i]` the sum and sum of
    squares of item i over them; `total`, `total_sq` the same of each respondent's item total.
    None with fewer than 2 items or 3 respondents, or when the totals do not vary.
    """
    k = len(item_sums)
    if k < 2 or n < 3:
        return None

    def var(s: float, q: float) -> float:
        return (q - s * s / n) / (n - 1)

    total_var = var(total, total_sq)
    if total_var <= 1e-12:
        return None
    items_var = sum(var(s, q) for s, q in zip(item_sums, item_sqs, strict=True))
    return k / (k - 1) * (1 - items_var / total_var)
