"""The step pages' forms, built from each action's API input (``Action.input``) so that a page and the API accept
exactly the same data. Nested inputs are flattened as ``meeting__ballot__yes``; a file input takes the place of
an attachment id (``plan_id`` → ``plan``); people (``…_ids``) are ticked from the process's list; a list of items
(scores, one per indicator) is shown as a table of rows when the process names the rows (``FormPlan.table``). A
process adjusts the fields through its ``Pages.widgets`` hook (``FormPlan``: replace a field, add a table, set what
the form starts with) and the payload through ``Pages.payload``. Whatever chooses people or organisations from a
list, the kit's or the hook's, then becomes a picker (accounts.pickers): name · organisation · role, searchable."""

import copy
import datetime
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.pickers import PeopleCheckboxes, PickerSelect, organisation_options, person_options
from forms.fields import AttachmentField, AttachmentsField
from forms.models import Attachment
from workflows.kit.actions import Action

# Labels of the inputs most steps have; a process names its own (Pages.field_labels) or on its input's fields.
LABELS = {
    "date": _("Date"),
    "reason": _("Reason"),
    "comment": _("Comment"),
    "attachment_ids": _("Attachments"),
    "attachment_id": _("Attachment"),
    "title": _("Title"),
    "opinion": _("Opinion"),
}
COMMON = {"date", "reason", "override", "comment", "attachment_ids"}  # shown last (the date first)
DRAFT_MIN_OWN_FIELDS = 2  # forms with this many fields of the step's own offer 保存草稿
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # a date picker reads ISO dates
# The last part of the payload key of a choice of one person or of one organisation (a list of people ends in _ids).
PERSON_KEYS = frozenset({"person_id", "user_id", "to_user_id", "substitute_id", "member_id"})
ORGANISATION_KEYS = frozenset(
    {"community", "member_school", "member_school_id", "branch_id", "group_id", "organisation", "organisation_id"}
)


@dataclass(frozen=True)
class Row:
    """One row of a table (``FormPlan.table``), one item of the input's list: ``key`` is what the item is sent as
    (its key field: an indicator's code), ``label`` and ``description`` what the row is about, ``max`` the most its
    number inputs take (shown on them; the action checks it), ``hint`` what the row already records (the school's
    own score beside an assessor's)."""

    key: str
    label: str
    description: str = ""
    max: Any = None
    hint: str = ""


@dataclass
class FormPlan:
    """A step's form before it is made: what the process's ``widgets`` hook may change. ``keys``: the payload
    key of a field whose name differs from it (``plan`` fills ``plan_id``, ``goals`` fills ``form__goals``);
    ``groups``: (title, hint, field names) shown together, one per row of a table; ``lists``: the input's lists of
    items (payload key -> the item's serializer), which a form shows only as a table; ``tables``: those shown."""

    action: Action
    case: Any  # None on a new case's form
    target: Any
    user: Any
    day: datetime.date
    params: dict = default(default_factory=dict)  # what the form is for, from its query (Pages.target, start_keys)
    fields: dict = default(default_factory=dict)
    initial: dict = default(default_factory=dict)
    keys: dict = default(default_factory=dict)
    groups: list = default(default_factory=list)
    help: dict = default(default_factory=dict)  # a group's help: group title -> text (beside the table)
    lists: dict = default(default_factory=dict)
    tables: dict = default(default_factory=dict)  # payload key -> (the item's key field, [Row])

    def table(self, name: str, rows: Iterable[Row], *, key: str, labels: Mapping | None = None, fields=None) -> None:
        """Show the input's list ``name`` as a table: per row, one field for each field of the item but its ``key``
        (``name__<row>__<field>``: ``scores__N1__score``), grouped under the row's label, and sent back as the list's
        items in row order. ``labels``: a field's label (text, or row -> text); ``fields``: a field the kit cannot
        build from the item's (attachments given as ids), copied for each row."""
        item, rows = self.lists[name], list(rows)
        labels, fields = labels or {}, fields or {}
        for row in rows:
            names = []
            for column, item_field in item.fields.items():
                if column == key or item_field.read_only:
                    continue
                label = labels.get(column) or item_field._kwargs.get("label") or LABELS.get(column) or column
                label = label(row) if callable(label) else label
                if column in fields:
                    field = copy.deepcopy(fields[column])
                    field.label = label
                else:
                    field = _field(label, item_field, [], optional=False)
                if isinstance(field, (forms.DecimalField, forms.IntegerField)) and row.max is not None:
                    field.widget.attrs["max"] = str(row.max)
                names.append(f"{name}__{row.key}__{column}")
                self.fields[names[-1]] = field
            self.groups.append((row.label, row.hint, names))
            if row.description:
                self.help[row.label] = row.description
        self.tables[name] = (key, rows)


