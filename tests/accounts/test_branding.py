"""The organisation's report branding (issue #18): consultancy name and logo, set by its admins,
the logo treated as hostile input; and the campaign's foreword in the campaign form."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from accounts.logos import LOGO_MAX_BYTES, LOGO_STORED_SIDE
from accounts.models import Branding
from assessments.audit import AuditEvent
from assessments.models import Campaign

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _url(org) -> str:
    return reverse("manage:organisation_settings", args=[org.slug])


def _png(size=(64, 32), color=(11, 61, 145, 255), *, text: dict[str, str] | None = None) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGBA", size, color).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _jpeg(size=(80, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG", quality=90)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png_bomb(side: int = 50_000) -> bytes:
    """A valid PNG of side × side one-bit pixels: all zeros, so it compresses to a few KB while
    decoding it would take side² bits (312 MB at 50,000 px a side)."""
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + side // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def _post(client, org, *, name="Nordic BRM Advisers", logo: bytes | None = None, filename="logo.png", **extra):
    data: dict = {"consultancy_name": name, **extra}
    if logo is not None:
        data["logo"] = SimpleUploadedFile(filename, logo, content_type="image/png")
    return client.post(_url(org), data)


def _branding(org) -> Branding | None:
    return Branding.objects.filter(organisation=org).first()


# --- access ---------------------------------------------------------------------------------


def test_it_checks_access(client, org, alice, bob, charlie):
    client.force_login(charlie)
    assert client.get(_url(org)).status_code == 404
    assert _post(client, org, logo=_png()).status_code == 404
    client.force_login(bob)
    assert client.get(_url(org)).status_code == 403
    assert _post(client, org, logo=_png()).status_code == 403
    assert _branding(org) is None
    client.force_login(alice)
    assert client.get(_url(org)).status_code == 200


@pytest.mark.parametrize("role", ["brm", "consultant", "viewer"])
def test_it_is_for_admins_only(client, org, django_user_model, role):
    from accounts.models import Membership

    user = django_user_model.objects.create_user(username=f"u-{role}", password="password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    assert client.get(_url(org)).status_code == 403


def test_it_sends_strangers_to_the_login_page(client, org):
    r = client.get(_url(org))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_it_needs_the_csrf_token(org, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert _post(client, org, logo=_png()).status_code == 403
    assert _branding(org) is None


def test_it_links_the_page_for_admins_only(client, org, alice, bob):
    client.force_login(alice)
    assert _url(org) in client.get(reverse("manage:campaign_list", args=[org.slug])).content.decode()
    client.force_login(bob)
    assert _url(org) not in client.get(reverse("manage:campaign_list", args=[org.slug])).content.decode()


# --- accepted uploads -------------------------------------------------------------------------


def test_it_stores_the_name_and_a_png_logo_encoded_anew_and_audits_it(client, org, alice):
    client.force_login(alice)
    original = _png(text={"Comment": "secret-metadata-marker"})
    r = _post(client, org, logo=original)
    assert r.status_code == 302
    branding = _branding(org)
    assert branding is not None and branding.consultancy_name == "Nordic BRM Advisers"
    stored = bytes(branding.logo_png)
    assert stored.startswith(PNG_SIGNATURE) and b"secret-metadata-marker" not in stored
    assert (branding.logo_width, branding.logo_height) == (64, 32)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (64, 32) and image.getpixel((5, 5)) == (11, 61, 145, 255)
    [entry] = LogEntry.objects.filter(additional_data__event=AuditEvent.BRANDING_CHANGE)
    assert entry.actor == alice and entry.additional_data["organisation"] == org.pk
    assert entry.additional_data["consultancy_name"] == "– → Nordic BRM Advisers"
    assert entry.additional_data["logo"].startswith("64×32 px, sha256 ")
    # The audit page shows it to the organisation's admins.
    page = client.get(reverse("manage:audit_log", args=[org.slug])).content.decode()
    assert "Changed the reports&#x27; consultancy name or logo" in page
    # The settings page shows the stored logo, as the data: URI the CSP allows.
    assert branding.logo_data_uri in client.get(_url(org)).content.decode()


def test_it_converts_a_jpeg_with_a_payload_glued_on_to_a_clean_png(client, org, alice):
    client.force_login(alice)
    polyglot = _jpeg() + b"PK\x03\x04<script>alert('x')</script>" * 20
    assert _post(client, org, logo=polyglot, filename="logo.jpg").status_code == 302
    stored = bytes(_branding(org).logo_png)
    assert stored.startswith(PNG_SIGNATURE) and b"<script>" not in stored and b"PK\x03\x04" not in stored


def test_it_shrinks_a_large_logo_to_the_stored_size(client, org, alice):
    client.force_login(alice)
    assert _post(client, org, logo=_png(size=(1800, 900))).status_code == 302
    branding = _branding(org)
    assert (branding.logo_width, branding.logo_height) == (LOGO_STORED_SIDE, LOGO_STORED_SIDE // 2)


def test_it_keeps_the_logo_when_only_the_name_changes_and_removes_it_on_request(client, org, alice):
    client.force_login(alice)
    _post(client, org, logo=_png())
    logo = bytes(_branding(org).logo_png)
    assert _post(client, org, name="Renamed Advisers").status_code == 302
    branding = _branding(org)
    assert branding.consultancy_name == "Renamed Advisers" and bytes(branding.logo_png) == logo
    assert _post(client, org, name="Renamed Advisers", remove_logo="on").status_code == 302
    branding = _branding(org)
    assert not branding.has_logo and branding.logo_data_uri == "" and branding.logo_width == 0
    events = LogEntry.objects.filter(additional_data__event=AuditEvent.BRANDING_CHANGE).order_by("pk")
    assert [e.additional_data.get("logo") for e in events][-1] == "removed"
    # Saving again without a change writes no entry.
    _post(client, org, name="Renamed Advisers")
    assert LogEntry.objects.filter(additional_data__event=AuditEvent.BRANDING_CHANGE).count() == events.count()


# --- refused uploads --------------------------------------------------------------------------


def _refused(client, org, logo: bytes, filename: str = "logo.png") -> str:
    r = _post(client, org, logo=logo, filename=filename)
    assert r.status_code == 400
    assert _branding(org) is None
    return r.content.decode()


def test_it_refuses_an_oversized_file_before_reading_it(client, org, alice):
    client.force_login(alice)
    page = _refused(client, org, b"\x89PNG" + b"\x00" * LOGO_MAX_BYTES)
    assert "larger than 512 KB" in page


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        pytest.param(b"GIF89a" + b"\x00" * 64, "logo.gif", id="gif"),
        pytest.param(PNG_SIGNATURE + b"garbage, not chunks" * 10, "logo.png", id="fake-png-header"),
        pytest.param(_png()[:60], "logo.png", id="truncated-png"),
        pytest.param(b"%PDF-1.7\n", "logo.png", id="pdf-named-png"),
        pytest.param(b"", "logo.png", id="empty"),
    ],
)
def test_it_refuses_what_is_not_a_png_or_jpeg(client, org, alice, content, filename):
    client.force_login(alice)
    page = _refused(client, org, content, filename)
    assert "not a PNG or JPEG image" in page or "file is empty" in page


def test_it_refuses_a_corrupt_png_with_a_valid_header(client, org, alice):
    client.force_login(alice)
    good = _png(size=(40, 40))
    # Flip bytes inside the IDAT chunk: the header still reads, the checksum no longer matches.
    at = good.index(b"IDAT") + 10
    corrupt = good[:at] + bytes(b ^ 0xFF for b in good[at : at + 8]) + good[at + 8 :]
    assert "not a PNG or JPEG image" in _refused(client, org, corrupt)


def test_it_refuses_an_svg(client, org, alice):
    client.force_login(alice)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><image href="http://example.com/x"/></svg>'
    assert "not a PNG or JPEG image" in _refused(client, org, svg, "logo.svg")


def test_it_refuses_a_decompression_bomb_without_decoding_it(client, org, alice):
    bomb = _png_bomb()
    assert len(bomb) < LOGO_MAX_BYTES  # small on disk: only the header gives it away
    client.force_login(alice)
    started = time.perf_counter()
    page = _refused(client, org, bomb)
    assert time.perf_counter() - started < 2
    assert "at most 2000 × 2000" in page


def test_it_refuses_more_pixels_than_allowed(client, org, alice):
    client.force_login(alice)
    assert "2100 × 10 pixels; at most 2000 × 2000" in _refused(client, org, _png(size=(2100, 10)))
    # Under Pillow's own bomb limit, but past ours: refused from the header too.
    assert "3000 × 3000 pixels" in _refused(client, org, _png_bomb(3000))


def test_it_limits_the_consultancy_name(client, org, alice):
    client.force_login(alice)
    r = _post(client, org, name="x" * 121)
    assert r.status_code == 400 and _branding(org) is None


# --- the campaign's foreword ------------------------------------------------------------------


def _campaign_data(campaign: Campaign, **overrides) -> dict:
    data = {
        "name": campaign.name,
        "instrument": campaign.instrument_id,
        "anonymity_threshold": str(campaign.anonymity_threshold),
        "departments": "\n".join(campaign.departments),
        "practice_form": campaign.practice_form,
        "language": campaign.language,
    }
    data.update(overrides)
    return data


def test_it_saves_the_foreword_from_the_campaign_form_and_audits_it(client, campaign, alice):
    client.force_login(alice)
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    text = "First paragraph.\r\n\r\nSecond <b>paragraph</b>."
    assert client.post(url, _campaign_data(campaign, foreword=text)).status_code == 302
    campaign.refresh_from_db()
    assert campaign.foreword == "First paragraph.\n\nSecond <b>paragraph</b>."
    entry = LogEntry.objects.filter(object_pk=str(campaign.pk), action=LogEntry.Action.UPDATE).latest("pk")
    assert "foreword" in entry.changes_dict
    assert "Second &lt;b&gt;paragraph&lt;/b&gt;." in client.get(url).content.decode()


def test_it_refuses_a_foreword_longer_than_the_page_holds(client, campaign, alice):
    client.force_login(alice)
    url = reverse("manage:campaign_edit", args=[campaign.pk])
    r = client.post(url, _campaign_data(campaign, foreword="x" * 2001))
    assert r.status_code == 200 and "at most 2000 fit" in r.content.decode()
    campaign.refresh_from_db()
    assert campaign.foreword == ""
    # 2,000 characters with line breaks sent as CRLF still fit: each counts once.
    fits = ("y" * 99 + "\r\n") * 20
    assert client.post(url, _campaign_data(campaign, foreword=fits)).status_code == 302
    campaign.refresh_from_db()
    assert len(campaign.foreword) == 1999
