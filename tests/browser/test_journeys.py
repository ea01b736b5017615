"""Issue #7 journeys c, d and e, end to end in a real browser, from the login form onwards.

c. A BRM creates a campaign, opens it, invites three people, copies a link and reads a dashboard.
d. A consultant switches organisation, asks for a PDF report and downloads it.
e. A member of another organisation pastes a dashboard URL and gets the not-found page.

Pieces of these are tested on their own elsewhere (axe-core on the create form and the
respondents pages in test_workspace.py, the polling of the report page in
test_report_status.py); here they run one after another, as a user meets them.
"""

from __future__ import annotations

import io
import random
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts.models import Organisation
from assessments.demo import DEMO_ORG, SECOND_ORG, _seed_responses, demo_seed
from assessments.models import Campaign, Invitation
from assessments.services.campaigns import campaign_create
from assessments.services.invitations import invitation_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-password"
ADDRESSES = ["ann@example.com", "ben@example.com", "cleo@example.com"]
# Every chart box on the page: vega-embed drew an SVG in it, with marks.
CHARTS_DRAWN = """() => [...document.querySelectorAll('#main .chart-box')].map(box => ({
  id: box.id,
  svg: box.querySelectorAll('svg').length,
  marks: box.querySelectorAll('svg .mark-rect path, svg .mark-rule line, svg .mark-symbol path').length,
}))"""


@pytest.fixture
def demo(monkeypatch):
    """The demo organisations and users (brm, consultant) with a known password, 40 responses."""
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    return demo_seed(responses=40)


@pytest.fixture
def demo_accounts(monkeypatch):
    """The same organisations, users and campaign without responses, for the tests that do not
    read them (seeding 40 takes longer than the rest of such a test)."""
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    return demo_seed(responses=0)


@pytest.fixture
def eager_celery(settings):
    """Reports render inside the request, as under `make run` (no broker, no worker to start).

    The live server answers from a thread of this process, so the settings override reaches it,
    and Celery reads CELERY_* from Django's settings on every look-up... until someone writes
    `app.conf.task_always_eager` directly (tests/reports does), which shadows the setting for the
    rest of the session. So the app's own value is set too, and afterwards put back as it was.
    """
    from brmportal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    changes = app.conf.changes
    had, previous = "task_always_eager" in changes, changes.get("task_always_eager")
    app.conf.task_always_eager = True
    yield
    if had:
        app.conf.task_always_eager = previous
    else:
        changes.pop("task_always_eager", None)


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def campaign_card(page: Page, name: str):
    return page.locator("li.card").filter(has=page.get_by_role("heading", name=name, exact=True))


