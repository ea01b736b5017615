"""The relationship content's texts and the slice, for pure tests (no database).

The texts are 2026.2's (the archive): the hand-made items of tests/relationships/helpers.py carry
its codes (REL-PAR-1...), two forward statements a model; reverse keying has its own tests
(test_relationship_reversed.py)."""

from __future__ import annotations

import json

import pytest
import yaml

from assessments.content import ARCHIVE_DIR
from assessments.texts import InstrumentTexts
from relationships.slice import RelationshipSlice


@pytest.fixture(scope="session")
def content() -> dict:
    path = ARCHIVE_DIR / "2026.2" / "relationships" / "content" / RelationshipSlice.content_file.name
    # The JSON round trip gives the shape stored content has (string keys), as content_prepare does.
    return {"instruments": {"relationship": json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8"))))}}


@pytest.fixture
def texts(content) -> InstrumentTexts:
    return InstrumentTexts(language="en", content=content)


@pytest.fixture
def relationship() -> RelationshipSlice:
    return RelationshipSlice()
