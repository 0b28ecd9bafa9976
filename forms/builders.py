"""Turn a FormDefinition into a django.forms.Form class (used to validate and to render)."""

from django import forms as django_forms

from forms.models import FieldType, FormDefinition

_FIELD_CLASSES = {
    FieldType.TEXT: lambda spec: django_forms.CharField(max_length=spec.get("max_length", 500)),
    FieldType.TEXTAREA: lambda spec: django_forms.CharField(widget=django_forms.Textarea, max_length=20000),
    FieldType.INTEGER: lambda spec: django_forms.IntegerField(min_value=spec.get("min"), max_value=spec.get("max")),
    FieldType.DECIMAL: lambda spec: django_forms.DecimalField(
        min_value=spec.get("min"), max_value=spec.get("max"), max_digits=12, decimal_places=spec.get("places", 2)
    ),
    FieldType.DATE: lambda spec: django_forms.DateField(
        widget=django_forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what a date picker reads
    ),
    FieldType.CHOICE: lambda spec: django_forms.ChoiceField(choices=[tuple(c) for c in spec.get("choices", [])]),
    FieldType.BOOLEAN: lambda spec: django_forms.BooleanField(),
}


def form_class_for(definition: FormDefinition) -> type[django_forms.Form]:
    declared = {}
    for spec in definition.fields:
        field = _FIELD_CLASSES[FieldType(spec["type"])](spec)
        field.required = bool(spec.get("required", False))
        field.label = spec.get("label", spec["name"])
        field.help_text = spec.get("help_text", "")
        declared[spec["name"]] = field
    return type(f"Form_{definition.code}_v{definition.version}", (django_forms.Form,), declared)
