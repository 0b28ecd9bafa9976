"""A designed process's form (docs/designer-format.md, "Fields (the form)") as a Django form, its cleaned values as
stored in a case, an API payload checked by the same rules, and the values as people read them (designed_shown).

Cleaned values (``form.cleaned_data``): text, textarea, choice: str ("" when empty); number, money: Decimal with
the field's places (money 2), None when empty; date: datetime.date; daterange: {"start": date, "end": date, "days":
int, "working_days": int} (inclusive, the workday calendar) or None; multichoice: list of str; person: int, or a list
of int with ``multiple``; organisation: int or None; attachments: designed_fields.Files(kept=[ids it had], new=[the
uploaded files, for the caller to store]); table: a list of rows {column key: cleaned cell}; explanation: None.

Stored values (``stored_values``): JSON as the format says; an empty field is null (a list field: []), an
explanation has no key. Attachments: the kept ids, then one null per new upload, in order — the caller stores each
upload (forms.services.attachment_create) and puts its id in place (``fill_attachments`` does both)."""

import datetime
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.dates import business_today
from core.exceptions import ApplicationError
from forms.designed_fields import (
    CountedMultipleChoiceField,
    DateRangeField,
    DesignedAttachmentsField,
    ExactDecimalField,
    Files,
    PickField,
    ShownField,
    date_field,
    date_range_value,
)
from forms.designed_shown import names_of, shown_field
from forms.designed_table import TableField

EDIT, READ, HIDDEN = "edit", "read", "hidden"
LISTS = ("multichoice", "attachments", "table")


class DesignedForm(forms.Form):
    # The field list the class was made from (a name no field key can take: keys start with a letter).
    _designed: list[dict]

    def stored_values(self) -> dict:
        return stored_values(self._designed, self.cleaned_data)


def _pickers(fields: list[dict], people, organisations, today) -> dict:
    """The picker options (and so who may be picked) of the kinds the fields need: none read when none is."""
    from accounts.models import Organisation, User
    from accounts.pickers import organisation_options, person_options

    kinds = {spec["type"] for spec in fields}
    found = {}
    if "person" in kinds:
        people = User.objects.filter(is_active=True).order_by("real_name") if people is None else people
        found["person"] = person_options(people, day=today)
    if "organisation" in kinds:
        organisations = Organisation.objects.all() if organisations is None else organisations
        found["organisation"] = organisation_options(organisations)
    return found


def _files(fields: list[dict], initial: Mapping) -> dict:
    """id → Attachment of the files the (shown) attachments fields already hold: one query, none when none."""
    from forms.models import Attachment

    ids = {pk for spec in fields if spec["type"] == "attachments" for pk in initial.get(spec["key"]) or [] if pk}
    return Attachment.objects.in_bulk(ids) if ids else {}


def _cell(column: dict) -> forms.Field:
    field = _editable(column, {}, {})
    field.required = bool(column.get("required", False))
    return field


def _editable(spec: dict, pickers: dict, kept_files: dict) -> forms.Field:
    """The input of one field (or table column) as its type and options say."""
    from accounts.pickers import PeopleCheckboxes, PickerSelect

    kind, get = spec["type"], spec.get
    if kind in ("text", "textarea"):
        widget = forms.Textarea if kind == "textarea" else forms.TextInput
        return forms.CharField(
            max_length=int(get("max_length") or (5000 if kind == "textarea" else 200)), widget=widget
        )
    if kind in ("number", "money"):
        places = 2 if kind == "money" else int(get("places") or 0)
        return ExactDecimalField(places=places, money=kind == "money", min_value=get("min"), max_value=get("max"))
    if kind == "date":
        return date_field(min_value=get("min"), max_value=get("max"))
    if kind == "daterange":
        return DateRangeField()
    if kind == "choice":
        return forms.ChoiceField(choices=[("", "—"), *((option, option) for option in get("options", []))])
    if kind == "multichoice":
        choices = [(option, option) for option in get("options", [])]
        return CountedMultipleChoiceField(choices=choices, min_count=get("min_count"), max_count=get("max_count"))
    if kind in ("person", "organisation"):
        options = pickers[kind]
        eligible = {option.value for option in options}
        multiple = kind == "person" and bool(get("multiple"))
        picker = PeopleCheckboxes(options) if multiple else PickerSelect(kind, options, "—")
        return PickField(eligible=eligible, code=f"{kind}_not_eligible", multiple=multiple, widget=picker)
    if kind == "attachments":
        return DesignedAttachmentsField(max_count=get("max_count"), kept_files=list(kept_files.values()))
    if kind == "table":
        return TableField(columns=get("columns", []), cell=_cell, min_rows=get("min_rows"), max_rows=get("max_rows"))
    raise ValueError(f"unknown field type {kind!r}")


