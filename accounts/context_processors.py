from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.selectors import organisation_list


def workspace(request: HttpRequest) -> dict[str, object]:
    """The user's organisations for the navbar switcher, queried only when a template uses them."""
    return {"nav_organisations": SimpleLazyObject(lambda: organisation_list(user=request.user))}