def test_it_takes_a_brm_from_a_new_campaign_to_a_dashboard(
    live_server, page: Page, new_context, demo, eager_celery, settings, mailoutbox, screenshot
):
    # Links and e-mails carry SITE_URL: point it at the live server so the copied link can be opened.
    settings.SITE_URL = live_server.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server.url, "brm", PASSWORD)
    # One organisation: the login lands on its campaign list.
    expect(page).to_have_url(f"{live_server.url}/o/{DEMO_ORG[1]}/")
    expect(heading(page)).to_have_text("Campaigns")
    expect(campaign_card(page, demo.campaign.name)).to_be_visible()

    # 1. A new campaign through the form: a draft, and straight on to its respondents.
    page.get_by_role("link", name="New campaign").click()
    expect(heading(page)).to_have_text("New campaign")
    closes = timezone.localtime() + timedelta(days=30)
    page.get_by_label("Name").fill("Spring pulse 2027")
    page.get_by_label("Closes").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Departments").fill("Sales, Finance")
    screenshot(page, "create")
    page.get_by_role("button", name="Create campaign").click()
    expect(heading(page)).to_have_text("Respondents")
    expect(page.get_by_text("Campaign “Spring pulse 2027” created as a draft.")).to_be_visible()
    expect(page.get_by_text("This campaign is a draft")).to_be_visible()
    created = Campaign.objects.get(name="Spring pulse 2027")
    assert created.organisation == demo.organisation
    assert created.status == Campaign.Status.DRAFT
    assert created.departments == ["Sales", "Finance"]

    # 2. Open it from the campaign list.
    page.get_by_role("link", name=DEMO_ORG[0]).click()
    card = campaign_card(page, "Spring pulse 2027")
    expect(card.get_by_text("Draft")).to_be_visible()
    card.get_by_role("button", name="Open").click()
    expect(page.get_by_text("“Spring pulse 2027” is open")).to_be_visible()
    expect(card.get_by_text("Open", exact=True)).to_be_visible()

    # 3. Paste three addresses, check the preview, confirm.
    card.get_by_role("link", name="Respondents").click()
    expect(page.get_by_text("No respondents yet")).to_be_visible()
    page.get_by_label("E-mail addresses").fill(f"{ADDRESSES[0]}, {ADDRESSES[1]}\n{ADDRESSES[2].upper()}")
    page.get_by_label("Business", exact=True).check()
    page.get_by_label("Department").select_option("Sales")
    page.get_by_role("button", name="Check addresses").click()
    expect(heading(page)).to_have_text("Check the respondents")
    expect(page.locator("main p").first).to_contain_text("3 can be added.")
    expect(page.get_by_text("Each one added is e-mailed their invitation")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    for row, address in zip(rows.all(), ADDRESSES, strict=True):
        expect(row).to_contain_text(address)
        expect(row).to_contain_text("business · Sales")
        expect(row).to_contain_text("OK")
    assert not Invitation.objects.filter(campaign=created).exists()  # nothing before confirming
    screenshot(page, "preview")
    page.get_by_role("button", name="Add 3 respondents").click()
    expect(heading(page)).to_have_text("Respondents")
    expect(page.get_by_text("Added 3 respondents.")).to_be_visible()
    # Eager Celery (as under `make run`): the e-mails went out right after the request committed.
    expect(page.get_by_text("3 invitation e-mails are on their way")).to_be_visible()
    expect(page.get_by_role("heading", name="Invited (3)")).to_be_visible()
    assert sorted(m.to[0] for m in mailoutbox) == ADDRESSES
    screenshot(page, "respondents")

    # 4. Copy a personal link. E-mailed links are no longer shown (issue #13), so Ben's has no
    #    "Copy link"; a respondent added without an address does. The button fetches the link
    #    through the audited reveal endpoint: the clipboard holds the absolute /r/<token>/ URL.
    ben = Invitation.objects.get(campaign=created, email=ADDRESSES[1])
    expect(page.locator(f"[data-reveal-target='link-{ben.pk}']")).to_have_count(0)
    pending = invitation_create(campaign=created, side="business", department="Sales")
    page.reload()
    row = page.locator(".list-group-item").filter(has_text="link only")
    # Found by its form, not its name: the name changes to "Copied" on click.
    button = row.locator(f"[data-reveal-target='link-{pending.pk}'] button")
    expect(button).to_have_text("Copy link")
    button.click()
    expect(button).to_have_text("Copied")
    link = row.get_by_label("Personal link of this respondent").input_value()
    assert link == f"{live_server.url}/r/{pending.token}/"
    assert page.evaluate("navigator.clipboard.readText()") == link

    # 5. The link, pasted into a browser of its own (no session), opens the welcome page.
    respondent = new_context().new_page()
    response = respondent.goto(link)
    assert response is not None and response.status == 200
    expect(heading(respondent)).to_have_text("How well do business and IT work together?")
    expect(respondent.get_by_role("button", name="Start")).to_be_visible()

    # 6. The demo campaign's dashboard: response rates, charts drawn, quick wins.
    page.get_by_role("link", name=DEMO_ORG[0]).click()
    campaign_card(page, demo.campaign.name).get_by_role("link", name="Dashboard").click()
    expect(heading(page)).to_have_text(demo.campaign.name)
    rates = page.locator("section").filter(has=page.get_by_role("heading", name="Response rate"))
    for side, label in (("business", "Business"), ("it", "IT")):
        invitations = Invitation.objects.filter(campaign=demo.campaign, side=side)
        invited, submitted = invitations.count(), invitations.filter(state=Invitation.State.SUBMITTED).count()
        assert 0 < submitted < invited
        expect(rates.get_by_role("img", name=f"{label}: {submitted} of {invited} submitted")).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#main .chart-box')].every(b => b.querySelector('svg'))"
    )
    charts = page.evaluate(CHARTS_DRAWN)
    assert {chart["id"] for chart in charts} >= {"chart-behaviours", "chart-practices"}
    for chart in charts:
        assert chart["svg"] == 1 and chart["marks"] > 0, chart
    recommendations = page.locator("section").filter(has=page.get_by_role("heading", name="Recommendations"))
    expect(recommendations.get_by_text("Quick win").first).to_be_visible()
    expect(recommendations).to_contain_text(re.compile(r"[1-9]\d* quick wins?: low effort, waiting for nothing"))
    # The appendix stays folded until asked for; the method's notes are on the page.
    more = recommendations.locator("details")
    if more.count():
        expect(more.locator("li").first).to_be_hidden()
        more.locator("summary").click()
        expect(more.locator("li").first).to_be_visible()
    expect(page.get_by_role("heading", name="How to read these figures")).to_be_visible()
    expect(page.get_by_role("heading", name="What works")).to_be_visible()
    screenshot(page, "dashboard")


