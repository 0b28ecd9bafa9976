"""The assessment's page forms: a sheet's scores (one score and reason per indicator), the indicator set (one row per
indicator plus an empty one to add, the grade bands), a correction's request and its decision."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programmes.assessment.models import Rule
from programmes.models import ActivityKind


class ScoreForm(forms.Form):
    """score_<code> and reason_<code> for each indicator line (selectors.sheet_lines)."""

    def __init__(self, *args, lines: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            initial = line["score"] if line["score"] is not None else line["proposal"]
            self.fields[f"score_{line['code']}"] = forms.DecimalField(
                label=line["title"],
                min_value=Decimal(0),
                max_value=line["max"],
                max_digits=6,
                decimal_places=2,
                initial=initial,
                help_text=_("0 to %(high)s") % {"high": line["max"]},
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )
            self.fields[f"reason_{line['code']}"] = forms.CharField(
                label=_("Reason where the score differs from the proposal"),
                required=False,
                max_length=500,
                initial=line["reason"],
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def items(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "indicator": line["code"],
                "score": data[f"score_{line['code']}"],
                "reason": data[f"reason_{line['code']}"],
            }
            for line in self.lines
        ]

    def rows(self):
        """(line, score field, reason field) for the template."""
        return [(line, self[f"score_{line['code']}"], self[f"reason_{line['code']}"]) for line in self.lines]


class IndicatorForm(forms.Form):
    code = forms.CharField(max_length=20, required=False, widget=forms.HiddenInput)  # kept, never shown
    title = forms.CharField(label=pgettext_lazy("indicator", "Title"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_score = forms.DecimalField(
        label=_("Maximum score"), required=False, min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )
    kinds = forms.MultipleChoiceField(
        label=_("Activities that propose the score"),
        choices=ActivityKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule = forms.ChoiceField(label=_("Proposal from the records"), choices=Rule.choices, initial=Rule.NONE)
    count = forms.IntegerField(label=_("At least (records)"), min_value=1, max_value=100, initial=1)
    remove = forms.BooleanField(label=_("Remove this indicator"), required=False)

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if data.get("remove") or not (data.get("title") or "").strip():
            return None
        return {k: data.get(k) for k in ("code", "title", "description", "max_score", "kinds", "rule", "count")}


class GradeForm(forms.Form):
    label = forms.CharField(label=_("Grade (等次)"), max_length=20)
    min = forms.DecimalField(label=_("From (total at least)"), min_value=Decimal(0), max_digits=8, decimal_places=2)


def indicator_forms(data, indicators) -> list[IndicatorForm]:
    """One form per indicator of the scheme, plus an empty one to add an indicator."""
    made = [
        IndicatorForm(
            data,
            prefix=f"i{n}",
            initial={
                "code": i.code,
                "title": i.title,
                "description": i.description,
                "max_score": i.max_score,
                "kinds": i.kinds,
                "rule": i.rule,
                "count": i.count,
            },
        )
        for n, i in enumerate(indicators)
    ]
    made.append(IndicatorForm(data, prefix=f"i{len(made)}", initial={"code": f"N{len(made) + 1}"}))
    return made


def grade_forms(data, grades) -> list[GradeForm]:
    return [GradeForm(data, prefix=f"g{n}", initial=g) for n, g in enumerate(grades)]


class CorrectionForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    after = forms.DecimalField(
        label=_("Corrected score"),
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, lines: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(line["code"], f"{line['title']}（{line['score']}）") for line in lines]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", pgettext_lazy("correction", "Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (required to reject)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
