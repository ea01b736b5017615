"""The campaigns the report tests read, built once: by the function fixtures of conftest.py (a test
of its own) and by the shared reports (`shared_*` fixtures, one render for many tests)."""

from __future__ import annotations

from typing import Any

from tests.helpers import open_campaign, submit_columns


def bundled_instrument() -> Any:
    """The bundled instrument that django_db_setup loaded (the `instrument` fixture's)."""
    from assessments.content import read_content
    from assessments.models import Instrument
    from assessments.services.instruments import instrument_load

    content = read_content()
    found = Instrument.objects.filter(organisation=None, version=content["version"], content_hash=content["hash"])
    return found.first() or instrument_load()


def acme_campaign() -> Any:
    """The `campaign` fixture's: Acme Shipping's open Round 1, departments Sales and Finance."""
    from accounts.models import Organisation

    org = Organisation.objects.create(name="Acme Shipping", slug="acme")
    return open_campaign(org, bundled_instrument(), "Round 1", departments=["Sales", "Finance"])


def scored(campaign: Any) -> Any:
    """4 business (Sales) and 3 IT responses, imported and published in one batch (the last one
    publishes: one snapshot built instead of seven)."""
    for i in range(4):
        submit_columns(
            campaign,
            "business",
            columns={"REL-PAS-1.today": "5", "REL-PAR-1.desired": "5", "TRU-1": str(1 + i % 2)},
            default=str(2 + i % 3),
            department="Sales",
            publish=False,
        )
    for i in range(3):
        submit_columns(campaign, "it", columns={"BEH-IT-3": "5"}, default=str(3 + i % 2), publish=i == 2)
    return campaign


def departments(campaign: Any) -> Any:
    """Finance: business only (4, answering 2, 3, 4, 2); Sales: business (3) and IT (3)."""
    for i in range(4):
        submit_columns(campaign, "business", columns={}, default=str(2 + i % 3), department="Finance", publish=False)
    for i in range(3):
        submit_columns(campaign, "business", columns={}, default=str(3 + i % 2), department="Sales", publish=False)
    for i in range(3):
        submit_columns(campaign, "it", columns={}, default=str(2 + i % 3), department="Sales", publish=i == 2)
    return campaign
