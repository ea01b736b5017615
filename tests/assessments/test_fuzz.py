"""Hostile and random input never becomes a 500: a validation message or a success.

Hypothesis posts random and hostile values to every field of a respondent page and builds random
CSV files for the import; the CSV import and the answer pages share the instrument's validation.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Answer, Response
from assessments.selectors.instruments import campaign_pages
from assessments.services.imports import responses_import
from brmportal.lib.exceptions import ApplicationError
from respondent.forms import field_name

HOSTILE = [
    "<script>alert('x')</script>",
    "'; DROP TABLE assessments_answer; --",
    '=HYPERLINK("http://evil.example")',
    "1 OR 1=1",
    "\u202e5",
    "٣",  # an Arabic-Indic digit three
    "3.0",
    "-1",
    "99999999999999999999",
    "dk\x00",
    "x" * 5000,
    "",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=200), st.integers().map(str))
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_it_answers_random_page_posts_with_a_message_or_a_redirect(client, invitation, data):
    page = campaign_pages(campaign=invitation.campaign, side="business")[0]
    post = {field_name(code, aspect): data.draw(values) for code, aspect in page.fields}
    post["action"] = data.draw(st.sampled_from(["next", "back", "save", "<b>", ""]))
    r = client.post(reverse("respondent:page", args=[invitation.token, 1]), post)
    assert r.status_code in {200, 302}
    if r.status_code == 200:
        body = r.content.decode()
        assert "<script>alert" not in body  # whatever was posted comes back escaped
    # Only values of the scale (or dk) were stored.
    for value, special in Answer.objects.filter(response__invitation=invitation).values_list("value", "special"):
        assert (value in range(1, 6) and special == "") or (value is None and special == "dk")


def _csv(rows: list[list[str]]) -> io.BytesIO:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8", "surrogatepass"))


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_it_imports_random_files_all_or_nothing_with_messages(campaign, data):
    columns = [
        c if a == "value" else f"{c}.{a}"
        for p in campaign_pages(campaign=campaign, side="business")
        for c, a in p.fields
    ]
    header = ["side", "department", *columns]
    rows = [header]
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        row = ["business", data.draw(st.sampled_from(["Sales", "", "<i>Finance</i>", "=1+1"]))]
        row += [data.draw(st.one_of(st.sampled_from(["1", "3", "5", "dk"]), values)) for _ in columns]
        rows.append(row)
    before = Response.objects.count()
    try:
        result = responses_import(campaign=campaign, file=_csv(rows), filename="answers.csv")
    except ApplicationError as exc:
        errors = exc.extra.get("errors") or [exc.message]
        assert errors and all(isinstance(e, str) and e for e in errors)
        assert Response.objects.count() == before  # nothing stored
    else:
        assert Response.objects.count() == before + result.total