class StepForm(forms.Form):
    plan: FormPlan

    def grouped(self) -> list:
        """(title, hint, bound fields, help) of each group."""
        groups, help = self.plan.groups, self.plan.help
        return [(title, hint, [self[name] for name in names], help.get(title, "")) for title, hint, names in groups]

    def ungrouped(self) -> list:
        grouped = {name for _title, _hint, names in self.plan.groups for name in names}
        return [self[name] for name in self.fields if name not in grouped]

    def payload_key(self, name: str) -> str:
        return self.plan.keys.get(name, name)


def _label(pages, key: str, name: str, field) -> str:
    """The most particular label: the process's for this place in the input (``meeting__date``), the one given on
    the input's field, the process's for the name, the kit's."""
    declared = field._kwargs.get("label")
    labels = pages.field_labels
    return str((key != name and labels.get(key)) or declared or labels.get(name) or LABELS.get(name) or name)


def _files(field) -> bool:
    """An input of attachment ids (one or several): the form takes the files themselves."""
    related = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
    return isinstance(related, serializers.PrimaryKeyRelatedField) and related.queryset.model is Attachment


def _field(label, field, people, optional):
    required = field.required and not optional
    if _files(field):
        many = isinstance(field, serializers.ManyRelatedField)
        return (AttachmentsField if many else AttachmentField)(label=label, required=False)
    if isinstance(field, (serializers.ListField, serializers.ManyRelatedField)):
        return forms.TypedMultipleChoiceField(
            label=label, choices=people, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
        )
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(label=label, required=False, initial=field.default is True)
    if isinstance(field, serializers.DateField):
        return forms.DateField(label=label, required=required, widget=DATE)
    if isinstance(field, serializers.ChoiceField):
        default = field.default if field.default is not serializers.empty else None
        blank = [] if required or default is not None else [("", "—")]  # a choice with a default is never blank
        choices = blank + list(field.choices.items())
        return forms.ChoiceField(label=label, choices=choices, required=required, initial=default)
    if isinstance(field, serializers.DecimalField):
        return forms.DecimalField(label=label, required=required, min_value=0)
    if isinstance(field, serializers.IntegerField):
        return forms.IntegerField(label=label, required=required)
    widget = forms.Textarea(attrs={"rows": 3}) if (field.max_length or 0) > 200 else None
    return forms.CharField(label=label, required=required, widget=widget, max_length=field.max_length)


def _shown(field, name: str) -> bool:
    """What a form can show: not a list of nested rows, nor a free mapping (a process's hook may add those)."""
    if isinstance(field, (serializers.ListSerializer, serializers.DictField, serializers.HiddenField)):
        return False
    if isinstance(field, (serializers.ListField, serializers.ManyRelatedField)):
        return name.endswith("_ids") or _files(field)
    if isinstance(field, serializers.RelatedField):
        return _files(field)
    return not field.read_only


def _collect(plan: FormPlan, pages, serializer, prefix: str, people: list, optional: bool = False) -> None:
    for name, field in serializer.fields.items():
        key = f"{prefix}{name}"
        if name in pages.skipped or key in pages.skipped:
            continue
        if isinstance(field, serializers.Serializer):
            # An optional group (the meeting of a step that may not need one) is checked by the API.
            _collect(plan, pages, field, f"{key}__", people, optional or not field.required)
        elif isinstance(field, serializers.ListSerializer):
            plan.lists[key] = field.child  # shown when the process makes it a table
        elif _shown(field, name):
            single_file = _files(field) and not isinstance(field, serializers.ManyRelatedField)
            form_name = key.removesuffix("_id") if single_file else key
            plan.fields[form_name] = _field(_label(pages, key, name, field), field, people, optional)
            if form_name != key:
                plan.keys[form_name] = key


def step_form(kind, action: Action, case, user, day, *, target=None, keys=None, data=None, files=None, draft=None):
    """The form of ``action`` on ``case`` (on ``target``, a part of it); unbound it starts at ``day`` (or with the
    viewer's draft: typed values, see forms.drafts.initial_from)."""
    pages = kind.pages
    plan = FormPlan(action, case, target, user, day, params=keys or {}, initial={"date": day})
    people = pages.people(action, case if target is None else target, day)
    _collect(plan, pages, action.input(context={"case": case}), "", people)
    pages.widgets(plan)
    _pickers(plan, kind.organisation_of(case) if case is not None else None)
    # The date, then what this step is about, then the reason, comment and attachments every step has.
    names = sorted(plan.fields, key=lambda name: (name != "date", name in COMMON))
    form_class = type("StepForm", (StepForm,), {name: plan.fields[name] for name in names})
    form = form_class(data, files, initial=plan.initial | (draft or {}))
    form.plan = plan
    return form


