"""The step forms' tables (workflows.kit.web_forms.FormPlan.table): a list input shown one row per item the process
names (an indicator), each field of the item in its row with the row's maximum on its number inputs, sent back as
the list's items in row order, and a refusal naming a row shown on that row."""

import datetime

from rest_framework import serializers

from core.exceptions import ApplicationError
from workflows.kit.actions import Action
from workflows.kit.registry import Pages
from workflows.kit.web_forms import Row, payload_from, place_errors, step_form

ROWS = [Row("A", "A 管理", "制度健全", max=10), Row("B", "B 教学", max=5, hint="自评分 4")]


class Score(serializers.Serializer):
    indicator = serializers.CharField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class Sheet(serializers.Serializer):
    scores = Score(many=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class Kind:
    code = "sheet"
    pages = Pages(
        prefix="sheet",
        case_name="sheet",
        step_name="sheet-step",
        field_labels={"comment": "意见"},
        widgets=lambda plan: plan.table(
            "scores", ROWS, key="indicator", labels={"score": lambda row: f"得分（0–{row.max}）", "note": "说明"}
        ),
    )


RATE = Action(code="rate", label="评分", input=Sheet, handler=lambda ctx: None)


def sheet(data=None):
    return step_form(Kind, RATE, None, None, datetime.date(2026, 6, 1), data=data)


def test_each_row_has_the_items_fields_under_its_label_with_its_maximum():
    form = sheet()
    assert [(title, hint, [f.name for f in fields], help) for title, hint, fields, help in form.grouped()] == [
        ("A 管理", "", ["scores__A__score", "scores__A__note"], "制度健全"),
        ("B 教学", "自评分 4", ["scores__B__score", "scores__B__note"], ""),
    ]
    assert form.fields["scores__B__score"].label == "得分（0–5）"
    assert 'max="5"' in str(form["scores__B__score"]) and 'max="10"' in str(form["scores__A__score"])
    assert [field.name for field in form.ungrouped()] == ["comment"]


def test_the_rows_are_sent_as_the_lists_items_in_row_order():
    form = sheet({"scores__B__score": "3", "scores__B__note": "课堂", "scores__A__score": "7.5"})
    assert form.is_valid(), form.errors
    assert payload_from(form, store=lambda upload: 0) == {
        "scores": [{"indicator": "A", "score": "7.5"}, {"indicator": "B", "score": "3", "note": "课堂"}]
    }


def test_a_row_left_without_its_score_is_refused_by_the_form():
    form = sheet({"scores__A__score": "7"})
    assert not form.is_valid() and list(form.errors) == ["scores__B__score"]


def test_a_refusal_naming_a_row_is_shown_on_that_row():
    form = sheet({"scores__A__score": "7", "scores__B__score": "9"})
    assert form.is_valid()
    refusal = ApplicationError("score_out_of_range", "B 教学：得分须在 0 与 5 之间。", fields={"scores": ["B"]})
    place_errors(form, refusal, {})
    assert form.errors["scores__B__score"] == ["B 教学：得分须在 0 与 5 之间。"]
    assert "scores__A__score" not in form.errors and form.non_field_errors() == ["B 教学：得分须在 0 与 5 之间。"]
