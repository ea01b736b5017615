"""Instrument versions belong to their tenant (issue #13): bundled versions are everyone's, an
uploaded version only its organisation's; new campaigns default to the bundled current version;
uploads that are too deep or malformed get a clear form error, never a 500."""

from __future__ import annotations

import copy
import io
import json

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import Membership
from assessments.content import content_prepare, read_content
from assessments.models import Campaign, Instrument
from assessments.services.campaigns import campaign_create, campaign_update
from assessments.services.instruments import instrument_create, instrument_load

pytestmark = pytest.mark.django_db


def _content_file(version: str, *, fmt: str = "yaml") -> io.BytesIO:
    content = copy.deepcopy(read_content())
    data = {"overview": content["overview"], "instruments": content["instruments"]}
    data["overview"]["version"] = version
    for doc in data["instruments"].values():
        doc["version"] = version
    text = json.dumps(data) if fmt == "json" else yaml.safe_dump(data, allow_unicode=True)
    upload = io.BytesIO(text.encode())
    upload.name = f"instrument.{fmt}"
    return upload


def _prepared(version: str) -> dict:
    content = copy.deepcopy(read_content())
    content["overview"]["version"] = version
    for doc in content["instruments"].values():
        doc["version"] = version
    return content_prepare(instruments=content["instruments"], overview=content["overview"])


def _upload(client, org, upload):
    return client.post(reverse("manage:instrument_upload", args=[org.slug]), {"file": upload})


@pytest.fixture
def globex_admin(django_user_model, other_org):
    user = django_user_model.objects.create_user(username="gina", password="password")
    Membership.objects.create(user=user, organisation=other_org, role="admin")
    return user


def _create_form(client, org):
    return client.get(reverse("manage:campaign_create", args=[org.slug])).context["form"]


def _defaults(form) -> dict:
    """What a browser posts when the user only types a name: every field's initial value."""
    data = {"name": "Defaults round"}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if name == "name" or value in (None, "", False, []):
            continue
        if name == "instrument":
            value = value.pk
        elif name == "show_summary":
            value = "on"
        data[name] = value
    return data


def test_it_keeps_an_upload_to_its_own_organisation(client, alice, globex_admin, org, other_org, instrument):
    client.force_login(alice)
    assert _upload(client, org, _content_file("2099.1")).status_code == 302
    uploaded = Instrument.objects.get(version="2099.1")
    assert uploaded.organisation == org

    # Org A may choose it, but its default stays the bundled current version.
    form = _create_form(client, org)
    assert uploaded in form.fields["instrument"].queryset
    assert form.initial["instrument"] == instrument

    client.force_login(globex_admin)
    form = _create_form(client, other_org)
    assert uploaded not in form.fields["instrument"].queryset  # not visible
    assert form.initial["instrument"] == instrument  # not the default
    upload_page = client.get(reverse("manage:instrument_upload", args=[other_org.slug])).content.decode()
    assert "2099.1" not in upload_page
    assert instrument.version in upload_page

    # Not selectable, even by a forged POST.
    forged = {**_defaults(form), "name": "Forged", "instrument": uploaded.pk}
    r = client.post(reverse("manage:campaign_create", args=[other_org.slug]), forged)
    assert r.status_code == 200 and r.context["form"].errors["instrument"]
    assert not Campaign.objects.filter(name="Forged").exists()

    # The form's defaults give the bundled version.
    r = client.post(reverse("manage:campaign_create", args=[other_org.slug]), _defaults(form))
    assert r.status_code == 302
    created = Campaign.objects.get(organisation=other_org, name="Defaults round")
    assert created.instrument == instrument and created.instrument.organisation is None


def test_it_defaults_to_the_bundled_current_version_not_the_newest(client, alice, org, instrument):
    newer = instrument_load(content=_prepared("2000.1"))  # bundled, added later, not the repository's
    assert newer.created_at > instrument.created_at
    client.force_login(alice)
    assert _create_form(client, org).initial["instrument"] == instrument


