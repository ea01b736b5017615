"""`{% if membership|can:"manage_campaigns" %}`: templates ask for the same permission names as views."""

from __future__ import annotations

from django import template

from accounts.models import Membership

register = template.Library()


@register.filter
def can(membership: Membership | None, permission: str) -> bool:
    return membership is not None and permission in membership.permissions
