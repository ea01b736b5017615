"""Every content text exists in Norwegian Bokmål and Dutch, and is really translated."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from assessments.content import missing_translations, read_content, validate_content

TRANSLATED = ["nb", "nl"]
# Short labels that are the same word in English, Norwegian and Dutch.
SAME_IN_ALL_LANGUAGES = {"IT", "Ad hoc", "Partner"}


def _texts(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every text dict (one with an "en" key) in the content, with where it is."""
    if isinstance(node, dict):
        if "en" in node:
            yield path, node
            return
        label = node.get("code", node.get("level"))
        for key, value in node.items():
            yield from _texts(value, f"{path} {label}.{key}" if label is not None else f"{path}.{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _texts(child, f"{path}[{index}]")


def test_languages_list_english_first():
    languages = [code for code, _name in settings.LANGUAGES]
    assert languages[0] == "en"
    assert set(TRANSLATED) <= set(languages)


def test_every_text_has_norwegian_and_dutch():
    assert missing_translations(read_content(), TRANSLATED) == []


def test_a_missing_translation_is_reported_with_its_item_code():
    content = copy.deepcopy(read_content())
    item = content["instruments"]["trust"]["sections"][0]["items"][0]
    del item["text"]["business"]["nb"]
    item["recommendation"]["nl"] = "  "
    assert missing_translations(content, TRANSLATED) == [
        f"trust/content/trust.yaml: item {item['code']}: text.business: nb is missing",
        f"trust/content/trust.yaml: item {item['code']}: recommendation: nl is missing",
    ]


def test_a_missing_level_descriptor_and_scale_label_are_reported():
    content = copy.deepcopy(read_content())
    practice = content["instruments"]["practice"]
    item = practice["sections"][0]["items"][0]
    del item["levels"]["3"]["nl"]
    del practice["scale"]["labels"]["1"]["nb"]
    missing = missing_translations(content, TRANSLATED)
    assert f"practices/content/practice.yaml: item {item['code']}: levels.3: nl is missing" in missing
    assert "practices/content/practice.yaml: scale.labels.1: nb is missing" in missing
    assert len(missing) == 2


def test_only_english_is_required_to_load():
    content = copy.deepcopy(read_content())
    for _, text in _texts(content["instruments"]):
        for lang in TRANSLATED:
            text.pop(lang, None)
    assert validate_content(content) == []
    assert missing_translations(content, ["en"]) == []
    assert missing_translations(content, ["nb"])


def test_translations_are_not_copied_english():
    content = read_content()
    copied = [
        f"{path} [{lang}]: {text['en']}"
        for path, text in _texts({"overview": content["overview"], **content["instruments"]})
        for lang in TRANSLATED
        if text[lang].strip() == text["en"].strip() and text["en"].strip() not in SAME_IN_ALL_LANGUAGES
    ]
    assert copied == []


def test_item_texts_and_level_descriptors_are_translated():
    content = read_content()
    for doc in content["instruments"].values():
        for section in doc["sections"]:
            for item in section["items"]:
                text = item["text"]
                sides = [text[s] for s in ("business", "it")] if "business" in text else [text]
                for lang in TRANSLATED:
                    for side in sides:
                        assert side[lang] != side["en"], item["code"]
                    assert item["recommendation"][lang] != item["recommendation"]["en"], item["code"]
                    for descriptor in (item.get("levels") or {}).values():
                        assert descriptor[lang] != descriptor["en"], item["code"]
