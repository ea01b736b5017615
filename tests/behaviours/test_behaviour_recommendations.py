"""The behaviour slice's recommendations, worked by hand: its candidates (clear blind spots and
clear weaknesses only), ranked by the core, and their "Why:" sentences (no database).

The numbers are tests/behaviours/helpers.py's worked example; its intervals are computed in
tests/behaviours/test_behaviour_scoring.py.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from assessments.recommendations import Recommendation, recommendations_rank
from assessments.slices import Scope
from assessments.texts import InstrumentTexts
from assessments.wording import recommendation_words
from behaviours.recommendations import PREREQUISITES, STAGES
from behaviours.slice import BehaviourSlice
from brmportal.lib.scoring import Dimension, ItemMeta, merge
from tests.behaviours.helpers import WORKED_BUSINESS, WORKED_IT, WORKED_ITEMS, answers, worked_scope

SLICE = BehaviourSlice()
DIMENSIONS = {item.code: Dimension(code=item.code, effort=item.effort, weight=item.weight) for item in WORKED_ITEMS}
NAMES = {
    "BEH-ENT-1": ("Ongoing dialogue", "Talk routinely."),
    "BEH-ENT-2": ("Shared vision", ""),
    "BEH-BUS-1": ("Outcomes, not solutions", ""),
    "BEH-IT-1": ("Accessible and responsive", ""),
    "BEH-IT-3": ("Benefits, costs and risks", ""),
    "BEH-IT-4": ("Explaining options and consequences", ""),
    "BEH-IT-7": ("Plain, honest reporting", "Report honestly."),
}
CONTENT = {
    "instruments": {
        "behaviour": {
            "dimensions": [
                {"code": code, "name": {"en": name}, **({"recommendation": {"en": advice}} if advice else {})}
                for code, (name, advice) in NAMES.items()
            ],
            "sections": [{"items": [{"code": code, "recommendation": {"en": f"Do {code}"}} for code in NAMES]}],
        }
    }
}


def candidates(business=WORKED_BUSINESS, it=WORKED_IT) -> list[Recommendation]:
    scope = worked_scope(business, it, DIMENSIONS)
    return list(SLICE.recommend(SLICE.score(scope), scope))


def ranked(business=WORKED_BUSINESS, it=WORKED_IT) -> list[Recommendation]:
    return list(recommendations_rank(candidates(business, it)).main)


def worded(records: list[Recommendation]) -> list[dict]:
    """The records worded by the core presenter (assessments.wording), in the active language."""
    texts = InstrumentTexts(language=translation.get_language() or "en", content=CONTENT)
    return [rec.to_json(recommendation_words(rec, texts=texts)) for rec in records]


def by_code(records, code):
    return next(r for r in records if (r["code"] if isinstance(r, dict) else r.code) == code)


def test_it_proposes_a_blind_spot_and_a_weakness_per_rated_behaviour():
    found = [(c.code, c.gap_kind) for c in candidates()]
    # Enterprise behaviours have no self and mirror: a weakness only.
    assert found == [
        ("BEH-ENT-1", "weakness"),
        ("BEH-BUS-1", "blind_spot"),
        ("BEH-BUS-1", "weakness"),
        ("BEH-IT-1", "blind_spot"),
        ("BEH-IT-1", "weakness"),
        ("BEH-IT-7", "blind_spot"),
        ("BEH-IT-7", "weakness"),
    ]
    # No candidate is the distance to the top of the scale any more.
    assert all(c.gap_kind != "to_top" for c in candidates())


def test_it_keeps_only_clear_findings_ranked_by_the_near_end_of_their_interval():
    records = ranked()
    # IT-7 blind spot 2.75 (1.517 to 3.983): clear; priority 1.0 x 1.517 / 4 = 0.379
    # ENT-1 weakness 3 - 1.5 = 1.5 (1.0005 to 1.9995): clear; priority 1.0 x 1.0005 / 4 = 0.250
    # BUS-1 blind spot 0.75 (-0.80 to 2.30): within the noise; IT-1's is negative (a hidden strength);
    # no other mean lies wholly below 3: no recommendation for them
    assert [(r.rank, r.code, r.gap_kind) for r in records] == [
        (1, "BEH-IT-7", "blind_spot"),
        (2, "BEH-ENT-1", "weakness"),
    ]
    assert [r.priority for r in records] == [pytest.approx(0.3793, abs=1e-4), pytest.approx(0.2501, abs=1e-4)]
    assert records[0].gap == pytest.approx(2.75)
    assert records[0].clear and records[0].stage == STAGES["BEH-IT-7"] == 1
    # Both are low effort and wait for nothing: quick wins under the new model.
    assert [r.quick_win for r in records] == [True, True]


def test_it_returns_language_free_records():
    first = ranked()[0]
    # Codes and numbers only: the words are the presenter's.
    assert (first.code, first.instrument, first.group, first.gap_kind) == ("BEH-IT-7", "behaviour", "it", "blind_spot")
    assert (first.numbers["self"], first.numbers["mirror"]) == (4.75, 2.0)
    assert first.numbers["self_low"] == pytest.approx(3.954, abs=1e-3)
    assert not hasattr(first, "trigger") and not hasattr(first, "title")


def test_it_quotes_the_numbers_with_their_intervals_in_the_why_sentence():
    records = worded(ranked())
    # self 4.75 (3.95-5.55, drawn to the scale's top: 3.95-5.0), mirror 2.0 (0.70-3.30, drawn from the
    # scale's bottom: 1.0-3.30), gap +2.75 (+1.52 to +3.98, a difference: not clipped), one decimal
    assert by_code(records, "BEH-IT-7")["trigger"] == (
        "IT rates its own “Plain, honest reporting” 4.8 (4.0–5.0); the business rates it 2.0 (1.0–3.3): "
        "a clear blind spot of +2.8 points (+1.5 to +4.0)."
    )
    # mean (1.5 + 1.5) / 2 = 1.5, se sqrt(2 x 0.0833) / 2 = 0.2041, df 6: 1.5 +- 2.447 x 0.2041 (1.0005-1.9995)
    assert by_code(records, "BEH-ENT-1")["trigger"] == (
        "“Ongoing dialogue” is rated 1.5 (1.0–2.0) of 5 (business 1.5; IT 1.5): "
        "clearly below the middle of the scale (3.0)."
    )
    it_7 = by_code(records, "BEH-IT-7")
    assert list(it_7["measured"]) == ["mean", "business", "it", "self", "mirror", "blind_spot", "to_top", "stats"]
    assert it_7["measured"]["stats"]["blind_spot"]["clear"] is True
    assert it_7["ci"] == [pytest.approx(1.517, abs=1e-3), pytest.approx(3.983, abs=1e-3)]


def test_it_words_a_business_blind_spot_for_the_business():
    # The business rates its own BUS-1 5, 5, 4, 5 and IT rates it 2, 2, 3, 1: the IT-7 numbers mirrored,
    # intervals drawn within the scale (3.95-5.0 and 1.0-3.30).
    business = {**WORKED_BUSINESS, ("BEH-BUS-1", "value"): answers(5, 5, 4, 5)}
    it = {**WORKED_IT, ("BEH-BUS-1", "value"): answers(2, 2, 3, 1)}
    bus_1 = by_code(worded(ranked(business, it)), "BEH-BUS-1")
    assert bus_1["trigger"] == (
        "The business rates its own “Outcomes, not solutions” 4.8 (4.0–5.0); IT rates it 2.0 (1.0–3.3): "
        "a clear blind spot of +2.8 points (+1.5 to +4.0)."
    )


def test_it_makes_one_recommendation_for_an_item_and_its_dimension():
    records = worded(ranked())
    assert [r["code"] for r in records].count("BEH-IT-7") == 1
    it_7 = by_code(records, "BEH-IT-7")
    assert (it_7["level"], it_7["dimension"], it_7["title"], it_7["text"], it_7["dimension_recommendation"]) == (
        "item",
        "BEH-IT-7",
        "Plain, honest reporting",
        "Do BEH-IT-7",
        "Report honestly.",
    )


def test_it_keeps_the_stronger_of_a_blind_spot_and_a_weakness():
    # IT-7 both low and a blind spot: business 1, 1, 2, 1 (1.25), IT 3, 3, 2, 3 (2.75)
    business = {**WORKED_BUSINESS, ("BEH-IT-7", "value"): answers(1, 1, 2, 1)}
    it = {**WORKED_IT, ("BEH-IT-7", "value"): answers(3, 3, 2, 3)}
    # each: s^2 = 0.75 / 3 = 0.25, se^2 = 0.0625
    # blind spot 2.75 - 1.25 = 1.5; se = sqrt(0.125) = 0.3536; df 6; t 2.447: 1.5 +- 0.865 -> (0.635, 2.365)
    # weakness: mean 2.0, se = 0.3536 / 2 = 0.1768; 2.0 +- 0.4326 -> gap 1.0 (0.567, 1.433)
    # priorities 0.635 / 4 = 0.159 and 0.567 / 4 = 0.142: the blind spot is kept
    it_7 = by_code(ranked(business, it), "BEH-IT-7")
    assert (it_7.gap_kind, it_7.gap) == ("blind_spot", pytest.approx(1.5))
    assert it_7.gap_low == pytest.approx(0.635, abs=1e-3)


def test_it_orders_by_stage_and_prerequisites_before_priority():
    items = (
        ItemMeta(code="BEH-ENT-2", kind="behaviour", dimension="BEH-ENT-2", group="enterprise", weight=1.2),
        ItemMeta(code="BEH-IT-4", kind="behaviour", dimension="BEH-IT-4", group="it", effort="low"),
        ItemMeta(code="BEH-IT-3", kind="behaviour", dimension="BEH-IT-3", group="it", effort="low"),
    )
    side = {
        # 1.0; the spread floor 1/12 a side (se^2 1/48), overall se sqrt(2/48) / 2 = 0.1021, df 6:
        # 1.0 +- 2.447 x 0.1021 = (0.750, 1.250), drawn from the bottom: (1.0, 1.25): weakness 2.0 (1.75 to 2.0)
        ("BEH-ENT-2", "value"): answers(1, 1, 1, 1),
        ("BEH-IT-4", "value"): answers(1, 2, 1, 2),  # 1.5 (1.0005-1.9995): weakness 1.5, low 1.0005
        ("BEH-IT-3", "value"): answers(2, 2, 3, 2),  # 2.25, se^2 0.0625; overall se 0.1768, df 6:
    }  # 2.25 +- 2.447 x 0.1768 = (1.817, 2.683): weakness 0.75, low 0.317
    scope = Scope(items=items, dimensions={}, groups={"business": side, "it": side, "overall": merge([side, side])})
    records = recommendations_rank(SLICE.recommend(SLICE.score(scope), scope)).main
    # priorities: ENT-2 1.2 x 1.75 / 4 = 0.525; IT-4 1.0005 / 4 = 0.25; IT-3 0.317 / 4 = 0.079, yet
    # IT-3 (stage 1, know what it costs) before IT-4 (stage 2, which also names IT-3 as its
    # prerequisite) before ENT-2 (stage 3, integrate)
    assert [(r.code, r.stage) for r in records] == [("BEH-IT-3", 1), ("BEH-IT-4", 2), ("BEH-ENT-2", 3)]
    assert records[1].prerequisites == PREREQUISITES["BEH-IT-4"] == ("BEH-IT-3",)
    assert [r.quick_win for r in records] == [True, False, False]


def test_it_mentions_only_the_sides_that_are_reported():
    # IT not reported: no blind spot can be judged; ENT-1's mean is the business's alone:
    # 1.5, se 0.2887, df 3, t(0.975, 3) = 3.182: 1.5 +- 0.919 -> (0.58, 2.42), drawn from the scale's
    # bottom: (1.0, 2.42), still below 3
    records = worded(ranked(it=None))
    assert [r["code"] for r in records] == ["BEH-ENT-1"]
    assert records[0]["trigger"] == (
        "“Ongoing dialogue” is rated 1.5 (1.0–2.4) of 5 (business 1.5): clearly below the middle of the scale (3.0)."
    )
    assert records[0]["measured"]["it"] is None


def test_it_words_the_same_record_in_the_readers_language():
    with translation.override("nb"):
        norwegian = worded(ranked())
    english = worded(ranked())
    it_7 = [by_code(records, "BEH-IT-7") for records in (english, norwegian)]
    # The numbers are the same; only the sentence and the decimal mark follow the reader.
    assert it_7[0]["gap"] == it_7[1]["gap"]
    assert "4.8 (4.0–5.0)" in it_7[0]["trigger"] and "4,8 (4,0–5,0)" in it_7[1]["trigger"]


def test_it_gives_every_behaviour_of_the_content_a_stage():
    # The table also keeps 2026.x's codes for campaigns on it (test_behaviour_stages_versions.py).
    codes = {item["code"] for section in _content_sections() for item in section["items"]}
    assert codes <= set(STAGES)
    assert set(STAGES.values()) <= {1, 2, 3}
    assert all(p in set(STAGES) for prerequisites in PREREQUISITES.values() for p in prerequisites)


def _content_sections():
    import yaml

    return yaml.safe_load(SLICE.content_file.read_text(encoding="utf-8"))["sections"]
