"""The one presentation vocabulary (issue #14): departments, sides, models, heat steps, "no change"."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from assessments.models import Response, Side
from assessments.presentation import change
from assessments.selectors.campaigns import campaign_department_names, department_order
from assessments.texts import instrument_texts
from brmportal.lib.labels import NO_CHANGE, SIDES, heat_shade
from relationships.names import model_names


def test_it_orders_configured_departments_first_then_the_others_sorted():
    given = ["sales", "Zeta", "", "Finance", "alpha", "Finance"]
    assert department_order(configured=["Finance", "Ops"], given=given) == ["Finance", "Ops", "alpha", "sales", "Zeta"]


@pytest.mark.django_db
def test_it_lists_only_departments_published_responses_gave(campaign):
    campaign.departments = ["Ops"]
    campaign.save(update_fields=["departments"])
    published = Response.objects.create(
        organisation=campaign.organisation,
        campaign=campaign,
        side="it",
        department="Legal",
        submitted_at=timezone.now(),
    )
    Response.objects.filter(pk=published.pk).update(published_at=timezone.now())
    Response.objects.create(
        organisation=campaign.organisation,
        campaign=campaign,
        side="it",
        department="Waiting",
        submitted_at=timezone.now(),
    )
    assert campaign_department_names(campaign=campaign) == ["Ops", "Legal"]


def test_it_keeps_the_sides_of_the_model():
    assert tuple(Side.values) == SIDES


@pytest.mark.django_db
def test_it_names_the_models_in_order_and_language(instrument):
    names = model_names(instrument_texts(instrument, "en"))
    assert list(names) == ["passive", "provider", "partner", "peer"]
    assert names["peer"].name == "Peer"
    with translation.override("nb"):
        assert model_names(instrument_texts(instrument)) == model_names(instrument_texts(instrument, "nb"))
        assert model_names(instrument_texts(instrument)) != names


def test_it_rounds_heat_steps_half_up():
    assert heat_shade(3.5, 1, 5) == 3
    assert heat_shade(1.4, 1, 5) == 0


def test_the_dashboard_and_the_report_agree_on_no_change():
    # Both build their comparison with assessments.presentation.comparison_rows, i.e. `change`.
    small = NO_CHANGE / 2
    assert change(3.0 + small, 3.0).text == "no change"
    assert change(3.4, 3.0).text == "up 0.4"
    assert change(2.8, 3.0).text == "down 0.2"
