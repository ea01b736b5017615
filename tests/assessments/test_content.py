"""The instrument content files load and carry what scoring and reports need."""

from __future__ import annotations

import copy

import pytest

from assessments.content import read_content, validate_content
from assessments.models import Item
from assessments.services.instruments import instrument_load
from brmportal.lib.exceptions import ApplicationError


def test_it_reads_valid_content():
    content = read_content()
    assert validate_content(content) == []
    items = [i for doc in content["instruments"].values() for s in doc["sections"] for i in s["items"]]
    assert len(items) == len({i["code"] for i in items})


def test_it_names_what_is_wrong_in_broken_content():
    content = read_content()
    broken = copy.deepcopy(content)
    item = broken["instruments"]["behaviour"]["sections"][0]["items"][0]
    item["effort"] = "tiny"
    del item["recommendation"]
    item["dimension"] = "nowhere"
    errors = validate_content(broken)
    code = item["code"]
    assert any(code in e and "effort" in e for e in errors)
    assert any(code in e and "recommendation" in e for e in errors)
    assert any(code in e and "dimension" in e for e in errors)


@pytest.mark.django_db
def test_it_loads_the_three_instruments_and_trust():
    instrument = instrument_load()
    kinds = set(instrument.items.values_list("kind", flat=True))
    assert kinds == {"relationship", "behaviour", "practice", "trust"}
    # Loading again is a no-op.
    assert instrument_load().pk == instrument.pk
    assert Item.objects.filter(instrument=instrument).count() == instrument.items.count()


@pytest.mark.django_db
def test_it_gives_every_item_what_scoring_needs():
    instrument = instrument_load()
    items = list(instrument.items.all())
    assert {i.dimension for i in items if i.kind == "relationship"} == {"passive", "provider", "partner", "peer"}
    for item in items:
        assert item.data["recommendation"]["en"]
        assert item.data["effort"] in {"low", "medium", "high"}
        assert 0 < item.data["weight"] <= 5
        assert item.data["source"]
        assert set(item.sides) <= {"business", "it"} and item.sides
        assert item.text_for("business") and item.text_for("it")
        if item.kind == "behaviour":
            assert item.group in {"enterprise", "business", "it"}
        if item.kind == "practice":
            assert item.allow_not_applicable and len(item.data["levels"]) == 5
            assert item.aspects == ["current", "target"]
        if item.kind == "relationship":
            assert item.aspects == ["today", "desired"]
    behaviours = [i for i in items if i.kind == "behaviour"]
    assert {i.group for i in behaviours} == {"enterprise", "business", "it"}
    # Business and IT read the other side's behaviours worded for them.
    it_item = next(i for i in behaviours if i.group == "it")
    assert it_item.text_for("business") != it_item.text_for("it")
    assert len([i for i in items if i.kind == "practice" and i.data["form"] == "short"]) == 7
    assert len([i for i in items if i.kind == "practice" and i.data["form"] == "full"]) == 23


@pytest.mark.django_db
def test_it_refuses_to_change_a_version_a_campaign_uses(campaign):
    content = read_content()
    content["instruments"]["trust"]["sections"][0]["items"][0]["text"] = {"en": "Changed wording"}
    content["hash"] = "different"
    with pytest.raises(ApplicationError, match="cannot change"):
        instrument_load(content=content)
