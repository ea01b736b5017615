"""manage.py api_token_create ORG_SLUG NAME: prints the key once, stores its hash."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from api.models import ApiToken, key_hash

pytestmark = pytest.mark.django_db


def _create(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token_create", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_prints_a_working_key_once(client_for, org, alice, campaign):
    key, message = _create("acme", "Power BI", "--created-by", "alice")
    token = ApiToken.objects.get()
    assert (token.organisation, token.name, token.created_by) == (org, "Power BI", alice)
    assert token.key_hash == key_hash(key)
    assert "cannot be shown again" in message and key not in message
    response = client_for(key).get(reverse("api:campaign_list"))
    assert [c["id"] for c in response.json()["results"]] == [campaign.pk]


def test_it_refuses_an_unknown_organisation_or_user(org):
    with pytest.raises(CommandError, match="No organisation"):
        _create("nope", "Power BI")
    with pytest.raises(CommandError, match="No user"):
        _create("acme", "Power BI", "--created-by", "nobody")
    with pytest.raises(CommandError):
        _create("acme", "x" * 101)
    assert not ApiToken.objects.exists()


def test_it_lets_the_admin_revoke_tokens_but_not_create_them(admin_client, client_for, org):
    key, _ = _create("acme", "Power BI")
    token = ApiToken.objects.get()
    assert admin_client.get("/admin/api/apitoken/").status_code == 200
    assert admin_client.get("/admin/api/apitoken/add/").status_code == 403
    page = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in page and key not in page and token.key_hash not in page
    admin_client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client_for(key).get(reverse("api:campaign_list")).status_code == 401