def test_it_lets_two_organisations_upload_the_same_version(client, alice, globex_admin, org, other_org, instrument):
    client.force_login(alice)
    _upload(client, org, _content_file("2099.1"))
    client.force_login(globex_admin)
    r = _upload(client, other_org, _content_file("2099.1", fmt="json"))
    assert r.status_code == 302
    assert sorted(Instrument.objects.filter(version="2099.1").values_list("organisation__slug", flat=True)) == [
        "acme",
        "globex",
    ]


def test_it_refuses_the_version_string_of_a_bundled_version(client, alice, org, instrument):
    client.force_login(alice)
    r = _upload(client, org, _content_file(instrument.version))
    assert r.status_code == 200
    assert "is a version bundled with the portal" in r.context["form"].errors["file"][0]
    with pytest.raises(Exception, match="bundled"):
        instrument_create(content=_prepared(instrument.version), organisation=org)
    assert Instrument.objects.count() == 1


def test_it_refuses_another_tenants_instrument_in_the_services(org, other_org, instrument):
    theirs = instrument_create(content=_prepared("2099.2"), organisation=other_org)
    with pytest.raises(ValidationError, match="instrument version of this organisation"):
        campaign_create(organisation=org, instrument=theirs, name="Borrowed")
    ours = campaign_create(organisation=org, instrument=instrument, name="Ours")
    fields = {
        "name": ours.name,
        "opens_at": None,
        "closes_at": None,
        "anonymity_threshold": 3,
        "departments": [],
        "practice_form": ours.practice_form,
        "show_summary": True,
    }
    with pytest.raises(ValidationError, match="instrument version of this organisation"):
        campaign_update(campaign=ours, instrument=theirs, **fields)
    own = instrument_create(content=_prepared("2099.3"), organisation=org)
    assert campaign_update(campaign=ours, instrument=own, **fields).instrument == own


def test_it_lists_an_organisations_version_in_instrument_items(org, instrument):
    instrument_create(content=_prepared("2099.4"), organisation=org)
    out = io.StringIO()
    call_command("instrument_items", "--version", "2099.4", "--organisation", org.slug, "--json", stdout=out)
    assert json.loads(out.getvalue())
    with pytest.raises(CommandError, match="No instrument version"):
        call_command("instrument_items", "--version", "2099.4", "--json", stdout=io.StringIO())  # not bundled


# --- uploads that are not content files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("nested.yaml", "[" * 10_000 + "]" * 10_000),
        ("nested.json", "[" * 10_000 + "]" * 10_000),
        ("nested-mapping.yaml", "overview: " + "{a: " * 200 + "1" + "}" * 200 + "\ninstruments: {}\n"),
        (
            "deep.json",
            json.dumps(
                {
                    "overview": {},
                    "instruments": {"trust": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},
                }
            ),
        ),
    ],
)
def test_it_refuses_deeply_nested_files_with_a_clear_message(client, alice, org, instrument, name, text):
    upload = io.BytesIO(text.encode())
    upload.name = name
    client.force_login(alice)
    r = _upload(client, org, upload)
    assert r.status_code == 200
    [message] = r.context["form"].errors["file"]
    assert "levels deep" in message
    assert Instrument.objects.count() == 1


@pytest.mark.parametrize(
    "text",
    [
        "overview: {version: '2099.5'}\ninstruments: {relationship: [1, 2], behaviour: 3, practice: x, trust: null}\n",
        "overview: [1, 2]\ninstruments: {}\n",
        "overview: {version: 2099.5}\ninstruments:\n  relationship: {sections: 7}\n",
        "\tbad: [indent\n",
    ],
)
def test_it_refuses_malformed_files_with_a_clear_message(client, alice, org, instrument, text):
    upload = io.BytesIO(text.encode())
    upload.name = "broken.yaml"
    client.force_login(alice)
    r = _upload(client, org, upload)
    assert r.status_code == 200
    assert r.context["form"].errors["file"]
    assert Instrument.objects.count() == 1
