"""Uploads in the workspace: answers collected offline, and instrument versions (admins only)."""

from __future__ import annotations

import copy
import io
import json

import pytest
import yaml
from django.urls import reverse

from accounts.models import Membership
from assessments.content import read_content
from assessments.models import Instrument, Response
from tests.helpers import answers_csv, responses_upload_url

pytestmark = pytest.mark.django_db


# --- answers (the import itself: test_uploads_imports.py) ---------------------------------------


def test_it_rejects_other_file_types(client, alice, campaign):
    client.force_login(alice)
    upload = io.BytesIO(b"side\n")
    upload.name = "answers.txt"
    r = client.post(responses_upload_url(campaign), {"file": upload})
    assert "Upload a .csv or .xlsx file." in r.content.decode()


def test_it_checks_access_to_the_answers_upload(client, bob, charlie, campaign):
    client.force_login(charlie)
    assert client.get(responses_upload_url(campaign)).status_code == 404
    assert client.post(responses_upload_url(campaign), {"file": answers_csv(campaign, [])}).status_code == 404
    client.force_login(bob)
    assert client.get(responses_upload_url(campaign)).status_code == 403
    upload = answers_csv(campaign, [("business", "", "3")])
    assert client.post(responses_upload_url(campaign), {"file": upload}).status_code == 403
    assert not Response.objects.exists()


# --- instrument versions -------------------------------------------------------------------------


def _instrument_file(version: str = "2099.1", *, fmt: str = "yaml", mutate=None) -> io.BytesIO:
    content = copy.deepcopy(read_content())
    data = {"overview": content["overview"], "instruments": content["instruments"]}
    data["overview"]["version"] = version
    for doc in data["instruments"].values():
        doc["version"] = version
    if mutate:
        mutate(data)
    text = json.dumps(data) if fmt == "json" else yaml.safe_dump(data, allow_unicode=True)
    upload = io.BytesIO(text.encode())
    upload.name = f"instrument.{fmt}"
    return upload


def _instrument_url(org) -> str:
    return reverse("manage:instrument_upload", args=[org.slug])


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_it_adds_an_instrument_version(client, alice, org, instrument, fmt):
    client.force_login(alice)
    r = client.post(_instrument_url(org), {"file": _instrument_file(fmt=fmt)}, follow=True)
    added = Instrument.objects.get(version="2099.1")
    assert "Instrument version 2099.1 added" in r.content.decode()
    assert added.items.count() == instrument.items.count()
    assert added.organisation == org
    # The same hash as read_content gives for the same content.
    assert len(added.content_hash) == 64
    # The organisation may choose it; the default stays the bundled current version.
    r = client.get(reverse("manage:campaign_create", args=[org.slug]))
    assert added in r.context["form"].fields["instrument"].queryset
    assert r.context["form"].initial["instrument"] == instrument


def test_it_hashes_uploaded_content_like_read_content(client, alice, org, instrument):
    from assessments.content import content_prepare

    content = read_content()
    again = content_prepare(
        instruments=content["instruments"], overview=content["overview"], open_questions=content["open_questions"]
    )
    assert again["hash"] == content["hash"] == instrument.content_hash


def test_it_refuses_an_existing_version(client, alice, org, instrument):
    client.force_login(alice)
    r = client.post(_instrument_url(org), {"file": _instrument_file(version=instrument.version)})
    assert f"Instrument version {instrument.version} is a version bundled with the portal" in r.content.decode()
    assert Instrument.objects.count() == 1
    client.post(_instrument_url(org), {"file": _instrument_file(version="2099.1")})
    r = client.post(_instrument_url(org), {"file": _instrument_file(version="2099.1")})
    assert "Instrument version 2099.1 already exists" in r.content.decode()
    assert Instrument.objects.count() == 2


def test_it_lists_content_errors(client, alice, org, instrument):
    def break_it(data):
        data["overview"]["weights"]["trust"] = 0.9
        data["instruments"]["trust"]["sections"][0]["items"][0]["effort"] = "huge"

    client.force_login(alice)
    r = client.post(_instrument_url(org), {"file": _instrument_file(mutate=break_it)})
    html = r.content.decode()
    assert "weights must add up to 1" in html
    assert "effort must be low, medium or high" in html
    assert Instrument.objects.count() == 1


@pytest.mark.parametrize(
    "text",
    [b"- just\n- a list\n", b"overview: 1\ninstruments: 2\n", b"a: &a [1]\nb: *a\n", b"{not yaml: [", b"\xff\xfe"],
)
def test_it_rejects_files_of_the_wrong_shape(client, alice, org, instrument, text):
    upload = io.BytesIO(text)
    upload.name = "bad.yaml"
    client.force_login(alice)
    r = client.post(_instrument_url(org), {"file": upload})
    assert r.status_code == 200
    assert r.context["form"].errors["file"]
    assert Instrument.objects.count() == 1


def test_it_rejects_malformed_sections(client, alice, org, instrument):
    def break_it(data):
        data["instruments"]["trust"]["sections"][0]["items"] = "not a list"

    client.force_login(alice)
    r = client.post(_instrument_url(org), {"file": _instrument_file(mutate=break_it)})
    assert r.context["form"].errors["file"]
    assert Instrument.objects.count() == 1


@pytest.mark.parametrize("role", ["brm", "consultant", "viewer"])
def test_it_allows_instrument_upload_to_admins_only(client, django_user_model, org, instrument, role):
    user = django_user_model.objects.create_user(username=role, password="password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    assert client.get(_instrument_url(org)).status_code == 403
    assert client.post(_instrument_url(org), {"file": _instrument_file()}).status_code == 403
    assert Instrument.objects.count() == 1


def test_it_checks_access_to_the_instrument_upload(client, charlie, org, instrument):
    client.force_login(charlie)
    assert client.get(_instrument_url(org)).status_code == 404
    assert client.post(_instrument_url(org), {"file": _instrument_file()}).status_code == 404
    assert Instrument.objects.count() == 1
