"""Log in, log out, where a user lands, and password reset by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership
from assessments.outbox import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_it_logs_in_and_lands_on_the_organisation(client, alice, org):
    r = client.post(reverse("login"), {"username": "alice", "password": "password"}, follow=True)
    assert r.redirect_chain == [("/", 302), (reverse("manage:campaign_list", args=[org.slug]), 302)]
    assert r.status_code == 200
    assert r.context["organisation"] == org


def test_it_follows_next_after_login(client, alice, org):
    target = reverse("manage:campaign_create", args=[org.slug])
    r = client.get(target)
    assert r.status_code == 302
    r = client.post(r.url, {"username": "alice", "password": "password", "next": target})
    assert r.url == target


def test_it_refuses_a_wrong_password(client, alice):
    r = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert r.status_code == 200
    assert r.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_it_sends_a_consultant_with_several_clients_to_all_campaigns(client, alice, org, other_org):
    Membership.objects.create(user=alice, organisation=other_org, role="consultant")
    client.force_login(alice)
    r = client.get("/")
    assert r.url == reverse("manage:workspace")


def test_it_shows_a_friendly_page_to_users_without_organisation(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="eve", password="password"))
    r = client.get("/")
    assert r.status_code == 200
    assert b"not linked to an organisation" in r.content


def test_it_shows_the_landing_page_to_anonymous_users(client):
    r = client.get("/")
    assert r.status_code == 200
    assert reverse("login").encode() in r.content


def test_it_logs_out_with_post(client, alice):
    client.force_login(alice)
    r = client.post(reverse("logout"))
    assert r.status_code == 302
    assert r.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_it_links_to_password_reset_from_login(client):
    r = client.get(reverse("login"))
    assert reverse("password_reset").encode() in r.content


def test_it_sends_no_reset_email_to_unknown_addresses(client, alice):
    # The whole reset, e-mail and new password: tests/accounts/test_password_reset.py.
    r = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert r.status_code == 302  # same answer, so the form does not reveal who has an account
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_it_explains_a_used_reset_link(client):
    r = client.get(reverse("password_reset_confirm", args=["MQ", "set-password"]))
    assert b"This link no longer works" in r.content
