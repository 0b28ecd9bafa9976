"""The results as .xlsx: the table with every intermediate value, the indicator scores behind each figure,
the scheme and the corrections; the same file from the API and from the results page."""

import io
from decimal import Decimal as D

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.workflows.evaluation.conftest import act, grade_ready
from workflows.evaluation.export import XLSX

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(yuhuan):
    case = grade_ready(yuhuan, yuhuan.collab)
    act(case, "aggregate", yuhuan.basic_edu, {})
    act(case, "publish", yuhuan.leading, {})
    return case


def test_the_workbook_holds_the_results_the_inputs_and_the_scheme(yuhuan, published):
    client = APIClient()
    client.force_authenticate(yuhuan.collab_member_lead)
    response = client.get(f"/api/v1/evaluation/cases/{published.pk}/results.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert f"-{published.school_year}-v1.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Results", "Indicator scores", "Scheme", "Corrections"]
    results = list(book["Results"].values)
    header, rows = results[0], results[1:]
    assert len(rows) == 1 and header[0] == "Core school"
    row = dict(zip(header, rows[0], strict=True))
    assert (row["Core school"], row["Member school"]) == ("楚门中学", "清港中学")
    assert D(str(row["Total, core school"])) == D(str(row["Total, member school"])) == D("84.7")
    assert D(str(row["Year-end part, core school"])) == D("34") and D(str(row["Pooled term 1"])) == D("82")
    assert row["Feature development (F)"] is None
    scores = list(book["Indicator scores"].values)[1:]
    assert len(scores) == 4 * 6 + 4  # four routine terms of six indicators, the help project's four
    scheme = dict(list(book["Scheme"].values)[1:])
    assert scheme["Routine work of a pair"].startswith("Pooled") and scheme["Scheme version"].startswith("玉环市")
    assert "YH-" not in str(scheme) and "R1" not in str(scheme)  # the version and its indicator sets by their titles


def test_the_results_page_links_the_same_download(yuhuan, published):
    client = Client()
    client.force_login(yuhuan.leading)
    page = client.get(f"/evaluation/{published.pk}/results/").content.decode()
    assert f'href="/evaluation/{published.pk}/results.xlsx"' in page
    assert f"#routine-{published.routine.get(school=yuhuan.collab_core, term=1).pk}" in page  # the input behind N1_K
    response = client.get(f"/evaluation/{published.pk}/results.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
