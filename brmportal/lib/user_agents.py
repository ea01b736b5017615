"""Telling link-preview fetchers (chat apps, mail scanners) from people opening a link."""

from __future__ import annotations

from django.http import HttpRequest

# Chat apps and mail scanners fetch links to build previews. They must not count as the
# respondent opening a personal link (the workspace would stop showing it), nor start anything.
_PREVIEW_AGENTS = (
    "bot",
    "crawler",
    "spider",
    "preview",
    "facebookexternalhit",
    "slack",
    "whatsapp",
    "telegram",
    "skypeuripreview",
    "teams",
    "discord",
    "linkedin",
    "embedly",
)


def is_link_preview(request: HttpRequest) -> bool:
    agent = request.headers.get("User-Agent", "").lower()
    return any(marker in agent for marker in _PREVIEW_AGENTS)
