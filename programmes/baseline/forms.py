"""The baseline pages' forms: a title or honour recorded, one withdrawn, a spreadsheet imported."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.fields import AttachmentField
from programmes.baseline.models import Level, Title


class DateInput(forms.DateInput):
    input_type = "date"


class RecordForm(forms.Form):
    title = forms.ChoiceField(label=_("Title or honour"), choices=Title.choices)
    name = forms.CharField(
        label=_("Name of the honour"),
        max_length=60,
        required=False,
        help_text=_("Only for an honour not in the list (其他荣誉)."),
    )
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=DateInput, required=False, help_text=_("Leave empty if it does not expire.")
    )
    awarding_body = forms.CharField(label=_("Awarded by"), max_length=100, required=False)
    evidence = AttachmentField(label=_("Evidence (certificate or document)"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), max_length=200)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
