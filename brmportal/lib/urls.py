"""Absolute URLs: the one place that decides the scheme, host and port a link starts with.

- `SITE_URL` set (production behind a proxy, a fixed public name): every link starts with it.
- `SITE_URL` unset (`make run`, a laptop): links start with the address the request came to,
  so `make run PORT=8100` gives links on port 8100 and a colleague on the LAN gets the LAN
  address. Django checks that host against `ALLOWED_HOSTS` before any view runs, so a forged
  `Host` header cannot put a stranger's address into a link.

Paths come from `reverse()`, which already carries any script prefix: a base is only
"scheme://host[:port]", never with a path or a trailing slash.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

# Only for code that runs with neither a request nor SITE_URL (a management command on a
# laptop): the address `make run` serves on by default.
FALLBACK_SITE_URL = "http://127.0.0.1:8000"


def site_url(request: HttpRequest | None = None) -> str:
    """The base absolute links start with: "scheme://host[:port]", without a trailing slash.

    `SITE_URL` when set; else the scheme and host of `request`; else `FALLBACK_SITE_URL`.

    Work done later, outside the request (e-mails sent by a Celery worker), has no request to
    ask, and a worker's own `SITE_URL` may be unset. So capture the base while the user acts
    and carry it with the work:

        base = site_url(request)                       # in the view, at the time the BRM acts
        invitations_send(..., base_url=base)           # the service passes it on
        task.delay(invitation_ids, base_url=base)      # a plain string: safe to serialise
        url = absolute_url(path, base=base_url)        # in the task, when the e-mail is built

    (`assessments.selectors.invitations.respondent_url(token=..., base=base_url)` does the last
    step for a respondent's link.)
    """
    configured = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return FALLBACK_SITE_URL


def absolute_url(path: str, request: HttpRequest | None = None, *, base: str | None = None) -> str:
    """`path` (from `reverse()`, starting with "/") as an absolute URL.

    On `base` when given (a value `site_url` returned earlier, e.g. in a Celery task), else on
    `site_url(request)`.
    """
    return (base or site_url(request)).rstrip("/") + path
