"""Every URL that names an organisation's data answers 404 to members of other organisations.

The URL patterns are walked from the root resolver, so views added later (dashboard, exports,
reports, ...) are covered without touching this file: each URL argument that identifies tenant
data (`slug`, `<model>_id`) is filled with an object of `org`, and the page is requested as
charlie, a BRM of `other_org`, with GET and POST. Allowed answers are 404, or 405 for a method
the view does not take; never 200, a redirect or a 500. Anonymous users get the login page.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from api.services import api_token_create
from assessments.models import Comment, Invitation, OpenQuestion
from assessments.services.actions import action_create
from assessments.services.open_links import open_link_set_active
from assessments.services.partners import unit_create
from assessments.services.responses import response_create_submitted

# Not walked, on purpose:
# - admin: Django admin, for staff only (charlie is not staff); it has its own permission checks.
# - respondent: /r/<token>/ and /r/open/<token>/ are public by design; the unguessable token is the
#   credential, and those views are tested in tests/respondent/ (test_journey.py, test_privacy.py,
#   test_open_links.py).
# - api: the JSON API authenticates by organisation token, never by session, so a logged-in
#   charlie or an anonymous visitor gets 401 there; its tenant scoping (another organisation's
#   campaign -> 404) is tested with tokens in tests/api/test_api_access.py.
EXCLUDED_NAMESPACES = {"admin", "respondent", "api"}

# Values for URL arguments that do not identify tenant data (formats, sides, page numbers): the
# first that reverses is used. An argument that identifies data must be a slug or `<model>_id`.
PLAIN_VALUES = ["csv", "xlsx", "pdf", "json", "business", "it", "1"]


def _is_tenant_argument(name: str) -> bool:
    return name == "slug" or name == "pk" or name.endswith("_id")


def _arguments(pattern: URLPattern | URLResolver) -> list[str]:
    if isinstance(pattern.pattern, RoutePattern):
        return list(pattern.pattern.converters)
    return list(pattern.pattern.regex.groupindex)


def _walk(patterns, namespace: str = "", arguments: tuple[str, ...] = ()):
    for pattern in patterns:
        here = (*arguments, *_arguments(pattern))
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            if inner.split(":")[0] in EXCLUDED_NAMESPACES:
                continue
            yield from _walk(pattern.url_patterns, inner, here)
        elif any(_is_tenant_argument(a) for a in here):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), here, str(pattern.pattern)


TENANT_URLS = sorted(set(_walk(get_resolver().url_patterns)))


def test_it_finds_the_tenant_urls():
    names = {name for name, _, _ in TENANT_URLS}
    assert {"campaigns:dashboard", "manage:campaign_list", "manage:invitation_list"} <= names


def _object_id(argument: str, org, objects: dict[str, int]) -> int | None:
    """The pk of an object of `org` for a `<model>_id` argument, or None when there is none.

    For a model this file does not know (a report, say), an existing row of `org` is used, or
    one created with only its organisation and campaign when the model allows that.
    """
    model_name = argument.removesuffix("_id")
    if model_name in objects:
        return objects[model_name]
    for model in apps.get_models():
        if model._meta.model_name != model_name.replace("_", ""):
            continue
        fields = {f.name for f in model._meta.get_fields()}
        if "organisation" not in fields:
            return None
        obj = model.objects.filter(organisation=org).first()
        if obj is None:
            values = {"organisation": org}
            if "campaign" in fields:
                values["campaign_id"] = objects["campaign"]
            try:
                with transaction.atomic():
                    obj = model.objects.create(**values)
            except Exception as exc:  # noqa: BLE001 - reported by _url_for, which fails the test
                raise LookupError(
                    f"cannot create a {model.__name__} with only its organisation and campaign ({exc}); "
                    f"create one in the tenant_data fixture"
                ) from exc
        return obj.pk
    return None


@pytest.fixture
def tenant_data(org, campaign, invitation):
    """One of each kind of object `org` can own, for the URL arguments to point at."""
    response_create_submitted(campaign=campaign, side="business", answers={})
    open_link_set_active(campaign=campaign, side="it", active=True)
    token = api_token_create(organisation=org, name="BI")[0]
    # A published comment (issue #17): its pk is a UUID, and it needs an open question.
    question = OpenQuestion.objects.filter(instrument_id=campaign.instrument_id).first()
    comment = Comment.objects.create(
        organisation=org, campaign=campaign, question=question, side="it", text="-", published=True
    )
    # An action of the plan (issue #19): it needs an owner and a due date.
    action = action_create(
        campaign=campaign, title="-", owner_name="-", owner_email="owner@example.com", due_on=datetime.date(2026, 1, 1)
    )
    # A business unit (issue #20): it needs a name.
    unit = unit_create(organisation=org, name="Finance")
    return {
        "campaign": campaign.pk,
        "invitation": invitation.pk,
        "organisation": org.pk,
        "api_token": token.pk,
        "comment": comment.pk,
        "action": action.pk,
        "business_unit": unit.pk,
    }


def _url_for(name: str, arguments: tuple[str, ...], org, objects: dict[str, int]) -> str:
    assert name, f"unnamed URL pattern with tenant arguments {arguments}: give it a name so it is tested"
    kwargs: dict[str, object] = {}
    for argument in arguments:
        if argument == "slug":
            kwargs[argument] = org.slug
        elif argument == "pk":
            pytest.fail(f"{name}: name the argument after its model (`campaign_id`), not `pk`")
        elif argument.endswith("_id"):
            # A URL this file cannot point at an object is a URL left untested: fail, never skip.
            try:
                pk = _object_id(argument, org, objects)
            except LookupError as exc:
                pytest.fail(f"{name}: {exc}")
            assert pk is not None, (
                f"{name}: no {argument.removesuffix('_id')} of the organisation to point at: name the argument "
                f"after a model with an organisation, or add one to the tenant_data fixture"
            )
            kwargs[argument] = pk
    plain = [a for a in arguments if a not in kwargs]
    for value in PLAIN_VALUES:
        try:
            return reverse(name, kwargs={**kwargs, **dict.fromkeys(plain, value)})
        except Exception:  # noqa: S112 - NoReverseMatch: try the next plain value
            continue
    pytest.fail(f"{name}: cannot build a URL for arguments {arguments}; add a value to PLAIN_VALUES")


@pytest.mark.parametrize(("name", "arguments", "route"), TENANT_URLS, ids=[u[0] or u[2] for u in TENANT_URLS])
def test_it_hides_org_data_from_other_organisations(client, charlie, org, tenant_data, name, arguments, route):
    url = _url_for(name, arguments, org, tenant_data)
    client.force_login(charlie)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in (404, 405), f"{method.upper()} {url} as charlie: {response.status_code}"
    assert Invitation.objects.filter(campaign_id=tenant_data["campaign"]).count() == 1


@pytest.mark.parametrize(("name", "arguments", "route"), TENANT_URLS, ids=[u[0] or u[2] for u in TENANT_URLS])
def test_it_sends_anonymous_users_to_login(client, org, tenant_data, name, arguments, route):
    url = _url_for(name, arguments, org, tenant_data)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if response.status_code == 302:
            assert response.url.startswith(reverse("login")), f"{method.upper()} {url}: redirects to {response.url}"
        else:
            assert response.status_code in (404, 405), f"{method.upper()} {url} anonymous: {response.status_code}"
