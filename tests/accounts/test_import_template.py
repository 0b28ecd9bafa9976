"""The import template (issue 17 item 2): an example row that is never imported, drop-downs of the valid organisation
kinds and roles (and the other lists) from a sheet of valid values; dates as 1996-5-6, 1996/5/6 or 1996年5月6日;
a failed person row is reported once (no knock-on errors on the role sheet); bad phone numbers and emails are
reported with their row."""

import datetime

import pytest
from django.utils import translation
from openpyxl import load_workbook

from accounts.identity import make_id_number
from accounts.import_template import VALUES_SHEET, write_template
from accounts.importers import SHEETS, ImportRefused, import_workbook
from accounts.models import Membership, OrganisationKind, User
from accounts.roles import Role
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    return path


def fill(template, tmp_path, rows: dict):
    """The template with rows appended below its example, each a dict of field -> value."""
    book = load_workbook(template)
    for key, records in rows.items():
        title, columns = SHEETS[key]
        for record in records:
            book[title].append([record.get(name) for name, _zh, _en, _required in columns])
    path = tmp_path / "filled.xlsx"
    book.save(path)
    return path


def person(username, born, n, **extra):
    return {
        "username": username,
        "real_name": f"姓名{n}",
        "gender": "女",
        "birth_date": born,
        "id_number": make_id_number("330100", datetime.date(1996, 5, 6), n * 2),
        **extra,
    }


def role(username, code):
    return {"username": username, "organisation_code": code, "role": "党员", "valid_from": "2026-9-1"}


def test_the_template_has_an_example_row_and_a_sheet_of_valid_values(template):
    book = load_workbook(template)
    assert book.sheetnames == ["组织", "人员", "角色", VALUES_SHEET]
    for title, _columns in SHEETS.values():
        assert book[title].max_row >= 2 and book[title]["A2"].value  # the example
    values = {column[0].value: [c.value for c in column[1:] if c.value] for column in book[VALUES_SHEET].columns}
    with translation.override("zh-hans"):
        assert values["组织类型"] == [str(label) for label in OrganisationKind.labels]
        assert values["角色"] == [str(label) for label in Role.labels]
    assert "ORG_ADMIN" not in str(values)  # people read labels, not codes


@pytest.mark.parametrize(("title", "column", "heading"), [("组织", "C", "组织类型"), ("角色", "C", "角色")])
def test_the_kind_and_role_columns_offer_a_drop_down_of_the_valid_values(template, title, column, heading):
    book = load_workbook(template)
    (check,) = [v for v in book[title].data_validations.dataValidation if str(v.sqref).startswith(f"{column}2:")]
    assert check.type == "list"
    letter = next(c[0].column_letter for c in book[VALUES_SHEET].columns if c[0].value == heading)
    assert check.formula1.startswith(f"'{VALUES_SHEET}'!${letter}$2:")


def test_the_template_as_downloaded_imports_nothing(template):
    assert import_workbook(template) == {"organisations": 0, "people": 0, "memberships": 0}


def test_rows_below_the_example_import_with_dates_written_three_ways(template, tmp_path):
    branch = OrganisationFactory.create(kind=OrganisationKind.BUREAU, code="EDU")
    days = {"a": "1996-5-6", "b": "1996/5/6", "c": "1996年5月6日"}
    rows = {
        "people": [person(name, day, n) for n, (name, day) in enumerate(days.items(), start=1)],
        "memberships": [role(name, "EDU") for name in days],
    }
    assert import_workbook(fill(template, tmp_path, rows)) == {"organisations": 0, "people": 3, "memberships": 3}
    assert {u.birth_date for u in User.objects.filter(username__in=days)} == {datetime.date(1996, 5, 6)}
    assert set(Membership.objects.filter(organisation=branch).values_list("valid_from", flat=True)) == {
        datetime.date(2026, 9, 1)
    }


def test_a_failed_person_row_is_reported_once_not_again_on_the_role_sheet(template, tmp_path):
    OrganisationFactory.create(kind=OrganisationKind.BUREAU, code="EDU")
    bad = person("bad", "1996-5-6", 1, id_number="330100199605060000")  # wrong check character
    rows = {"people": [bad, person("good", "1996-5-6", 2)], "memberships": [role("bad", "EDU"), role("good", "EDU")]}
    with pytest.raises(ImportRefused) as refused:
        import_workbook(fill(template, tmp_path, rows))
    assert [(e.sheet, e.row) for e in refused.value.errors] == [("人员", 3)]
    assert not User.objects.filter(username__in=["bad", "good"]).exists()


def test_bad_phone_numbers_and_emails_are_reported_with_their_rows(template, tmp_path):
    rows = {
        "people": [
            person("p1", "1996-5-6", 1, phone="1380013800"),
            person("p2", "1996-5-6", 2, email="p2@"),
            person("p3", "1996-5-6", 3, phone=13800138000.0, email="p3@example.cn"),  # a number cell is fine
        ]
    }
    with pytest.raises(ImportRefused) as refused:
        import_workbook(fill(template, tmp_path, rows))
    assert [(e.sheet, e.row) for e in refused.value.errors] == [("人员", 3), ("人员", 4)]


def test_a_date_that_is_not_one_is_reported(template, tmp_path):
    rows = {"people": [person("p1", "1996-13-6", 1)]}
    with pytest.raises(ImportRefused) as refused:
        import_workbook(fill(template, tmp_path, rows))
    assert [(e.sheet, e.row) for e in refused.value.errors] == [("人员", 3)]
