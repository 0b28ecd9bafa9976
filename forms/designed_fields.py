"""The Django form fields of a designed form (forms.designed): exact decimals, date ranges with their working days,
picks checked against who may be picked, files, read-only and explanation blocks. Tables are in designed_table.

Every refusal carries a stable code (ValidationError.code): ``required``, ``max_length``, ``min_value``,
``max_value``, ``number_invalid``, ``number_places``, ``money_invalid``, ``money_places``, ``date_invalid``,
``range_incomplete``, ``end_before_start``, ``invalid_choice``, ``too_few_choices``, ``too_many_choices``,
``person_not_eligible``, ``organisation_not_eligible``, ``too_many_files``, and the table's (designed_table)."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from forms.fields import AttachmentsField, MultipleFileInput
from workflows.business_days import working_days_between

DECIMAL_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")  # no exponent, no grouping: what a person types
MAX_DIGITS = 18
ISO_DATE = ["%Y-%m-%d"]


def exact_decimal(text: str, places: int) -> Decimal | None:
    """``text`` as a Decimal with exactly ``places`` places, or None when it is not a plain decimal of at most
    ``places`` places (trailing zeros beyond them are fine: "3.0" is 3)."""
    if not DECIMAL_TEXT.match(text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum) or len(number.quantize(quantum).as_tuple().digits) > MAX_DIGITS:
        return None
    return number.quantize(quantum)


def money_text(value) -> str:
    """ "¥1,234.50" (two places, thousands grouped), "-¥5.00"."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def number_text(value, places: int = 0) -> str:
    return f"{Decimal(str(value)).quantize(Decimal(1).scaleb(-places)):,}"


class ExactDecimalField(forms.CharField):
    """A number typed as text and kept as an exact Decimal with ``places`` places (money: 2); never a float."""

    def __init__(self, *, places: int = 0, money: bool = False, min_value=None, max_value=None, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(strip=True, **kwargs)
        self.places, self.money = places, money
        if min_value not in (None, ""):
            self.validators.append(MinValueValidator(Decimal(str(min_value))))
        if max_value not in (None, ""):
            self.validators.append(MaxValueValidator(Decimal(str(max_value))))

    def to_python(self, value):
        text = str(super().to_python(value) or "").replace(" ", "")
        if not text:
            return None
        if not DECIMAL_TEXT.match(text):
            code = "money_invalid" if self.money else "number_invalid"
            raise ValidationError(_("Enter a number such as 1234.5 (digits, one decimal point)."), code=code)
        number = exact_decimal(text, self.places)
        if number is None:
            if self.money:
                raise ValidationError(_("Enter an amount in yuan with at most 2 decimal places."), code="money_places")
            message = str(_("Enter a number with at most %(places)d decimal places.") % {"places": self.places})
            if self.places == 0:
                message = str(_("Enter a whole number."))
            raise ValidationError(message, code="number_places")
        return number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what a date picker reads


def date_field(*, min_value: str | None = None, max_value: str | None = None, **kwargs) -> forms.DateField:
    attrs = {key: value for key, value in (("min", min_value), ("max", max_value)) if value}
    field = forms.DateField(widget=DateInput(attrs), input_formats=ISO_DATE, **kwargs)
    field.error_messages["invalid"] = _("Enter a date such as 2026-09-01.")
    if min_value:
        field.validators.append(MinValueValidator(datetime.date.fromisoformat(min_value)))
    if max_value:
        field.validators.append(MaxValueValidator(datetime.date.fromisoformat(max_value)))
    return field


def date_range_value(start: datetime.date, end: datetime.date) -> dict:
    """The cleaned value of a date range: its days and working days counted inclusively (the workday calendar:
    statutory holidays, make-up working days and the administrators' corrections)."""
    before = start - datetime.timedelta(days=1)
    return {
        "start": start,
        "end": end,
        "days": (end - start).days + 1,
        "working_days": working_days_between(before, end),
    }


class DateRangeWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        start = DateInput({"aria-label": _("Start date")})
        end = DateInput({"aria-label": _("End date")})
        super().__init__([start, end], attrs)

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get("start"), value.get("end")]
        return list(value) if isinstance(value, (list, tuple)) else [None, None]


