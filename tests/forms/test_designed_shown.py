"""forms.designed_shown: stored values as people read them — names, not ids; texts, not keys."""

import json
from decimal import Decimal

import pytest
from django.utils import translation

from forms.designed import table_sum
from forms.designed_shown import money_text, names_of, shown_values
from tests.forms.test_designed_cleaning import FIELDS, ITEMS

VALUES = {
    "fld_title": "暑期培训",
    "fld_notes": None,
    "fld_days": "2.5",
    "fld_budget": "1234.5",
    "fld_on": "2026-09-01",
    "fld_period": {"start": "2026-12-30", "end": "2027-01-04", "days": 6, "working_days": 1},
    "fld_level": "区级",
    "fld_stars": ["德育之星", "科学之星"],
    "fld_reviewer": 12,
    "fld_team": [12, 15],
    "fld_host": 4,
    "fld_files": [7, 8],
    "fld_items": [
        {"col_what": "车费", "col_amount": "0.10", "col_hours": "1.5", "col_on": "2026-09-04", "col_kind": "交通"},
        {"col_what": "住宿费", "col_amount": "1000.20", "col_hours": None, "col_on": None, "col_kind": None},
    ],
}
NAMES, PLACES = {12: "李老师", 15: "王老师"}, {4: "城关一小"}


def shown(**kwargs):
    with translation.override("zh-hans"):
        return {
            item["label"]: item for item in shown_values(FIELDS, VALUES, names=NAMES, organisations=PLACES, **kwargs)
        }


def test_each_type_reads_in_chinese():
    texts = {label: item["text"] for label, item in shown().items()}
    assert texts == {
        "培训名称": "暑期培训",
        "说明": "—",
        "培训天数": "2.5",
        "预算": "¥1,234.50",
        "报到日期": "2026年9月1日",
        "培训时间": "2026年12月30日 至 2027年1月4日（1 个工作日）",
        "级别": "区级",
        "星级": "德育之星、科学之星",
        "审核人": "李老师",
        "同行人员": "李老师、王老师",
        "承办学校": "城关一小",
        "附件": "2 个文件",
        "费用明细": "2 行",
    }  # the explanation is not a value: left out


def test_a_range_within_one_year_names_the_year_once():
    values = {"fld_period": {"start": "2026-09-01", "end": "2026-09-03", "days": 3, "working_days": 3}}
    with translation.override("zh-hans"):
        [item] = shown_values([FIELDS[5]], values, names={}, organisations={})
    assert item["text"] == "2026年9月1日 至 9月3日（3 个工作日）"


def test_a_table_reads_as_rows_with_a_sum_row():
    table = shown()["费用明细"]
    assert table["columns"] == ["项目", "金额", "课时", "日期", "类别"]
    assert table["rows"] == [
        ["车费", "¥0.10", "1.5", "2026年9月4日", "交通"],
        ["住宿费", "¥1,000.20", "—", "—", "—"],
    ]
    assert table["sums"] == ["", "¥1,000.30", "1.5", "", ""]
    assert table_sum(VALUES, "fld_items", "col_amount") == Decimal("1000.30")


def test_hidden_fields_are_left_out_and_no_key_or_id_is_shown():
    items = shown(permissions={"fld_budget": "hidden", "fld_reviewer": "hidden"})
    assert "预算" not in items and "审核人" not in items and "培训名称" in items
    readable = [{k: v for k, v in item.items() if k not in ("kind", "attachments")} for item in items.values()]
    flat = json.dumps(readable, ensure_ascii=False)
    keys = {spec["key"] for spec in FIELDS} | {column["key"] for column in ITEMS["columns"]}
    assert not [key for key in keys if key in flat]


def test_someone_not_found_is_not_shown_by_id():
    with translation.override("zh-hans"):
        [item] = shown_values([FIELDS[8]], {"fld_reviewer": 99}, names={}, organisations={})
    assert "99" not in item["text"] and item["text"]


def test_money_is_exact_and_grouped():
    assert (
        money_text("0.1") == "¥0.10" and money_text("-5") == "-¥5.00" and money_text("1234567.891") == "¥1,234,567.89"
    )


@pytest.mark.django_db
def test_names_are_read_for_the_ids_the_values_name(tree, people):
    values = {"fld_reviewer": people.secretary.pk, "fld_team": [people.member.pk], "fld_host": tree.school.pk}
    names, places = names_of(FIELDS, values)
    assert names == {people.secretary.pk: "林书记", people.member.pk: "郑党员"}
    assert places == {tree.school.pk: "城关一小"}
