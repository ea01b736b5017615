"""API tokens in the workspace (issue #15): organisation admins create and revoke them; the key is
shown once and stored hashed; every creation and revocation is in the audit log."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from api.models import ApiToken, key_hash
from api.services import api_token_create

pytestmark = pytest.mark.django_db

LIST = reverse("manage:api_token_list", args=["acme"])
CREATE = reverse("manage:api_token_create", args=["acme"])


def _revoke_url(token: ApiToken, slug: str = "acme") -> str:
    return reverse("manage:api_token_revoke", args=[slug, token.pk])


def _events(event: str) -> list[LogEntry]:
    return list(LogEntry.objects.filter(additional_data__event=event).order_by("pk"))


@pytest.fixture
def token(org):
    return api_token_create(organisation=org, name="Power BI")[0]


@pytest.fixture
def brm_user(django_user_model, org):
    user = django_user_model.objects.create_user(username="dana", password="password")
    Membership.objects.create(user=user, organisation=org, role="brm")
    return user


def test_it_checks_access(client, alice, bob, charlie, brm_user, token):
    urls = [("get", LIST), ("post", CREATE), ("post", _revoke_url(token))]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302, url  # to the login page
    client.force_login(charlie)  # another organisation: nothing here exists for them
    for method, url in urls:
        assert getattr(client, method)(url, {"name": "x"}).status_code == 404, url
    for user in (bob, brm_user):  # members without the admin role
        client.force_login(user)
        for method, url in urls:
            assert getattr(client, method)(url, {"name": "x"}).status_code == 403, (user, url)
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_rejects_get(client, alice, token):
    client.force_login(alice)
    assert client.get(CREATE).status_code == 405
    assert client.get(_revoke_url(token)).status_code == 405


def test_it_shows_a_new_key_once_and_stores_only_its_hash(client, alice, org, campaign):
    client.force_login(alice)
    r = client.post(CREATE, {"name": "  Data warehouse "})
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    new = ApiToken.objects.get()
    key = r.context["new_key"]
    assert (new.name, new.organisation, new.created_by) == ("Data warehouse", org, alice)
    assert new.key_hash == key_hash(key) and key.startswith(new.prefix)
    page = r.content.decode()
    assert key in page and "Copy the key now" in page

    # The key works at once, and is never shown again.
    api = client.get(reverse("api:campaign_list"), HTTP_AUTHORIZATION=f"Bearer {key}")
    assert [c["id"] for c in api.json()["results"]] == [campaign.pk]
    again = client.get(LIST).content.decode()
    assert key not in again and new.prefix in again and "Data warehouse" in again

    [entry] = _events("api_token_create")
    assert entry.actor == alice and entry.additional_data["organisation"] == org.pk
    assert entry.additional_data["name"] == "Data warehouse" and key not in str(entry.additional_data)
    audit_page = client.get(reverse("manage:audit_log", args=["acme"])).content.decode()
    assert "Created an API token" in audit_page


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_it_refuses_a_missing_or_too_long_name(client, alice, name):
    client.force_login(alice)
    r = client.post(CREATE, {"name": name})
    assert r.status_code == 400
    assert r.context["form"].errors["name"]
    assert not ApiToken.objects.exists() and not _events("api_token_create")


def test_it_revokes_a_token_once(client, alice, token):
    key_client = api_token_create(organisation=token.organisation, name="Other")[1]
    client.force_login(alice)
    r = client.post(_revoke_url(token), follow=True)
    assert r.redirect_chain == [(LIST, 302)]
    assert "is revoked" in r.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    first = token.revoked_at

    r = client.post(_revoke_url(token), follow=True)
    assert "already revoked" in r.content.decode()
    token.refresh_from_db()
    assert token.revoked_at == first
    [entry] = _events("api_token_revoke")
    assert entry.actor == alice and entry.additional_data["name"] == "Power BI"
    # The other token still works.
    assert client.get(reverse("api:campaign_list"), HTTP_AUTHORIZATION=f"Bearer {key_client}").status_code == 200


def test_it_answers_404_for_another_organisations_token(client, alice, other_org):
    theirs = api_token_create(organisation=other_org, name="Globex BI")[0]
    client.force_login(alice)
    assert client.post(_revoke_url(theirs)).status_code == 404  # through alice's organisation
    assert client.post(_revoke_url(theirs, "globex")).status_code == 404  # alice is no member there
    assert client.post(reverse("manage:api_token_revoke", args=["acme", 999999])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert "Globex BI" not in client.get(LIST).content.decode()


def test_it_lists_any_number_of_tokens_in_the_same_number_of_queries(client, alice, org):
    client.force_login(alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST).status_code == 200
        return len(context)

    api_token_create(organisation=org, name="one", created_by=alice)
    few = queries()
    for n in range(8):
        token = api_token_create(organisation=org, name=f"t{n}", created_by=alice)[0]
    from api.services import api_token_revoke

    api_token_revoke(token=token)
    assert queries() == few


def test_it_links_the_page_for_admins_only(client, alice, bob):
    client.force_login(alice)
    assert LIST in client.get(reverse("manage:campaign_list", args=["acme"])).content.decode()
    client.force_login(bob)
    assert LIST not in client.get(reverse("manage:campaign_list", args=["acme"])).content.decode()


def test_it_logs_tokens_made_or_revoked_elsewhere(admin_client, org):
    from io import StringIO

    from django.core.management import call_command

    call_command("api_token_create", "acme", "Script", stdout=StringIO(), stderr=StringIO())
    made = ApiToken.objects.get()
    admin_client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [made.pk]})
    [created] = _events("api_token_create")
    [revoked] = _events("api_token_revoke")
    assert created.actor is None  # a command run on the server
    assert revoked.actor == get_user_model().objects.get(username="admin")