def _pickers(plan: FormPlan, near) -> None:
    """People and organisations chosen from a list, by the kit or by the process's hook, get pickers: each option
    says who (name · organisation · role, their roles near ``near``, the case's organisation) or where (the path in
    the tree), and is searchable; the list is still the process's (only the eligible), the action still checks."""
    for name, field in plan.fields.items():
        leaf, widget = plan.keys.get(name, name).rpartition("__")[2], field.widget
        choices = list(getattr(field, "choices", None) or getattr(widget, "choices", None) or [])
        blank = next((str(label) for value, label in choices if value == ""), None)
        if not choices or isinstance(widget, (PickerSelect, PeopleCheckboxes)):
            continue
        picker: forms.Widget
        if isinstance(widget, forms.CheckboxSelectMultiple) and leaf.endswith("_ids"):
            picker = PeopleCheckboxes(person_options(choices, day=plan.day, near=near), attrs=widget.attrs)
        elif type(widget) is forms.Select and leaf in PERSON_KEYS:
            picker = PickerSelect("person", person_options(choices, day=plan.day, near=near), blank, widget.attrs)
        elif type(widget) is forms.Select and leaf in ORGANISATION_KEYS:
            picker = PickerSelect("organisation", organisation_options(choices), blank, widget.attrs)
        else:
            continue
        picker.is_required = field.required
        field.widget = picker
        if hasattr(field, "choices"):
            field.choices = picker.choices


def keeps_drafts(form: StepForm) -> bool:
    return len([name for name in form.fields if name not in COMMON]) >= DRAFT_MIN_OWN_FIELDS


def _plain(value):
    """A cleaned value as an API client would send it."""
    if isinstance(value, (datetime.date, decimal.Decimal)):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value


def payload_from(form: StepForm, store) -> dict:
    """The API payload from a valid form: ``a__b`` keys unflattened; uploaded files become attachment ids through
    ``store``; empty values left out (the API's defaults apply)."""
    payload: dict = {}
    for name, value in form.cleaned_data.items():
        if value is None or value == "" or (value == [] and not name.endswith("_ids")):
            continue
        if isinstance(value, list) and value and hasattr(value[0], "read"):
            value = [store(upload) for upload in value]
        elif hasattr(value, "read"):
            value = store(value)
        target = payload
        *parents, leaf = form.payload_key(name).split("__")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = _plain(value)
    payload = _prune(payload)
    for name, (key, rows) in form.plan.tables.items():  # a table's rows: the list's items, in row order
        items = payload.pop(name, {})
        payload[name] = [{key: row.key, **items.get(row.key, {})} for row in rows]
    return payload


def _prune(payload: dict) -> dict:
    """Drop groups left empty (an optional meeting with nothing filled in is no meeting)."""
    out = {}
    for key, value in payload.items():
        if isinstance(value, dict):
            value = _prune(value)
            if all(v in ([], None, "") for v in value.values()):
                continue
        out[key] = value
    return out


def flat_errors(fields: dict, prefix: str = "") -> dict[str, list[str]]:
    """An API error's fields (nested) as flattened names."""
    out: dict[str, list[str]] = {}
    for key, value in (fields or {}).items():
        if isinstance(value, dict):
            out.update(flat_errors(value, f"{prefix}{key}__"))
        else:
            out[f"{prefix}{key}"] = [str(v) for v in (value if isinstance(value, list) else [value])]
    return out


def place_errors(form: StepForm, error, error_fields) -> None:
    """Show a refusal next to the fields it concerns, and its message above the form: the fields the error names,
    the members of a group it lists as missing, or the field its code is about (``error_fields``)."""
    by_key = {form.payload_key(name): name for name in form.fields}
    target = by_key.get(error_fields.get(error.code, ""), error_fields.get(error.code))
    if target in form.fields:
        form.add_error(target, str(error.message))
    for key, problems in flat_errors(error.fields).items():
        name = by_key.get(key, key)
        if name == target:
            continue
        if name in form.fields:
            form.add_error(name, problems)
            continue
        row = _row_field(form, name)  # a row of a table (scores__N1): its first field
        if row is not None:
            form.add_error(row, str(error.message))
            continue
        for member in (f"{name}__{problem}" for problem in problems):  # e.g. opinions → opinions__public
            if member in form.fields:
                form.add_error(member, gettext("This field is required."))
            elif (row := _row_field(form, member)) is not None:  # a table's rows named: scores → scores__N1
                form.add_error(row, str(error.message))
    form.add_error(None, str(error.message))


def _row_field(form: StepForm, name: str) -> str | None:
    """The first field of the table row ``name`` (``scores__N1``), if it is one."""
    for table, (_key, rows) in form.plan.tables.items():
        if any(name == f"{table}__{row.key}" for row in rows):
            return next((field for field in form.fields if field.startswith(f"{name}__")), None)
    return None
