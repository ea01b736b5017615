"""Imported answers about a business unit (issue #20): the `partner` column names the one unit a
row's answers are about and becomes the response's primary unit; required when the campaign
covers units, refused rows say why; the answers template has the column; a campaign without
units imports exactly as before."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.import_jobs import ImportJob
from assessments.models import Campaign, Response, ResponsePartner
from assessments.services.imports import responses_import
from assessments.services.partners import unit_create
from assessments.tasks.imports import import_job_run
from brmportal.lib.exceptions import ApplicationError
from tests.helpers import all_fields, responses_upload_url
from tests.partners import units

pytestmark = pytest.mark.django_db


def _columns(campaign: Campaign) -> list[str]:
    """Every answer column either side is asked, once each, in questionnaire order."""
    seen: dict[str, None] = {}
    for side in ("business", "it"):
        for code, aspect in all_fields(campaign, side):
            seen.setdefault(code if aspect == "value" else f"{code}.{aspect}")
    return list(seen)


def _file(campaign: Campaign, rows: list[tuple[str, str]], *, partner_column: bool = True) -> io.BytesIO:
    """A CSV of (side, partner) rows, every question of the row's side answered 3."""
    columns = _columns(campaign)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["side", *(["partner"] if partner_column else []), *columns])
    for side, partner in rows:
        mine = {code if aspect == "value" else f"{code}.{aspect}" for code, aspect in all_fields(campaign, side)}
        writer.writerow([side, *([partner] if partner_column else []), *("3" if c in mine else "" for c in columns)])
    data = io.BytesIO(buffer.getvalue().encode())
    data.name = "answers.csv"
    return data


def _import(campaign: Campaign, data: io.BytesIO):
    return responses_import(campaign=campaign, file=data, filename="answers.csv")


def _errors(campaign: Campaign, data: io.BytesIO) -> list[str]:
    with pytest.raises(ApplicationError) as info:
        _import(campaign, data)
    assert not Response.objects.filter(campaign=campaign).exists()  # all or nothing
    return info.value.extra["errors"]


@pytest.fixture
def covered(campaign) -> dict:
    found = units(campaign, "Finance", "Sales")
    found["HR"] = unit_create(organisation=campaign.organisation, name="HR")  # not covered
    return found


def test_each_row_rates_the_unit_it_names(campaign, covered):
    result = _import(campaign, _file(campaign, [("business", "finance"), ("it", " Sales "), ("it", "Finance")]))
    assert result.total == 3
    links = ResponsePartner.objects.filter(response__campaign=campaign).order_by("response_id")
    assert [(link.response.side, link.partner.name, link.primary, link.order) for link in links] == [
        ("business", "Finance", True, 0),
        ("it", "Sales", True, 0),
        ("it", "Finance", True, 0),
    ]
    assert all(link.organisation_id == campaign.organisation_id for link in links)


def test_the_column_is_required_when_the_campaign_covers_units(campaign, covered):
    errors = _errors(campaign, _file(campaign, [("business", "")], partner_column=False))
    assert errors == ["row 1, column partner: required column is missing"]


def test_refused_rows_say_why(campaign, covered):
    rows = [("business", "Finance"), ("business", ""), ("it", "Marketing"), ("it", "HR"), ("business", "Finance;Sales")]
    errors = _errors(campaign, _file(campaign, rows))
    assert errors[0] == "row 3, column partner: the business unit is missing (required: one this campaign covers)"
    assert errors[1].startswith('row 4, column partner: "Marketing" is not a business unit of the organisation')
    assert errors[2] == 'row 5, column partner: "HR" is not a business unit this campaign covers (Finance or Sales)'
    # One unit a row: its answers are about that unit.
    assert errors[3] == "row 6, column partner: name one business unit a row: the one the row's answers are about"
    assert len(errors) == 4


def test_a_campaign_without_units_imports_as_before(campaign, org):
    unit_create(organisation=org, name="Finance")  # the organisation's, not the campaign's
    assert _import(campaign, _file(campaign, [("business", "")], partner_column=False)).total == 1
    assert _import(campaign, _file(campaign, [("it", "")])).total == 1  # an empty column is fine
    assert not ResponsePartner.objects.filter(response__campaign=campaign).exists()
    Response.objects.filter(campaign=campaign).delete()
    errors = _errors(campaign, _file(campaign, [("business", "Finance")]))
    assert errors == ["row 2, column partner: this campaign covers no business units: leave the cell empty"]


def test_the_web_upload_stores_the_unit(client, alice, campaign, covered, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(alice)
    response = client.post(responses_upload_url(campaign), {"file": _file(campaign, [("business", "Sales")])})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.errors
    assert list(ResponsePartner.objects.values_list("partner__name", "primary")) == [("Sales", True)]


# --- the answers template ------------------------------------------------------------------------


def _template(client, campaign, side: str = "business") -> list[list[str]]:
    url = reverse("manage:responses_template", args=[campaign.pk, "csv"])
    text = client.get(url, {"side": side}).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_template_has_the_column_when_the_campaign_covers_units(client, alice, campaign, covered):
    client.force_login(alice)
    header, statements = _template(client, campaign)
    assert header[:3] == ["side", "department", "partner"]
    assert statements[2] == "Business unit the answers are about (one): Finance, Sales"


def test_the_template_has_no_column_without_units(client, alice, campaign):
    client.force_login(alice)
    header, _statements = _template(client, campaign)
    assert "partner" not in header and header[:2] == ["side", "department"]


def test_a_filled_template_imports(client, alice, campaign, covered, tmp_path: Path):
    client.force_login(alice)
    header, statements = _template(client, campaign, side="it")
    mine = {code if aspect == "value" else f"{code}.{aspect}" for code, aspect in all_fields(campaign, "it")}
    row = ["it", "", "Finance", *("4" if column in mine else "" for column in header[3:])]
    path = tmp_path / "filled.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([header, statements, row])
    assert responses_import(campaign=campaign, file=path, filename=path.name).total == 1
    assert ResponsePartner.objects.get().partner == covered["Finance"]
