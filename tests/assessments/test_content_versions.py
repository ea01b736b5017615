"""Content versions (issue #17): 2027.1 is the bundled version, 2026.2 stays readable in the
archive, and a 2026.2 campaign keeps its scores exactly through the upgrade."""

from __future__ import annotations

import io
import json
import random
from statistics import mean

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.content import archived_versions, bundled_version, read_content, validate_content
from assessments.management.commands.instrument_items import Command as InstrumentItems
from assessments.management.commands.load_instrument import Command as LoadInstrument
from assessments.models import Instrument
from assessments.services.instruments import instrument_create, instrument_load
from brmportal.lib.exceptions import ApplicationError
from tests.helpers import cache_clear, open_campaign, scores_of, submit_columns


def _codes(content) -> set[str]:
    return {
        item["code"]
        for doc in content["instruments"].values()
        for section in doc["sections"]
        for item in section["items"]
    }


def test_it_bundles_2027_1_and_keeps_2026_2_in_the_archive():
    current, archived = read_content(), read_content(version="2026.2")
    assert bundled_version() == current["version"] == "2027.1"
    assert archived_versions() == ["2026.2"]
    assert archived["version"] == "2026.2"
    # The archive is 2026.2 as it was: BEH-IT-1 is one statement there, five in 2027.1.
    assert "BEH-IT-1" in _codes(archived) and "BEH-IT-1" not in _codes(current)
    assert {"BEH-IT-1A", "BEH-IT-1E", "BEH-DRV-4", "TRU-11", "REL-PEE-5"} <= _codes(current)
    assert len(_codes(archived)) == 16 + 20 + 30 + 7
    # Asking for the current version by name reads the same files.
    assert read_content(version="2027.1")["hash"] == current["hash"]


def test_it_refuses_a_version_it_does_not_keep():
    with pytest.raises(ApplicationError, match="No content files for version '2025.9'. Known: 2027.1, 2026.2"):
        read_content(version="2025.9")


def test_every_replaced_code_exists_in_the_archived_version():
    current, archived = read_content(), _codes(read_content(version="2026.2"))
    replaced = {
        item["code"]: item["replaces"]
        for doc in current["instruments"].values()
        for section in doc["sections"]
        for item in section["items"]
        if "replaces" in item
    }
    # 14 old items are split or rewritten into 22 new ones (docs/content-format.md, the table).
    assert len(replaced) == 22
    assert {code for codes in replaced.values() for code in codes} <= archived
    assert replaced["BEH-BUS-3C"] == ["BEH-BUS-3"]
    # A replaced code is gone from 2027.1; a carried-over one is kept and replaces nothing.
    assert not {code for codes in replaced.values() for code in codes} & _codes(current)


@pytest.mark.parametrize(
    ("replaces", "message"),
    [
        ("BEH-IT-1", "replaces must be a list of item codes"),
        ([], "replaces must be a list of item codes"),
        (["beh it 1"], "replaces must be a list of item codes"),
        (["BEH-IT-1", "BEH-IT-1"], "replaces names a code twice"),
        (["BEH-IT-1A"], "replaces names the item itself"),
    ],
)
def test_the_validator_checks_replaces(replaces, message):
    content = read_content()
    item = next(
        item
        for section in content["instruments"]["behaviour"]["sections"]
        for item in section["items"]
        if item["code"] == "BEH-IT-1A"
    )
    item["replaces"] = replaces
    assert any(f"item BEH-IT-1A: {message}" in error for error in validate_content(content))


def test_the_validator_checks_references():
    content = read_content()
    content["overview"]["references"] = ["BRM Institute", ""]
    assert "overview: references must be a list of citations (plain text)" in validate_content(content)


