"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

The browser is the system one (CHROMIUM_PATH, default /usr/bin/chromium; `make test` installs
Debian's `chromium` when missing). Never `playwright install`: nothing is downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# axe-core 4.14.1 (MPL-2.0) from the npm registry, `npm pack axe-core@4.14.1`; a test-only asset.
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
WIDTHS = {"phone": PHONE["viewport"], "desktop": DESKTOP["viewport"]}
# A full-page capture draws a sticky bar where the first screen ends, over the content; in the
# flow it shows at the end of the page instead, as the reader reaches it.
FULL_PAGE_STYLE = ".page-nav, .sticky-top, .sticky-bottom { position: static !important; }"
# Added as a constructed style sheet: the Content-Security-Policy blocks the <style> element that
# page.screenshot(style=...) would insert, but not the CSSOM.
ADOPT_STYLE = """css => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return document.adoptedStyleSheets.length - 1;
}"""
DROP_STYLE = "index => { document.adoptedStyleSheets = document.adoptedStyleSheets.filter((_, i) => i !== index); }"
# Short enough that a missing element fails the test in seconds, not after Playwright's 30 s.
ACTION_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        # Playwright adds --headless itself (Chromium's new headless mode); `--headless=new`
        # on top changes nothing.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def new_context(new_context) -> Callable[..., BrowserContext]:
    def _new_context(**kwargs) -> BrowserContext:
        context = new_context(**kwargs)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        return context

    return _new_context


@pytest.fixture
def context(new_context) -> BrowserContext:
    """The context of the `page` fixture: a desktop browser window (1280x900)."""
    return new_context(**DESKTOP)


@pytest.fixture
def new_phone_page(new_context) -> Callable[[], Page]:
    """Each call opens a page in a new phone-sized touch context (375x812): a new browser, no cookies.

    The `page` fixture is the desktop one (1280x900).
    """
    return lambda: new_context(**PHONE).new_page()


@pytest.fixture
def screenshot(request) -> Callable[..., list[Path]]:
    """`screenshot(page)` saves the page, full length, at phone and at desktop width.

    Files: artifacts/screenshots/<module>-<test-name>[-<params>][-<label>]-<phone|desktop>.png, so a
    person can look at every journey's key page (the module keeps apart two modules' tests of the
    same name). At phone width it also asserts that nothing makes the page scroll sideways. The page
    is left at the size it had.
    """
    params = getattr(request.node, "callspec", None)
    suffix = "".join(f"-{v}" for k, v in (params.params.items() if params else ()) if k != "browser_name")
    module = request.node.path.stem.removeprefix("test_")
    base = f"{module}-{request.node.originalname}{suffix}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(page: Page, label: str = "") -> list[Path]:
        original = page.viewport_size
        paths = []
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            if width == "phone":
                assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (
                    f"{page.url} scrolls sideways on a phone"
                )
            path = SCREENSHOTS / f"{base}{'-' + label if label else ''}-{width}.png"
            index = page.evaluate(ADOPT_STYLE, FULL_PAGE_STYLE)
            page.screenshot(path=path, full_page=True)
            page.evaluate(DROP_STYLE, index)
            paths.append(path)
        if original:
            page.set_viewport_size(original)
        return paths

    return shoot


@pytest.fixture
def axe() -> Callable[[Page], list[dict]]:
    """`axe(page)` runs axe-core on the page and returns its violations (all impacts)."""

    def run(page: Page) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated, not added as a <script> element, which the Content-Security-Policy blocks.
            page.evaluate(AXE.read_text())
        return page.evaluate("async () => (await axe.run()).violations")

    return run