def form_class(
    fields: list[dict],
    *,
    permissions: Mapping[str, str] | None = None,
    people=None,
    organisations=None,
    initial: Mapping | None = None,
    today: datetime.date | None = None,
) -> type[DesignedForm]:
    """The form of ``fields``: each field under its key. ``permissions`` (a node's: key → edit/read/hidden, a key
    not named is read; None: all editable, the initiator's start form); a read field shows its stored value from
    ``initial`` (stored values) and keeps it whatever is posted. ``people``/``organisations``: who and what a person
    or organisation field may name (default: every active person, every organisation)."""
    today = today or business_today()
    initial = initial or {}
    access = {spec["key"]: EDIT if permissions is None else permissions.get(spec["key"], READ) for spec in fields}
    editable = [spec for spec in fields if access[spec["key"]] == EDIT]
    read = [spec for spec in fields if access[spec["key"]] == READ and spec["type"] != "explanation"]
    pickers = _pickers(editable, people, organisations, today)
    names, places = names_of(read, initial) if read else ({}, {})
    files = _files([spec for spec in fields if access[spec["key"]] != HIDDEN], initial)
    declared: dict[str, forms.Field] = {}
    for spec in fields:
        key, kind = spec["key"], spec["type"]
        if access[key] == HIDDEN:
            continue
        if kind == "explanation":
            field: forms.Field = ShownField(shown=shown_field(spec, None, {}, {}))
        elif access[key] == READ:
            shown = shown_field(spec, initial.get(key), names, places)
            if kind == "attachments":
                shown["files"] = [files[pk] for pk in initial.get(key) or [] if pk in files]
            field = ShownField(shown=shown, python=partial(python_value, spec), initial=initial.get(key))
        else:
            held = {pk: files[pk] for pk in initial.get(key) or [] if pk in files} if kind == "attachments" else {}
            field = _editable(spec, pickers, held)
            field.required = bool(spec.get("required", False))
            field.initial = initial.get(key)
        field.label = spec["label"]
        field.help_text = spec.get("hint", "")
        declared[key] = field
    return type("DesignedForm", (DesignedForm,), {**declared, "_designed": list(fields)})


def python_value(spec: dict, stored):
    """A stored value in its cleaned form (what the field's cleaning gives)."""
    kind = spec["type"]
    if stored in (None, "") and kind not in LISTS:
        return None
    if kind in ("number", "money"):
        return Decimal(str(stored))
    if kind == "date":
        return datetime.date.fromisoformat(stored)
    if kind == "daterange":
        return date_range_value(
            datetime.date.fromisoformat(stored["start"]), datetime.date.fromisoformat(stored["end"])
        )
    if kind == "attachments":
        return Files(kept=[int(pk) for pk in stored or [] if pk is not None])
    if kind == "table":
        columns = spec.get("columns", [])
        return [{c["key"]: python_value(c, row.get(c["key"])) for c in columns} for row in stored or []]
    if kind == "multichoice":
        return list(stored or [])
    return stored


def stored_value(spec: dict, value):
    """A cleaned value as stored in a case (JSON)."""
    kind = spec["type"]
    if kind == "attachments":
        files = value if isinstance(value, Files) else Files()
        return [*files.kept, *([None] * len(files.new))]
    if kind == "table":
        columns = spec.get("columns", [])
        return [{c["key"]: stored_value(c, row.get(c["key"])) for c in columns} for row in value or []]
    if kind == "multichoice":
        return list(value or [])
    if value in (None, "", []):
        return [] if kind == "person" and spec.get("multiple") else None
    if kind in ("number", "money", "date"):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    if kind == "daterange":
        return {
            "start": value["start"].isoformat(),
            "end": value["end"].isoformat(),
            "days": value["days"],
            "working_days": value["working_days"],
        }
    return value


