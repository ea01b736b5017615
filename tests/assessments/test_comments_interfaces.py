"""The open questions at the stable interfaces (issue #17): the content file, `instrument_items
--json`, `import_responses` and its template, and `campaign_scores --json`'s comment counts."""

from __future__ import annotations

import copy
import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from assessments.content import content_prepare, missing_translations, read_content
from assessments.models import Comment, OpenQuestion, Response
from assessments.services.imports import responses_import
from assessments.services.responses import response_create_submitted
from brmportal.lib.exceptions import ApplicationError
from tests.helpers import all_fields

pytestmark = pytest.mark.django_db


def _columns(campaign, side: str) -> list[str]:
    return [code if aspect == "value" else f"{code}.{aspect}" for code, aspect in all_fields(campaign, side)]


def _csv(campaign, rows: list[tuple[str, str, dict[str, str]]], extra: list[str]) -> io.BytesIO:
    columns = _columns(campaign, "business")
    lines = [",".join(["side", "department", *columns, *extra])]
    for side, department, texts in rows:
        cells = [side, department, *(["3"] * len(columns)), *(texts.get(code, "") for code in extra)]
        lines.append(",".join(f'"{cell}"' for cell in cells))
    upload = io.BytesIO("\n".join(lines).encode())
    upload.name = "workshop.csv"
    return upload


def test_it_loads_the_open_questions_with_their_version(instrument):
    content = read_content()
    assert content["version"] == "2027.1"
    codes = [q["code"] for q in content["open_questions"]]
    assert codes == list(OpenQuestion.objects.filter(instrument=instrument).values_list("code", flat=True))
    assert not missing_translations(content, ["nb", "nl"])
    for question in content["open_questions"]:
        assert question["text"]["nb"] != question["text"]["en"] != question["text"]["nl"]


def test_it_validates_the_open_questions():
    content = read_content()
    questions = copy.deepcopy(content["open_questions"])
    questions[0]["max_length"] = 0
    questions[1]["sides"] = ["everyone"]
    questions[2]["code"] = questions[3]["code"]
    questions.append({"code": "REL-PAS-1", "sides": ["it"], "text": {"en": "x"}, "max_length": 10})
    with pytest.raises(ApplicationError) as raised:
        content_prepare(instruments=content["instruments"], overview=content["overview"], open_questions=questions)
    errors = "\n".join(raised.value.extra["errors"])
    assert "max_length must be a whole number" in errors
    assert "sides must be business and/or it" in errors
    assert errors.count("code is used twice") == 2


def test_it_keeps_the_hash_of_a_version_without_open_questions():
    content = read_content()
    without = content_prepare(instruments=content["instruments"], overview=content["overview"])
    again = content_prepare(instruments=content["instruments"], overview=content["overview"], open_questions=[])
    assert without["open_questions"] == [] and without["hash"] == again["hash"]
    assert without["hash"] != content["hash"]  # the open questions are in the hash


def test_it_lists_the_open_questions_as_text_items(instrument):
    out = io.StringIO()
    call_command("instrument_items", "--json", stdout=out)
    items = json.loads(out.getvalue())
    scale = [i for i in items if i["type"] == "scale"]
    text = [i for i in items if i["type"] == "text"]
    assert scale and all("columns" in i and "dimension" in i for i in scale)
    assert [i["code"] for i in text] == list(
        OpenQuestion.objects.filter(instrument=instrument).values_list("code", flat=True)
    )
    first = text[0]
    assert first["columns"] == [first["code"]] and first["required"] is False and first["max_length"] == 500
    assert first["sides"] == ["business"] and first["text"]["en"]
    assert {i["type"] for i in items} == {"scale", "text"}


def test_it_imports_the_open_question_columns(campaign):
    upload = _csv(
        campaign,
        [
            ("business", "Sales", {"OPEN-BUS-1": "Talk to us, with a comma"}),
            ("business", "Sales", {"OPEN-BUS-2": "Stop the forms"}),
            ("business", "Sales", {}),
        ],
        ["OPEN-BUS-1", "OPEN-BUS-2"],
    )
    result = responses_import(campaign=campaign, file=upload, filename="workshop.csv")
    assert result.total == 3
    # Imported rows only: published at once (they isolate nobody who answered online).
    assert sorted(Comment.objects.values_list("text", "published", "pending_department")) == [
        ("Stop the forms", True, ""),
        ("Talk to us, with a comma", True, ""),
    ]