def test_it_lets_a_consultant_download_a_clients_pdf_report(
    live_server, page: Page, demo_accounts, eager_celery, settings, tmp_path, screenshot
):
    settings.MEDIA_ROOT = tmp_path / "media"
    fjordline = Organisation.objects.get(slug=SECOND_ORG[1])
    now = timezone.now()
    client_campaign = campaign_create(
        organisation=fjordline,
        instrument=demo_accounts.campaign.instrument,
        name="Fjordline baseline",
        status="open",
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=10),
    )
    _seed_responses(campaign=client_campaign, count=12, rng=random.Random(7))

    # Two organisations: the login lands on every client's campaigns.
    log_in(page, live_server.url, "consultant", PASSWORD)
    expect(heading(page)).to_have_text("All clients' campaigns")
    switcher = page.get_by_role("button", name="Switch organisation")
    expect(switcher).to_contain_text("All clients")
    switcher.click()
    page.locator(".nav-workspace").get_by_role("link", name=SECOND_ORG[0]).click()
    expect(page).to_have_url(f"{live_server.url}/o/{SECOND_ORG[1]}/")
    expect(switcher).to_contain_text(SECOND_ORG[0])
    expect(campaign_card(page, demo_accounts.campaign.name)).to_have_count(0)

    campaign_card(page, "Fjordline baseline").get_by_role("link", name="Fjordline baseline").click()
    expect(heading(page)).to_have_text("Fjordline baseline")
    # The click waits for the answer to the POST, which renders the PDF first (eager Celery): as
    # long as the download link below may take, not the 10 s of an ordinary action.
    page.get_by_role("button", name="Download PDF gap report").click(timeout=30_000)

    # The progress page: it follows the report until the download link appears.
    expect(heading(page)).to_have_text("PDF gap report")
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    download_link = page.get_by_role("link", name="Download PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    expect(page.locator('[data-role="status"]')).to_have_text("Ready")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    screenshot(page, "report")

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.startswith(f"brm-gap-report-{SECOND_ORG[1]}-fjordline-baseline-")
    assert download.suggested_filename.endswith(".pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert SECOND_ORG[0] in text
    assert "Fjordline baseline" in text
    assert DEMO_ORG[0] not in text


def test_it_shows_a_stranger_the_not_found_page_for_another_organisations_dashboard(
    live_server, page: Page, demo_accounts, charlie, other_org, screenshot
):
    dashboard_url = f"{live_server.url}/campaigns/{demo_accounts.campaign.pk}/"
    log_in(page, live_server.url, "charlie", "password")
    expect(page).to_have_url(f"{live_server.url}/o/{other_org.slug}/")
    expect(heading(page)).to_have_text("Campaigns")

    response = page.goto(dashboard_url)
    assert response is not None and response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    # Nothing on the page reveals that the campaign or its organisation exists.
    body = page.locator("body")
    expect(body).not_to_contain_text(demo_accounts.campaign.name)
    expect(body).not_to_contain_text(DEMO_ORG[0])
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("charlie")
    screenshot(page)
