"""The code-keyed tables (stages, prerequisites) know the codes of every bundled version: a
2027.1 item gets its stage, and a 2026.2 campaign keeps the prerequisites it always had."""

from __future__ import annotations

import pytest

from assessments.content import archived_versions, bundled_version, read_content
from behaviours.recommendations import PREREQUISITES, STAGES, prerequisites_of
from relationships.recommendations import STATEMENT_STAGES
from trust.recommendations import PREREQUISITES as TRUST_PREREQUISITES
from trust.recommendations import STAGES as TRUST_STAGES


def _codes(version: str, kind: str) -> set[str]:
    doc = read_content(version=version)["instruments"][kind]
    return {item["code"] for section in doc["sections"] for item in section["items"]}


VERSIONS = [bundled_version(), *archived_versions()]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_behaviour_and_trust_item_has_a_stage(version):
    assert _codes(version, "behaviour") <= set(STAGES)
    assert _codes(version, "trust") <= set(TRUST_STAGES)


def test_the_tables_name_only_codes_of_a_bundled_version():
    behaviours = set().union(*(_codes(v, "behaviour") for v in VERSIONS))
    relationships = set().union(*(_codes(v, "relationship") for v in VERSIONS))
    trust = set().union(*(_codes(v, "trust") for v in VERSIONS))
    assert set(STAGES) <= behaviours
    assert {code for codes in PREREQUISITES.values() for code in codes} | set(PREREQUISITES) <= behaviours
    assert set(STATEMENT_STAGES) <= relationships
    assert set(TRUST_STAGES) | {c for codes in TRUST_PREREQUISITES.values() for c in codes} <= trust


def test_the_new_codes_take_the_stages_of_the_draft():
    # The draft's README: IT-1A..1E stop the bleeding (2), BUS-2B says what we need (1), the
    # drivers run from understanding consequences (1) to cooperative KPIs (3).
    assert {code: STAGES[code] for code in ("BEH-IT-1A", "BEH-IT-1E", "BEH-BUS-2A", "BEH-BUS-2B")} == {
        "BEH-IT-1A": 2,
        "BEH-IT-1E": 2,
        "BEH-BUS-2A": 3,
        "BEH-BUS-2B": 1,
    }
    assert [STAGES[f"BEH-DRV-{i}"] for i in range(1, 5)] == [1, 2, 2, 3]
    assert [TRUST_STAGES[f"TRU-{i}"] for i in range(8, 12)] == [2, 2, 3, 1]
    assert STATEMENT_STAGES["REL-PRO-1A"] == STATEMENT_STAGES["REL-PRO-1"] == 2


def test_a_campaign_keeps_only_the_prerequisites_its_version_has():
    v2027, v2026 = _codes("2027.1", "behaviour"), _codes("2026.2", "behaviour")
    # BEH-IT-5 (carried over) needs knowledge of the business: BEH-IT-2 in 2026.2, BEH-IT-2A in 2027.1.
    assert prerequisites_of("BEH-IT-5", v2026) == ("BEH-IT-2",)
    assert prerequisites_of("BEH-IT-5", v2027) == ("BEH-IT-2A",)
    assert prerequisites_of("BEH-ENT-4", v2027) == ("BEH-BUS-3A",)
    assert prerequisites_of("BEH-BUS-3A", v2027) == ("BEH-BUS-2A",)
    assert prerequisites_of("BEH-ENT-6", v2026) == ("BEH-ENT-2",)