def test_it_names_the_row_and_column_of_a_bad_open_answer(campaign):
    upload = _csv(
        campaign,
        [
            ("business", "Sales", {"OPEN-BUS-1": "x" * 501}),
            ("business", "Sales", {"OPEN-IT-1": "Not asked of business"}),
        ],
        ["OPEN-BUS-1", "OPEN-IT-1"],
    )
    with pytest.raises(ApplicationError) as raised:
        responses_import(campaign=campaign, file=upload, filename="workshop.csv")
    errors = raised.value.extra["errors"]
    assert "row 2, column OPEN-BUS-1: the text has 501 characters; at most 500 are allowed" in errors
    assert "row 3, column OPEN-IT-1: must be empty: this question is not asked when side is business" in errors
    assert not Response.objects.exists() and not Comment.objects.exists()


def test_it_puts_the_open_questions_in_the_import_template(client, alice, campaign):
    from django.urls import reverse

    client.force_login(alice)
    r = client.get(reverse("manage:responses_template", args=[campaign.pk, "csv"]), {"side": "business"})
    assert r.status_code == 200
    header, statements = r.content.decode("utf-8-sig").splitlines()[:2]
    assert header.split(",")[-3:] == ["OPEN-BUS-1", "OPEN-BUS-2", "OPEN-BUS-3"]
    assert "One thing IT should start doing (optional text, at most 500 characters)" in statements
    assert "OPEN-IT-1" not in header


def _scores_json(campaign, *args: str) -> dict:
    out = io.StringIO()
    call_command("campaign_scores", str(campaign.pk), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def _say(campaign, side: str, text: str, department: str = "") -> None:
    response_create_submitted(
        campaign=campaign,
        side=side,
        answers=dict.fromkeys(all_fields(campaign, side), "3"),
        department=department,
        source=Response.Source.LINK,
        comments={"OPEN-BUS-1" if side == "business" else "OPEN-IT-1": text},
    )


@override_settings(LANGUAGE_CODE="en")
def test_it_counts_comments_in_the_scores_json_and_never_their_text(campaign):
    for i in range(3):
        _say(campaign, "business", f"secret words {i}", department="Sales")
    _say(campaign, "it", "lonely IT words")
    Comment.objects.filter(text="secret words 0").update(themes=["TRU", "BEH-IT"])
    Comment.objects.filter(text="secret words 1").update(hidden=True)
    data = _scores_json(campaign)
    assert "relationship" in data and "recommendations" in data  # every existing key kept
    assert data["comments"]["total"] == 3
    assert data["comments"]["hidden"] == 1
    assert data["comments"]["untagged"] == 1
    assert data["comments"]["themes"]["TRU"] == 1 and data["comments"]["themes"]["BEH-IT"] == 1
    assert data["comments"]["sides"] == ["business"]
    text = json.dumps(data)
    assert "secret words" not in text and "lonely" not in text
    # A department view, and a campaign where no side reaches the threshold: nothing at all.
    assert _scores_json(campaign, "--department", "Sales")["comments"] is None


def test_it_has_no_comment_counts_under_the_threshold(campaign):
    _say(campaign, "business", "only me")
    assert _scores_json(campaign)["comments"] is None


def test_it_loads_the_open_questions_of_an_uploaded_version(org):
    from assessments.services.instruments import instrument_create

    content = read_content()
    overview = {**content["overview"], "version": "2027.1-acme"}
    instruments = {kind: {**doc, "version": "2027.1-acme"} for kind, doc in content["instruments"].items()}
    questions = [{"code": "OPEN-ACME-1", "sides": ["it"], "max_length": 200, "text": {"en": "What should we fix?"}}]
    prepared = content_prepare(instruments=instruments, overview=overview, open_questions=questions)
    instrument = instrument_create(content=prepared, organisation=org)
    loaded = list(instrument.open_questions.values_list("code", "sides", "max_length"))
    assert loaded == [("OPEN-ACME-1", ["it"], 200)]
