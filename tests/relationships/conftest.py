"""The bundled relationship content's texts and the slice, for pure tests (no database)."""

from __future__ import annotations

import json

import pytest
import yaml

from assessments.texts import InstrumentTexts
from relationships.slice import RelationshipSlice


@pytest.fixture(scope="session")
def content() -> dict:
    path = RelationshipSlice.content_file
    # The JSON round trip gives the shape stored content has (string keys), as content_prepare does.
    return {"instruments": {"relationship": json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8"))))}}


@pytest.fixture
def texts(content) -> InstrumentTexts:
    return InstrumentTexts(language="en", content=content)


@pytest.fixture
def relationship() -> RelationshipSlice:
    return RelationshipSlice()