class DateRangeField(forms.MultiValueField):
    """Two dates, the end not before the start; cleaned to {"start", "end", "days", "working_days"}."""

    widget = DateRangeWidget

    def __init__(self, **kwargs):
        ends = (forms.DateField(input_formats=ISO_DATE), forms.DateField(input_formats=ISO_DATE))
        for end in ends:
            end.error_messages["invalid"] = _("Enter a date such as 2026-09-01.")
            end.error_messages["incomplete"] = _("Enter both the first and the last day.")
        super().__init__(ends, require_all_fields=False, **kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:  # a part's "invalid", or its "incomplete" (Django gives it no code): ours
            codes = {getattr(e, "code", None) for e in error.error_list}
            if not codes & {"invalid", None}:
                raise
            code = "range_incomplete" if None in codes else "date_invalid"
            raise ValidationError(error.messages[0], code=code) from error

    def compress(self, data_list):
        if not data_list:
            return None
        start, end = data_list
        if end < start:
            raise ValidationError(_("The last day cannot be before the first day."), code="end_before_start")
        return date_range_value(start, end)


class CountedMultipleChoiceField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, min_count=None, max_count=None, **kwargs):
        super().__init__(**kwargs)
        self.min_count, self.max_count = min_count, max_count

    def validate(self, value):
        super().validate(value)
        if value and self.min_count and len(value) < self.min_count:
            message = _("Choose at least %(count)d.") % {"count": self.min_count}
            raise ValidationError(message, code="too_few_choices")
        if self.max_count and len(value) > self.max_count:
            raise ValidationError(_("Choose at most %(count)d.") % {"count": self.max_count}, code="too_many_choices")


class PickField(forms.Field):
    """One id (or several) out of ``eligible``: anything else is refused with ``code`` whatever was posted."""

    def __init__(self, *, eligible: set[int], code: str, multiple: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.eligible, self.code, self.multiple = eligible, code, multiple

    def to_python(self, value):
        values = value if isinstance(value, (list, tuple)) else [value]
        values = [v for v in values if v not in self.empty_values]
        try:
            if any(isinstance(v, (bool, float)) for v in values):  # an API's true or 12.5 names nobody
                raise ValueError
            ids = list(dict.fromkeys(int(v) for v in values))
        except (TypeError, ValueError):
            raise ValidationError(self._refusal(), code=self.code) from None
        return ids if self.multiple else (ids[0] if ids else None)

    def validate(self, value):
        super().validate(value)
        ids = value if isinstance(value, list) else [] if value is None else [value]
        if any(pk not in self.eligible for pk in ids) or (not self.multiple and len(ids) > 1):
            raise ValidationError(self._refusal(), code=self.code)

    def _refusal(self):
        if self.code == "person_not_eligible":
            return _("This person cannot be chosen here.")
        return _("This organisation cannot be chosen here.")


@dataclass
class Files:
    """The cleaned value of an attachments field: ``kept``, the ids of the files it already had (a later node
    editing the field adds files to them); ``new``, the uploaded files for the caller to store
    (forms.services.attachment_create) before it fills their ids into the stored values."""

    kept: list[int] = field(default_factory=list)
    new: list = field(default_factory=list)


class KeptFilesInput(MultipleFileInput):
    """The file input, after the files the field already has (kept: an upload adds to them)."""

    def __init__(self, files: list, attrs=None):
        super().__init__(attrs)
        self.files = files

    def render(self, name, value, attrs=None, renderer=None):
        kept = render_to_string("forms/designed/kept_files.html", {"files": self.files}) if self.files else ""
        return mark_safe(kept + super().render(name, value, attrs, renderer))  # noqa: S308 (both rendered escaped)


class DesignedAttachmentsField(AttachmentsField):
    def __init__(self, *, max_count: int | None = None, kept_files: list | None = None, **kwargs):
        super().__init__(**kwargs)
        self.max_count = max_count
        if kept_files:
            self.widget = KeptFilesInput(kept_files, attrs=self.widget.attrs)

    def clean(self, data, initial=None):
        kept = [int(pk) for pk in (initial or []) if not isinstance(pk, bool)]
        has_data = bool(data if isinstance(data, (list, tuple)) else data)
        uploads = super().clean(data, initial) if has_data or not kept else []
        if self.max_count and len(kept) + len(uploads) > self.max_count:
            message = _("Attach at most %(count)d files.") % {"count": self.max_count}
            raise ValidationError(message, code="too_many_files")
        return Files(kept=kept, new=uploads)

    def has_changed(self, initial, data):
        return bool(data)


class ShownWidget(forms.Widget):
    """No input: a block of text (an explanation, or a field this node may only read, as the case page shows it)."""

    template = "forms/designed/shown.html"

    def __init__(self, shown: dict, attrs=None):
        super().__init__(attrs)
        self.shown = shown

    def render(self, name, value, attrs=None, renderer=None):
        return render_to_string(self.template, {"shown": self.shown, "id": (attrs or {}).get("id", "")})

    def value_from_datadict(self, data, files, name):
        return None  # nothing posted counts: a read field keeps its stored value

    def use_required_attribute(self, initial):
        return False


class ShownField(forms.Field):
    """A read field (disabled: the stored value is kept whatever is posted, unchecked, ``python`` converts it to its
    cleaned form) or an explanation (``python`` None: no value)."""

    def __init__(self, *, shown: dict, python=None, **kwargs):
        super().__init__(required=False, disabled=True, widget=ShownWidget(shown), **kwargs)
        self.python = python

    def clean(self, value):
        return self.python(value) if self.python is not None else None

    def has_changed(self, initial, data):
        return False
