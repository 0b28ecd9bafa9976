"""The entry form of a record, built from its kind's fields (programmes.records.kinds), and the confirmer's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.fields import AttachmentsField, MultipleFileInput
from programmes.models import Programme
from programmes.records import kinds

# The phone's camera first (capture), photos and PDFs only (the service checks every file's content).
EVIDENCE_ACCEPT = "image/*,application/pdf"


class ProgrammeChoice(forms.ModelChoiceField):
    def label_from_instance(self, programme):
        return f"{programme.name} · {programme.organisation.name}"


class RecordForm(forms.Form):
    """The fields of one kind of record; ``programmes``: where the person records (a choice only when several)."""

    def __init__(self, *args, kind: str, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if len(programmes) > 1:
            self.fields["programme"] = ProgrammeChoice(
                label=_("Programme"),
                queryset=Programme.objects.filter(pk__in=[p.pk for p in programmes]).select_related("organisation"),
            )
        self.fields["date"] = forms.DateField(
            label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        )
        for field in kinds.fields_of(kind):
            if field.choices:
                self.fields[field.key] = forms.ChoiceField(
                    label=field.label, choices=field.choices, widget=forms.RadioSelect, required=field.required
                )
            else:
                widget = forms.Textarea(attrs={"rows": 3}) if field.long else forms.TextInput()
                self.fields[field.key] = forms.CharField(
                    label=field.label, required=field.required, max_length=field.max_length, widget=widget
                )
        self.fields["evidence"] = AttachmentsField(
            label=_("Evidence (photos or PDF)"),
            required=False,
            widget=MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT, "capture": "environment"}),
            help_text=_("Take a photo with the phone's camera or choose files; at most nine."),
        )

    def details(self) -> dict:
        return {f.key: self.cleaned_data.get(f.key) or "" for f in kinds.fields_of(self.kind)}


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What to correct"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
