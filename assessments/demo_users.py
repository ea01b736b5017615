"""The demo's users and their passwords, and the demo organisation's logo (`seed_demo`)."""

from __future__ import annotations

import io
import json
import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from PIL import Image, ImageDraw

DEMO_USERS = ("brm", "consultant", "admin")


def demo_passwords(*, path: Path | None = None, new: bool = False) -> dict[str, str]:
    """The demo users' passwords, by username.

    DEMO_PASSWORD, when set, for every user. Otherwise those kept in `path` by the previous run
    (unless `new`), so a browser's saved login keeps working across `make run`s; users missing
    there get a random one, and `path` is rewritten, readable by its owner only (0600); `make run`
    keeps it in var/, which git ignores. Without `path`, random passwords that are kept nowhere.
    """
    if password := os.getenv("DEMO_PASSWORD"):
        return dict.fromkeys(DEMO_USERS, password)
    kept: dict[str, str] = {}
    if path is not None and not new:
        try:
            loaded = json.loads(path.read_text())
        except (OSError, ValueError):  # missing or damaged: new ones replace it
            loaded = {}
        if isinstance(loaded, dict):
            kept = {name: value for name, value in loaded.items() if name in DEMO_USERS and isinstance(value, str)}
    passwords = {name: kept.get(name) or secrets.token_urlsafe(9) for name in DEMO_USERS}
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only, even if an older file was not: one of these logs in as an admin.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as file:
            json.dump(passwords, file, indent=2)
    return passwords


def demo_logo() -> io.BytesIO:
    """A small logo drawn here (three rising bars), so the demo report shows one on its cover."""
    image = Image.new("RGBA", (240, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for n, color in enumerate(("#0b3d91", "#1f6fd1", "#f28c28")):
        draw.rounded_rectangle((20 + n * 70, 90 - n * 30, 70 + n * 70, 110), radius=8, fill=color)
    data = io.BytesIO()
    image.save(data, format="PNG")
    data.seek(0)
    return data


def demo_user(username: str, email: str, password: str, *, staff: bool = False) -> User:
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
    user.email = email
    user.is_staff = user.is_superuser = staff
    user.set_password(password)
    user.save()
    return user
