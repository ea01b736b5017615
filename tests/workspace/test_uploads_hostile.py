"""Every upload refuses a hostile file at once, with a clear message and nothing stored (issue #15):
answers files, invitation lists and instrument files; and the request limits are set."""

from __future__ import annotations

import io
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings
from django.urls import reverse

from assessments.import_jobs import ImportJob
from assessments.models import Instrument, Invitation
from tests import hostile_files as hostile
from tests.helpers import responses_upload_url

pytestmark = pytest.mark.django_db

SECONDS = 2.0


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _file(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_it_refuses_a_zip_bomb_of_answers_before_storing_it(client, alice, campaign, media):
    bomb = _file(hostile.cells_bomb(), "answers.xlsx")
    client.force_login(alice)
    start = time.monotonic()
    r = client.post(responses_upload_url(campaign), {"file": bomb})
    assert time.monotonic() - start < SECONDS
    assert r.status_code == 200
    assert "unzips to more than 100 times its size" in str(r.context["form"].errors["file"])
    assert not ImportJob.objects.exists()
    assert not list(media.rglob("*.*"))


def test_it_refuses_a_zip_bomb_of_invitations(client, alice, campaign):
    bomb = _file(hostile.shared_strings_bomb(), "people.xlsx")
    client.force_login(alice)
    start = time.monotonic()
    r = client.post(reverse("manage:invitation_add", args=[campaign.pk]), {"source": "upload", "upload-file": bomb})
    elapsed = time.monotonic() - start
    assert r.status_code == 400
    # Its 4 million texts unzip past what a list of 10,000 people may (30 MB): the first check says so.
    assert "too large once uncompressed" in str(r.context["upload_form"].errors["file"])
    assert elapsed < SECONDS
    assert not Invitation.objects.exists()


def test_it_caps_an_invitation_list_tighter_than_an_answers_file(client, alice, campaign):
    # 300,000 cells is a fine answers file, but read in the request for at most 10,000 people.
    wide = _file(hostile.workbook(hostile.varied_rows(3_000, 100)), "people.xlsx")
    client.force_login(alice)
    r = client.post(reverse("manage:invitation_add", args=[campaign.pk]), {"source": "upload", "upload-file": wide})
    assert r.status_code == 400
    assert "more than 200,020 cells" in str(r.context["upload_form"].errors["file"])


def test_it_refuses_an_answers_file_over_the_upload_limit(client, alice, campaign, media, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(alice)
    big = _file(b"side,department\n" + b"business,\n" * 120_000, "answers.csv")
    r = client.post(responses_upload_url(campaign), {"file": big})
    assert r.context["form"].errors["file"] == ["The file is larger than 1 MB: split it into smaller files."]
    assert not ImportJob.objects.exists()


INSTRUMENT_BOMBS = {
    "flow": ("[" * 2_000_000, "nests lists or mappings more than 32 levels deep (line 1)"),
    "block": ("".join(" " * i + f"k{i}:\n" for i in range(1_500)), "more than 32 levels deep (line 33)"),
    "laughs": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        "uses a YAML alias (*name, line 2)",
    ),
    "many": ("".join(f"k{i}: v\n" for i in range(150_000)), "holds more than 50000 values"),
}


@pytest.mark.parametrize("name", INSTRUMENT_BOMBS)
def test_it_refuses_a_hostile_instrument_file_quickly_and_clearly(client, alice, org, instrument, name):
    text, expected = INSTRUMENT_BOMBS[name]
    client.force_login(alice)
    tracemalloc.start()
    start = time.monotonic()
    try:
        r = client.post(reverse("manage:instrument_upload", args=[org.slug]), {"file": _file(text.encode(), "v.yaml")})
        assert time.monotonic() - start < SECONDS
        assert tracemalloc.get_traced_memory()[1] < 200 * 1024 * 1024
    finally:
        tracemalloc.stop()
    assert r.status_code == 200
    assert expected in " ".join(r.context["form"].errors["file"])
    assert Instrument.objects.count() == 1


def test_it_refuses_deep_json_with_the_same_message(client, alice, org, instrument):
    client.force_login(alice)
    r = client.post(reverse("manage:instrument_upload", args=[org.slug]), {"file": _file(b"[" * 500_000, "v.json")})
    assert "more than 32 levels deep" in " ".join(r.context["form"].errors["file"])


def test_it_limits_request_bodies_in_django_and_in_the_compose_deployment():
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert django_settings.MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FILES == 10
    compose = (Path(django_settings.BASE_DIR) / "docker-compose.yml").read_text()
    command = yaml.safe_load(compose)["services"]["web"]["command"]
    for option in ("--limit-request-line", "--limit-request-fields", "--limit-request-field_size"):
        assert option in command
    assert "client_max_body_size" in compose
