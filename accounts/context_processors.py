from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.models import Membership
from accounts.selectors import membership_list


def shows_clients(memberships: Sequence[Membership]) -> bool:
    """Whether the navigation links the consultant's view across clients (issue #20): for members
    of two organisations or more, and for consultants."""
    return len(memberships) > 1 or any(m.role == Membership.Role.CONSULTANT for m in memberships)


def workspace(request: HttpRequest) -> dict[str, object]:
    """The user's organisations for the navbar switcher and whether to link the clients' view,
    from one query, made only when a template uses them."""
    memberships = cast(list[Membership], SimpleLazyObject(lambda: membership_list(user=request.user)))
    return {
        "nav_organisations": SimpleLazyObject(lambda: [m.organisation for m in memberships]),
        "nav_clients": SimpleLazyObject(lambda: shows_clients(memberships)),
    }
