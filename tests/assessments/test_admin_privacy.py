"""The Django admin never shows answers next to an invitation, an e-mail address or a name
(issue #13): a superuser walks the list and change pages of every registered model."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.models import Answer, Response
from assessments.services.invitations import invitation_create
from assessments.services.open_links import open_link_set_active
from assessments.services.responses import response_start
from tests.helpers import submit_columns

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="password", email="root@example.com")


@pytest.fixture
def answered(campaign, invitation, it_invitation):
    """Answers of every kind of response: imported, and started through a personal link."""
    submit_columns(campaign, "business", columns={"REL-PAS-1.today": "5"}, department="Sales")
    response = response_start(invitation=invitation)
    Answer.objects.bulk_create(
        [
            Answer(
                organisation=row.organisation,
                campaign=row.campaign,
                response=response,
                item=row.item,
                aspect=row.aspect,
                value=row.value,
            )
            for row in Answer.objects.all()[:5]
        ]
    )
    invitation_create(campaign=campaign, side="it", email="kim@example.com", department="Finance")
    open_link_set_active(campaign=campaign, side="it", active=True)
    return campaign


def test_it_registers_no_admin_for_answers_or_responses():
    assert Answer not in admin.site._registry
    assert Response not in admin.site._registry


def test_it_shows_no_answers_next_to_an_email_on_any_admin_page(client, superuser, answered):
    emails = ["pat@example.com", "sam@example.com", "kim@example.com"]
    answers = list(Answer.objects.select_related("item"))
    markers = {answer.item.code for answer in answers} | {str(answer) for answer in answers}
    client.force_login(superuser)
    pages = 0
    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        urls = [changelist]
        for obj in model._default_manager.order_by("-pk")[:3]:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        for url in urls:
            r = client.get(url)
            assert r.status_code == 200, f"{url}: {r.status_code}"
            html = r.content.decode()
            pages += 1
            if any(email in html for email in emails):
                shown = sorted(marker for marker in markers if marker in html)
                assert not shown, f"{url} shows answers {shown[:5]} next to an e-mail address"
                assert "answer" not in html.lower().replace("answers after submitting", ""), url
    assert pages > 10


def test_it_shows_no_link_token_in_the_invitation_admin(client, superuser, invitation):
    client.force_login(superuser)
    for url in (
        reverse("admin:assessments_invitation_changelist"),
        reverse("admin:assessments_invitation_change", args=[invitation.pk]),
    ):
        html = client.get(url).content.decode()
        assert "pat@example.com" in html
        assert invitation.token not in html
