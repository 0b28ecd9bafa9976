"""forms.designed: a node's field permissions (edit / read / hidden) and the rendered form (labels, never keys)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation

from forms.designed import form_class
from forms.services import attachment_create
from tests.forms.test_designed_cleaning import FIELDS, TODAY, make, picks  # noqa: F401

pytestmark = pytest.mark.django_db

STORED = {
    "fld_title": "暑期培训",
    "fld_budget": "1234.50",
    "fld_level": "区级",
    "fld_period": {"start": "2026-09-01", "end": "2026-09-03", "days": 3, "working_days": 3},
    "fld_items": [{"col_what": "车费", "col_amount": "0.10"}, {"col_what": "住宿费", "col_amount": "0.20"}],
}


def test_a_read_field_keeps_its_stored_value_whatever_is_posted(picks):  # noqa: F811
    permissions = {"fld_title": "read", "fld_budget": "edit", "fld_level": "hidden"}
    posted = {"fld_title": "改过的名称", "fld_budget": "99", "fld_level": "校级"}
    form = make(picks, posted, permissions=permissions, initial=STORED)
    assert form.is_valid(), form.errors
    stored = form.stored_values()
    assert stored["fld_title"] == "暑期培训" and stored["fld_budget"] == "99.00"
    assert "fld_level" not in stored and "fld_level" not in form.fields
    # a key the node does not name is read: kept as stored, exactly
    assert stored["fld_period"] == STORED["fld_period"] and stored["fld_items"][1]["col_amount"] == "0.20"
    assert form.fields["fld_title"].disabled


def test_a_read_field_is_shown_as_text_not_as_an_input(picks):  # noqa: F811
    with translation.override("zh-hans"):
        form = make(picks, None, permissions={"fld_budget": "read", "fld_title": "edit"}, initial=STORED)
        html = str(form["fld_budget"])
    assert "¥1,234.50" in html and "<input" not in html
    assert 'name="fld_title"' in str(form["fld_title"])


def test_without_permissions_every_field_is_editable_and_required_is_kept(picks):  # noqa: F811
    form = make(picks, None)
    assert not any(field.disabled for key, field in form.fields.items() if key != "fld_note")
    assert form.fields["fld_title"].required and not form.fields["fld_notes"].required
    assert form.fields["fld_title"].help_text == "写全称" and form.fields["fld_title"].label == "培训名称"


def test_the_explanation_has_no_input_and_no_value(picks):  # noqa: F811
    form = make(picks, {"fld_title": "x", "fld_note": "posted"})
    assert form.is_valid(), form.errors
    assert "fld_note" not in form.stored_values()
    assert "请如实填写" in str(form["fld_note"]) and "<input" not in str(form["fld_note"])


def _visible_text(html: str) -> str:
    """What a reader sees: tags and their attributes (input names, ids) removed."""
    html = re.sub(r"<(script|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_a_form_with_every_type_renders_labels_and_never_a_key(picks):  # noqa: F811
    initial = {**STORED, "fld_team": [picks["chosen"][0].pk]}
    with translation.override("zh-hans"):
        form = form_class(
            FIELDS,
            permissions={spec["key"]: "edit" for spec in FIELDS} | {"fld_level": "read", "fld_period": "read"},
            people=picks["people"],
            organisations=picks["organisations"],
            initial=initial,
            today=TODAY,
        )()
        html = render_to_string("forms/designed/_fields.html", {"form": form})
    visible = _visible_text(html)
    for label in (
        "培训名称",
        "预算",
        "培训时间",
        "星级",
        "审核人",
        "承办学校",
        "费用明细",
        "金额",
        "须知",
        "合计",
        "添加一行",
    ):
        assert label in visible
    assert "2026年9月1日 至 9月3日（3 个工作日）" in visible
    assert "¥0.30" in visible  # the table's sum, computed on the server
    keys = {spec["key"] for spec in FIELDS} | {column["key"] for column in FIELDS[12]["columns"]}
    assert not [key for key in keys if key in visible]
    for name in ("fld_title", "fld_budget", "fld_items-0-col_amount", "fld_items-1-col_what", "fld_host", "fld_files"):
        assert f'name="{name}"' in html
    assert 'name="fld_level"' not in html and 'name="fld_period_0"' not in html  # read: no input
    assert 'name="fld_items-__row__-col_amount"' in html  # the template a script copies for a new row
    assert "<script>" not in html and " on" + "click=" not in html  # no inline script (strict CSP)


def test_a_date_range_is_two_date_inputs(picks):  # noqa: F811
    html = str(make(picks, None)["fld_period"])
    assert html.count('type="date"') == 2 and 'name="fld_period_0"' in html and 'name="fld_period_1"' in html


def test_a_table_renders_at_least_its_minimum_rows_without_a_script(picks):  # noqa: F811
    fields = [{**FIELDS[12], "min_rows": 2}]
    html = str(make(picks, None, fields=fields)["fld_items"])
    assert 'name="fld_items-1-col_what"' in html and 'name="fld_items-2-col_what"' not in html


def test_attachments_already_held_are_listed_by_name_when_read_and_when_edited(picks):  # noqa: F811
    upload = SimpleUploadedFile("培训通知.pdf", b"%PDF-1.4 notice", content_type="application/pdf")
    held = attachment_create(uploaded_by=picks["chosen"][0], upload=upload)
    fields = [FIELDS[11]]
    read = str(make(picks, None, fields=fields, permissions={}, initial={"fld_files": [held.pk]})["fld_files"])
    assert "培训通知.pdf" in read and f"/{held.pk}/download/" in read and "<input" not in read
    edited = str(make(picks, None, fields=fields, initial={"fld_files": [held.pk]})["fld_files"])
    assert "培训通知.pdf" in edited and 'type="file"' in edited
