"""Steps shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page


def log_in(page: Page, base: str, username: str) -> None:
    """Log in through the form as one of the persona fixtures (alice, bob, charlie), whose
    password is "password". Tests about logging in use this; the others `log_in_as`."""
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    # By name: the top bar's language buttons are submit buttons too, and come first.
    page.get_by_role("button", name="Log in").click()


def log_in_as(target: Page | BrowserContext, base: str, user) -> None:
    """Give the browser the session cookie of `user`, logged in on the server as Django's test
    client does (`force_login`): no login page to load, no form to post, no landing page to
    render, which the form (tests/accounts, test_csp.py, test_journeys.py) is tested without."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    # The backend that logs people in (django-axes, listed first, only refuses locked-out ones).
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context = target.context if isinstance(target, Page) else target
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
                "httpOnly": True,
                "secure": settings.SESSION_COOKIE_SECURE,
                "sameSite": "Lax",
            }
        ]
    )


# Runs in every document before its own scripts (Playwright's init scripts are not subject to the policy).
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => window.cspViolation(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || document.URL}:${e.lineNumber}`
));
"""


def watch_csp(context: BrowserContext) -> list[str]:
    """Every Content-Security-Policy violation in `context` from now on (its pages opened after
    this call), as readable lines: Chromium reports each blocked script, style or resource as a
    `securitypolicyviolation` event and a console error."""
    found: list[str] = []
    context.expose_binding("cspViolation", lambda source, text: found.append(f"{source['page'].url}: {text}"))
    context.add_init_script(REPORT_VIOLATIONS)
    context.on(
        "console",
        lambda msg: found.append(f"console: {msg.text}") if "Content Security Policy" in msg.text else None,
    )
    return found


def sized(page: Page, selector: str, prop: str) -> list[str]:
    """The inline `prop` (width, left) that portal.js set on each element matching `selector`."""
    return page.eval_on_selector_all(selector, f"els => els.map(el => el.style.{prop})")
