"""forms.designed: each field type cleaned to its stored value, bad input refused with a stable code, the API
payload checked by the same rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.models import Organisation, User
from core.exceptions import ApplicationError
from forms.designed import api_values, fill_attachments, form_class, stored_values, table_sum
from forms.designed_fields import Files
from tests.factories import UserFactory
from workflows.models import WorkdayOverride

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 8, 20)

ITEMS = {
    "key": "fld_items",
    "type": "table",
    "label": "费用明细",
    "min_rows": 1,
    "max_rows": 3,
    "columns": [
        {"key": "col_what", "type": "text", "label": "项目", "required": True},
        {"key": "col_amount", "type": "money", "label": "金额", "required": True},
        {"key": "col_hours", "type": "number", "label": "课时", "places": 1},
        {"key": "col_on", "type": "date", "label": "日期"},
        {"key": "col_kind", "type": "choice", "label": "类别", "options": ["交通", "住宿"]},
    ],
}
FIELDS = [
    {"key": "fld_title", "type": "text", "label": "培训名称", "required": True, "max_length": 10, "hint": "写全称"},
    {"key": "fld_notes", "type": "textarea", "label": "说明"},
    {"key": "fld_days", "type": "number", "label": "培训天数", "min": "0.5", "max": "30", "places": 1},
    {"key": "fld_budget", "type": "money", "label": "预算", "min": "0", "max": "100000"},
    {"key": "fld_on", "type": "date", "label": "报到日期", "min": "2026-09-01", "max": "2026-12-31"},
    {"key": "fld_period", "type": "daterange", "label": "培训时间"},
    {"key": "fld_level", "type": "choice", "label": "级别", "options": ["校级", "区级"]},
    {"key": "fld_stars", "type": "multichoice", "label": "星级", "options": ["德育之星", "教学之星", "科学之星"],
     "min_count": 1, "max_count": 2},
    {"key": "fld_reviewer", "type": "person", "label": "审核人"},
    {"key": "fld_team", "type": "person", "label": "同行人员", "multiple": True},
    {"key": "fld_host", "type": "organisation", "label": "承办学校"},
    {"key": "fld_files", "type": "attachments", "label": "附件", "max_count": 2},
    ITEMS,
    {"key": "fld_note", "type": "explanation", "label": "须知", "text": "请如实填写"},
]  # fmt: skip


@pytest.fixture
def picks(tree):
    chosen = [UserFactory(real_name="李老师"), UserFactory(real_name="王老师")]
    return {
        "people": User.objects.filter(pk__in=[p.pk for p in chosen]),
        "organisations": Organisation.objects.filter(pk__in=[tree.school.pk, tree.community.pk]),
        "chosen": chosen,
        "outsider": UserFactory(real_name="外人"),
        "tree": tree,
    }


def make(picks, data, files=None, fields=FIELDS, **kwargs):
    cls = form_class(fields, people=picks["people"], organisations=picks["organisations"], today=TODAY, **kwargs)
    return cls(data, files or {})


def codes(form, key):
    return [error.code for error in form.errors.as_data().get(key, [])]


def test_a_filled_form_is_stored_as_the_format_says(picks):
    first, second = picks["chosen"]
    data = {
        "fld_title": " 暑期培训 ", "fld_notes": "", "fld_days": "2.5", "fld_budget": "1234.5",
        "fld_on": "2026-09-01", "fld_period_0": "2026-09-04", "fld_period_1": "2026-09-07", "fld_level": "区级",
        "fld_stars": ["德育之星", "科学之星"], "fld_reviewer": str(first.pk),
        "fld_team": [str(first.pk), str(second.pk)],
        "fld_host": str(picks["tree"].school.pk),
        "fld_items-0-col_what": "车费", "fld_items-0-col_amount": "0.1", "fld_items-0-col_kind": "交通",
        "fld_items-3-col_what": "住宿费", "fld_items-3-col_amount": "0.2", "fld_items-3-col_hours": "1.5",
        "fld_items-3-col_on": "2026-09-04",
        "fld_items-1-col_what": "", "fld_items-1-col_amount": "",  # an empty row is no row
    }  # fmt: skip
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    form = make(picks, data, {"fld_files": [upload]})
    assert form.is_valid(), form.errors
    stored = form.stored_values()
    assert stored == {
        "fld_title": "暑期培训",
        "fld_notes": None,
        "fld_days": "2.5",
        "fld_budget": "1234.50",
        "fld_on": "2026-09-01",
        # Friday to Monday: four days, two of them working days
        "fld_period": {"start": "2026-09-04", "end": "2026-09-07", "days": 4, "working_days": 2},
        "fld_level": "区级",
        "fld_stars": ["德育之星", "科学之星"],
        "fld_reviewer": first.pk,
        "fld_team": [first.pk, second.pk],
        "fld_host": picks["tree"].school.pk,
        "fld_files": [None],
        "fld_items": [
            {"col_what": "车费", "col_amount": "0.10", "col_hours": None, "col_on": None, "col_kind": "交通"},
            {"col_what": "住宿费", "col_amount": "0.20", "col_hours": "1.5", "col_on": "2026-09-04", "col_kind": None},
        ],
    }
    assert form.cleaned_data["fld_files"].new == [upload]
    assert fill_attachments(stored, FIELDS, form.cleaned_data, lambda u: 41)["fld_files"] == [41]
    assert table_sum(stored, "fld_items", "col_amount") == Decimal("0.30")
    assert str(table_sum(stored, "fld_items", "col_amount")) == "0.30"
    assert table_sum(stored, "fld_items", "col_hours") == Decimal("1.5")


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("fld_title", "一二三四五六七八九十一", "max_length"),
        ("fld_days", "0.4", "min_value"),
        ("fld_days", "31", "max_value"),
        ("fld_days", "2.55", "number_places"),
        ("fld_days", "1e3", "number_invalid"),
        ("fld_days", "abc", "number_invalid"),
        ("fld_budget", "1.234", "money_places"),
        ("fld_budget", "1,234.50", "money_invalid"),
        ("fld_budget", "NaN", "money_invalid"),
        ("fld_budget", "-1", "min_value"),
        ("fld_on", "2026-08-31", "min_value"),
        ("fld_on", "2027-01-01", "max_value"),
        ("fld_on", "9/1/2026", "invalid"),
        ("fld_level", "市级", "invalid_choice"),
    ],
)
def test_a_bad_value_is_refused_with_its_code(picks, key, value, code):
    form = make(picks, {"fld_title": "培训", key: value})
    assert not form.is_valid()
    assert codes(form, key) == [code]


def test_a_required_field_left_empty_is_refused(picks):
    form = make(picks, {"fld_title": "  "})
    assert codes(form, "fld_title") == ["required"]


def test_a_whole_number_with_trailing_zeros_is_that_number(picks):
    fields = [{"key": "fld_n", "type": "number", "label": "人数"}]
    form = make(picks, {"fld_n": "3.00"}, fields=fields)
    assert form.is_valid() and form.stored_values() == {"fld_n": "3"}
    assert codes(make(picks, {"fld_n": "3.5"}, fields=fields), "fld_n") == ["number_places"]


def test_a_date_range_ending_before_it_starts_or_half_filled_is_refused(picks):
    backwards = make(picks, {"fld_title": "x", "fld_period_0": "2026-09-03", "fld_period_1": "2026-09-01"})
    assert codes(backwards, "fld_period") == ["end_before_start"]
    half = make(picks, {"fld_title": "x", "fld_period_0": "2026-09-03", "fld_period_1": ""})
    assert codes(half, "fld_period") == ["range_incomplete"]


def test_choices_are_counted(picks):
    assert codes(make(picks, {"fld_title": "x", "fld_stars": ["德育之星", "教学之星", "科学之星"]}), "fld_stars") == [
        "too_many_choices"
    ]
    assert codes(make(picks, {"fld_title": "x", "fld_stars": ["别的"]}), "fld_stars") == ["invalid_choice"]


def test_only_the_eligible_people_and_organisations_can_be_picked(picks):
    outsider, other = picks["outsider"], picks["tree"].other_bureau
    form = make(picks, {"fld_title": "x", "fld_reviewer": str(outsider.pk), "fld_host": str(other.pk)})
    assert codes(form, "fld_reviewer") == ["person_not_eligible"]
    assert codes(form, "fld_host") == ["organisation_not_eligible"]
    several = make(picks, {"fld_title": "x", "fld_team": [str(picks["chosen"][0].pk), str(outsider.pk)]})
    assert codes(several, "fld_team") == ["person_not_eligible"]
    assert codes(make(picks, {"fld_title": "x", "fld_reviewer": "abc"}), "fld_reviewer") == ["person_not_eligible"]


def test_table_rows_are_counted_and_each_cell_checked(picks):
    def rows(n, amount="1"):
        return {f"fld_items-{i}-{c}": v for i in range(n) for c, v in (("col_what", "车费"), ("col_amount", amount))}

    too_many = make(picks, {"fld_title": "x", **rows(4)})
    assert codes(too_many, "fld_items") == ["too_many_rows"]
    with translation.override("zh-hans"):
        bad_cell = make(picks, {"fld_title": "x", **rows(1, amount="1.234")})
        assert codes(bad_cell, "fld_items") == ["money_places"]
    assert bad_cell.errors["fld_items"] == ["第 1 行「金额」：请输入以元为单位的金额，最多 2 位小数。"]
    missing = make(picks, {"fld_title": "x", "fld_items-0-col_what": "车费"})
    assert codes(missing, "fld_items") == ["required"]


def test_attachments_are_counted_and_kept(picks):
    def upload(n):
        return SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4", content_type="application/pdf")

    form = make(picks, {"fld_title": "x"}, {"fld_files": [upload(1), upload(2), upload(3)]})
    assert codes(form, "fld_files") == ["too_many_files"]
    added = upload(4)
    kept = make(picks, {"fld_title": "x"}, {"fld_files": [added]}, initial={"fld_files": [7]})
    assert kept.is_valid(), kept.errors
    assert kept.cleaned_data["fld_files"] == Files(kept=[7], new=[added])
    assert kept.stored_values()["fld_files"] == [7, None]


def test_the_api_payload_is_checked_by_the_same_rules(picks):
    first = picks["chosen"][0]
    payload = {
        "fld_title": "培训", "fld_days": "3", "fld_budget": "0.1",
        "fld_period": {"start": "2026-09-01", "end": "2026-09-03"},
        "fld_team": [first.pk], "fld_files": [5, 6],
        "fld_items": [{"col_what": "车费", "col_amount": "10"}, {"col_what": "餐费", "col_amount": 5}],
    }  # fmt: skip
    kwargs = {"people": picks["people"], "organisations": picks["organisations"], "today": TODAY}
    stored = api_values(FIELDS, payload, **kwargs)
    assert stored["fld_budget"] == "0.10" and stored["fld_days"] == "3.0" and stored["fld_team"] == [first.pk]
    assert stored["fld_period"] == {"start": "2026-09-01", "end": "2026-09-03", "days": 3, "working_days": 3}
    assert stored["fld_files"] == [5, 6] and stored["fld_reviewer"] is None
    assert [row["col_amount"] for row in stored["fld_items"]] == ["10.00", "5.00"]
    assert "fld_note" not in stored

    bad = {"fld_title": "培训", "fld_budget": 0.1, "fld_reviewer": picks["outsider"].pk, "fld_unknown": "x"}
    with pytest.raises(ApplicationError) as refused:
        api_values(FIELDS, bad, **kwargs)
    assert refused.value.code == "form_invalid"
    assert set(refused.value.fields) == {"fld_budget", "fld_reviewer", "fld_unknown"}
    with pytest.raises(ApplicationError) as files:
        api_values(FIELDS, {"fld_title": "x", "fld_files": ["a"]}, **kwargs)
    assert set(files.value.fields) == {"fld_files"}


def test_stored_values_leave_out_fields_the_form_did_not_have():
    assert stored_values(FIELDS, {"fld_title": "x"}) == {"fld_title": "x"}


def test_the_api_keeps_what_a_node_may_only_read_and_refuses_changing_it(picks):
    kwargs = {"people": picks["people"], "organisations": picks["organisations"], "today": TODAY}
    permissions = {"fld_title": "read", "fld_budget": "edit", "fld_level": "hidden"}
    initial = {"fld_title": "暑期培训", "fld_budget": "10.00", "fld_level": "区级"}
    stored = api_values(FIELDS, {"fld_budget": "99"}, permissions=permissions, initial=initial, **kwargs)
    assert stored["fld_title"] == "暑期培训" and stored["fld_budget"] == "99.00" and "fld_level" not in stored
    with pytest.raises(ApplicationError) as refused:
        api_values(FIELDS, {"fld_title": "改", "fld_level": "校级"}, permissions=permissions, initial=initial, **kwargs)
    assert set(refused.value.fields) == {"fld_title", "fld_level"}


def test_a_key_that_names_something_of_a_form_is_just_a_field(picks):
    fields = [{"key": key, "type": "text", "label": f"第{n}项"} for n, key in enumerate(("clean", "data", "errors"))]
    form = make(picks, {"clean": "a", "data": "b", "errors": "c"}, fields=fields)
    assert form.is_valid(), form.errors
    assert form.stored_values() == {"clean": "a", "data": "b", "errors": "c"}


def test_a_date_range_counts_working_days_with_the_calendar_and_its_corrections(picks):
    fields = [{"key": "fld_period", "type": "daterange", "label": "培训时间", "required": True}]
    national_day = {"fld_period_0": "2026-09-30", "fld_period_1": "2026-10-07"}  # 国庆 2026: 1–7 October off
    form = make(picks, national_day, fields=fields)
    assert form.is_valid(), form.errors
    period = form.stored_values()["fld_period"]
    assert period["days"] == 8 and period["working_days"] == 1  # 30 September only
    WorkdayOverride.objects.create(date=datetime.date(2026, 9, 2), is_workday=False, note="台风停课")
    corrected = make(picks, {"fld_period_0": "2026-09-01", "fld_period_1": "2026-09-03"}, fields=fields)
    assert corrected.is_valid() and corrected.stored_values()["fld_period"]["working_days"] == 2
    assert codes(make(picks, {}, fields=fields), "fld_period") == ["required"]
