"""Steps shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page


def log_in(page: Page, base: str, username: str) -> None:
    """Log in as one of the persona fixtures (alice, bob, charlie), whose password is "password"."""
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    # By name: the top bar's language buttons are submit buttons too, and come first.
    page.get_by_role("button", name="Log in").click()