def stored_values(fields: Iterable[dict], cleaned_data: Mapping) -> dict:
    """The values to store in a case: every field the form had (a hidden one is not in ``cleaned_data`` and is left
    out: the caller keeps what it held), explanations left out."""
    return {
        spec["key"]: stored_value(spec, cleaned_data[spec["key"]])
        for spec in fields
        if spec["type"] != "explanation" and spec["key"] in cleaned_data
    }


def fill_attachments(stored: dict, fields: Iterable[dict], cleaned_data: Mapping, store: Callable[..., int]) -> dict:
    """``stored`` with each new upload's placeholder replaced by ``store(upload)`` (its attachment id)."""
    filled = dict(stored)
    for spec in fields:
        value = cleaned_data.get(spec["key"])
        if spec["type"] == "attachments" and isinstance(value, Files):
            filled[spec["key"]] = [*value.kept, *(store(upload) for upload in value.new)]
    return filled


def table_sum(values: Mapping, key: str, column: str) -> Decimal:
    """The exact sum of a table's column over its stored rows (an empty cell counts nothing)."""
    cells = (row.get(column) for row in values.get(key) or [])
    return sum((Decimal(str(cell)) for cell in cells if cell not in (None, "")), Decimal(0))


def _raw(spec: dict, value):
    """An API value as the field's input takes it; a JSON float (or true/false) is never a number here."""
    kind = spec["type"]
    if isinstance(value, (float, bool)) and kind not in ("person", "organisation"):
        code = "money_invalid" if kind == "money" else "number_invalid"
        raise ValidationError(_('Send numbers as strings, such as "1234.50".'), code=code)
    if isinstance(value, int) and kind in ("number", "money", "text", "textarea"):
        return str(value)
    if kind == "daterange" and value is not None:
        if not isinstance(value, dict):
            raise ValidationError(_('Send a date range as {"start", "end"}.'), code="date_invalid")
        return [value.get("start"), value.get("end")]
    if kind == "table" and value is not None:
        if not isinstance(value, list):
            raise ValidationError(_("Send a table as a list of rows."), code="table_invalid")
        columns = {c["key"]: c for c in spec.get("columns", [])}
        return [
            {k: _raw(columns[k], v) for k, v in row.items() if k in columns} for row in value if isinstance(row, dict)
        ]
    return value


def _api_files(field: DesignedAttachmentsField, value) -> Files:
    ids = value if isinstance(value, list) else [] if value is None else None
    if ids is None or any(isinstance(pk, bool) or not isinstance(pk, int) for pk in ids):
        raise ValidationError(_("Send attachments as a list of attachment ids."), code="attachments_invalid")
    if field.required and not ids:
        raise ValidationError(field.error_messages["required"], code="required")
    return field.clean(None, list(dict.fromkeys(ids)))


def api_values(
    fields: list[dict],
    payload,
    *,
    people,
    organisations,
    today: datetime.date | None = None,
    permissions: Mapping[str, str] | None = None,
    initial: Mapping | None = None,
) -> dict:
    """The stored values of an API payload ({key: value as stored, numbers as strings}) checked by the form's rules,
    or ApplicationError("form_invalid", fields={key: [messages]}) changing nothing. Attachments are ids the caller
    checks are the sender's own (forms.access.own_attachments_only)."""
    form = form_class(
        fields, permissions=permissions, people=people, organisations=organisations, initial=initial, today=today
    )
    if not isinstance(payload, dict):
        raise ApplicationError("form_invalid", _("The form's values must be an object."), fields={})
    specs = {spec["key"]: spec for spec in fields}
    fillable = {key for key, field in form.base_fields.items() if not isinstance(field, ShownField)}
    errors: dict[str, list[str]] = {
        key: [str(_("This field cannot be filled in here."))] for key in payload if key not in fillable
    }
    cleaned = {}
    for key, field in form.base_fields.items():
        try:
            if isinstance(field, ShownField):
                cleaned[key] = field.clean(field.initial)
            elif isinstance(field, DesignedAttachmentsField):
                cleaned[key] = _api_files(field, payload.get(key))
            else:
                cleaned[key] = field.clean(_raw(specs[key], payload.get(key)))
        except ValidationError as error:
            errors[key] = [str(message) for message in error.messages]
    if errors:
        raise ApplicationError("form_invalid", _("Some of the form's values are not valid."), fields=errors)
    return stored_values(fields, cleaned)