@pytest.mark.django_db
def test_load_instrument_loads_an_archived_version_idempotently(instrument):
    out = io.StringIO()
    LoadInstrument(stdout=out).handle(instrument_version="2026.2")
    archived = Instrument.objects.get(organisation=None, version="2026.2")
    assert out.getvalue() == "Instrument 2026.2 (bundled): 73 items\n"
    LoadInstrument(stdout=io.StringIO()).handle(instrument_version="2026.2")
    assert Instrument.objects.get(organisation=None, version="2026.2").pk == archived.pk
    # Without --version: the current one, already loaded (the `instrument` fixture).
    out = io.StringIO()
    LoadInstrument(stdout=out).handle(instrument_version=None)
    assert out.getvalue() == f"Instrument 2027.1 (bundled): {instrument.items.count()} items\n"
    with pytest.raises(CommandError, match="No content files for version '1999.1'"):
        LoadInstrument(stdout=io.StringIO()).handle(instrument_version="1999.1")


@pytest.mark.django_db
def test_an_upload_cannot_take_an_archived_version(org):
    content = read_content(version="2026.2")
    with pytest.raises(ApplicationError, match="2026.2 is a version bundled with the portal"):
        instrument_create(content=content, organisation=org)


# --- A 2026.2 campaign through the upgrade ------------------------------------------------------

MODELS = ("passive", "provider", "partner", "peer")


def _answers(rng: random.Random, fields: list[tuple[str, str]]) -> dict[str, str]:
    """Answers of one respondent: 1-5 leaning to the respondent's own tendency, a few "dk"."""
    lean = rng.choice((2, 3, 4))
    found = {}
    for code, aspect in fields:
        column = code if aspect == "value" else f"{code}.{aspect}"
        roll = rng.random()
        found[column] = "dk" if roll < 0.05 else str(max(1, min(5, lean + rng.choice((-2, -1, 0, 0, 1, 2)))))
    return found


def _level(answers: dict[str, str], codes: dict[str, list[str]], aspect: str) -> int | None:
    """2026.2's rule, by hand: the highest model whose answered statements average 3.5 or more."""
    agreed = []
    for k, model in enumerate(MODELS, start=1):
        values = [int(v) for code in codes[model] if (v := answers.get(f"{code}.{aspect}")) not in (None, "dk")]
        if values and mean(values) >= 3.5:
            agreed.append(k)
    return max(agreed) if agreed else None


@pytest.mark.django_db
def test_a_2026_2_campaign_keeps_its_scores_through_the_upgrade(org, instrument_2026):
    from assessments.selectors.instruments import campaign_pages

    campaign = open_campaign(org, instrument_2026)
    rng = random.Random(2026)
    given: dict[str, list[dict[str, str]]] = {"business": [], "it": []}
    for side in ("business", "it"):
        fields = [field for page in campaign_pages(campaign=campaign, side=side) for field in page.fields]
        for _ in range(6):
            answers = _answers(rng, fields)
            given[side].append(answers)
            submit_columns(campaign, side, columns=answers, default=None)

    # Before the upgrade: only 2026.2 in the database.
    Instrument.objects.filter(organisation=None, version="2027.1").delete()
    cache_clear()
    before = scores_of(campaign=campaign)
    # The upgrade: 2027.1 loaded beside it, the default for new campaigns.
    assert instrument_load().version == "2027.1"
    cache_clear()
    after = scores_of(campaign=campaign)
    assert json.dumps(after, sort_keys=True) == json.dumps(before, sort_keys=True)

    # And the figures are 2026.2's, worked out from the answers by hand.
    content = instrument_2026.content["instruments"]
    codes = {
        model: [
            item["code"]
            for section in content["relationship"]["sections"]
            for item in section["items"]
            if item["dimension"] == model
        ]
        for model in MODELS
    }
    for side in ("business", "it"):
        levels = [level for answers in given[side] if (level := _level(answers, codes, "today")) is not None]
        assert after["relationship"][side]["today"]["index"] == pytest.approx(mean(levels), abs=0.005)
        it_1 = [int(v) for answers in given[side] if (v := answers["BEH-IT-1"]) != "dk"]
        behaviour = next(entry for entry in after["behaviours"]["items"] if entry["code"] == "BEH-IT-1")
        assert behaviour[side] == pytest.approx(mean(it_1), abs=0.005)
        trust = [
            int(v)
            for answers in given[side]
            for column, v in answers.items()
            if column.startswith("TRU-") and v != "dk"
        ]
        assert after["trust"][side]["index"] == pytest.approx((mean(trust) - 1) / 4 * 100, abs=0.005)
    # 2026.2 has no reversed statement: nothing of 2027.1's reverse keying shows.
    assert "acquiescence_by_aspect" not in after["relationship"]["business"]
    assert not [item for item in after["relationship"]["items"] if "keyed" in item]
    assert {item["code"] for item in after["behaviours"]["items"]} >= {"BEH-IT-1", "BEH-BUS-3", "BEH-ENT-2"}


