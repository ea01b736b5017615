"""Fixed-window counters in Django's cache, for the public pages that create rows or send e-mail.

The default cache is per process (LocMemCache): with N workers a limit is up to N x as high.
"""

from __future__ import annotations

from django.core.cache import cache


def rate_limit_exceeded(*, key: str, limit: int, seconds: int) -> bool:
    """Count one more use of `key`; True once it has been used more than `limit` times in the window.

    The window starts with the first use and lasts `seconds`; a refused use counts too, so
    hammering does not shorten the wait.
    """
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(cache_key, 1, timeout=seconds)
        count = 1
    return count > limit