@pytest.mark.django_db
def test_a_new_campaign_defaults_to_2027_1(org, instrument, instrument_2026):
    from assessments.selectors.instruments import instrument_choices, instrument_default

    assert instrument_default(instruments=instrument_choices(organisation=org)) == instrument


# --- instrument_items --json: version and history ----------------------------------------------


@pytest.mark.django_db
def test_instrument_items_gives_each_item_its_version_and_history(instrument, instrument_2026):
    out = io.StringIO()
    InstrumentItems(stdout=out).handle(instrument_version=None, organisation=None, json=True)
    items = {entry["code"]: entry for entry in json.loads(out.getvalue())}
    assert {entry["version"] for entry in items.values()} == {"2027.1"}
    # Carried over from 2026.2 (the archive's first version): its code and no predecessor.
    assert items["REL-PAS-1"]["history"] == {"since": "2026.2", "replaces": []}
    # Split: the new code names the old one.
    assert items["BEH-IT-1C"]["history"] == {"since": "2027.1", "replaces": ["BEH-IT-1"]}
    assert items["REL-PEE-3B"]["history"] == {"since": "2027.1", "replaces": ["REL-PEE-3"]}
    # New concept: no predecessor.
    assert items["TRU-8"]["history"] == {"since": "2027.1", "replaces": []}
    # The keys of the stable interface are all still there.
    for key in ("code", "instrument", "dimension", "group", "sides", "columns", "aspects", "required", "scale"):
        assert key in items["REL-PAS-1"]

    out = io.StringIO()
    call_command("instrument_items", "--version", "2026.2", "--json", stdout=out)
    archived = {entry["code"]: entry for entry in json.loads(out.getvalue())}
    assert archived["BEH-IT-1"]["version"] == "2026.2"
    assert archived["BEH-IT-1"]["history"] == {"since": "2026.2", "replaces": []}


def test_a_2027_1_round_compares_with_a_2026_2_round_on_the_carried_over_figures(org, instrument, instrument_2026):
    """The next round after the upgrade: the dashboard, the PDF and the item comparison line up
    on the figures both versions measure (trust, behaviours, models), and a split statement (BEH-IT-1 ->
    BEH-IT-1A..1E) simply has no earlier figure."""
    from reports.pdf import render_report
    from workspace.dashboard import dashboard_context

    old = open_campaign(org, instrument_2026, "Round 2026")
    for side in ("business",) * 3 + ("it",) * 3:
        submit_columns(old, side, columns={}, default="2")
    new = open_campaign(org, instrument, "Round 2027")
    for side in ("business",) * 3 + ("it",) * 3:
        submit_columns(new, side, columns={}, default="4")
    cache_clear()
    data = dashboard_context(campaign=new)
    assert data["previous_campaign"] == old
    rows = {row["key"]: row for row in data["comparison"]}
    # Trust: 7 statements answered 2, then 11 answered 4: the index goes from 25 to 75.
    assert rows["trust.business"]["direction"] == "up"
    before, after = scores_of(campaign=old), scores_of(campaign=new)
    assert "BEH-IT-1" in json.dumps(before) and "BEH-IT-1A" in json.dumps(after)
    rendered = render_report(campaign=new)
    assert rendered.content.startswith(b"%PDF") and rendered.pages >= 6
