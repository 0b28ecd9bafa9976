"""The scheme version form (templates/evaluation/schemes/form.html): what the bureau fills in, in the order it
reads the scheme, turned into the payload workflows.evaluation.scheme_services checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import CommunityType
from workflows.evaluation.grading import COMPONENTS, TYPES
from workflows.evaluation.models import CoreCombination, FeaturePolicy, IndicatorSet, Reading, SchemeVersion, Track

GRADE_ROWS = 5
# What a new version offers for the 等次 before the bureau changes it (its own thresholds are the scheme's to fix).
SUGGESTED_GRADES = [("优秀", "90"), ("良好", "80"), ("合格", "60"), ("不合格", "0")]
SET_FIELDS = ((Track.ROUTINE, "routine_set"), (Track.PROJECT, "project_set"), (Track.FEATURE, "feature_set"))
COMPONENT_LABELS = {"routine": Track.ROUTINE.label, "project": Track.PROJECT.label, "feature": Track.FEATURE.label}


def ratio_name(component: str, kind: str, side: str) -> str:
    return f"ratio_{component}_{kind}_{side}"


class SchemeVersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    reading = forms.ChoiceField(label=_("Routine work of a pair"), choices=Reading.choices, widget=forms.RadioSelect)
    routine_full_marks = forms.DecimalField(
        label=_("Full marks of the routine-work indicators"),
        max_digits=8,
        decimal_places=2,
        help_text=_("Each term's routine score is converted to 100 points before it is weighted 30%."),
    )
    places = forms.TypedChoiceField(
        label=_("Rounding of the published total"),
        coerce=int,
        choices=[(0, _("Whole points")), (1, _("One decimal place")), (2, _("Two decimal places"))],
        help_text=_("Half up; only each school's total is rounded, every step before it is exact."),
    )
    core_combination = forms.ChoiceField(
        label=_("A core school with several member schools"), choices=CoreCombination.choices, widget=forms.RadioSelect
    )
    feature_policy = forms.ChoiceField(
        label=_("A feature score for a community type without feature evaluation"),
        choices=FeaturePolicy.choices,
        widget=forms.RadioSelect,
    )
    is_default = forms.BooleanField(label=_("Use this version for new school years"), required=False)

    def __init__(self, *args, sets=None, **kwargs):
        super().__init__(*args, **kwargs)
        sets = list(sets if sets is not None else IndicatorSet.objects.order_by("track", "code", "-version"))
        for component in COMPONENTS:
            for kind in TYPES:
                for side, label in (("core", _("core school")), ("member", _("member school"))):
                    self.fields[ratio_name(component, kind, side)] = forms.IntegerField(
                        label=f"{COMPONENT_LABELS[component]} · {CommunityType(kind).label} · {label}",
                        min_value=1,
                        max_value=99,
                        required=False,
                    )
        for row in range(GRADE_ROWS):
            self.fields[f"grade_{row}_label"] = forms.CharField(
                label=_("Grade %(n)d: name") % {"n": row + 1}, max_length=20, required=False
            )
            self.fields[f"grade_{row}_min"] = forms.DecimalField(
                label=_("Grade %(n)d: from (points)") % {"n": row + 1},
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
            )
        for track, name in SET_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=_("Indicators: %(track)s") % {"track": track.label},
                coerce=int,
                choices=[(s.pk, f"{s.title} · {s.full_marks}") for s in sets if s.track == track],
            )

    def ratio_table(self) -> list:
        """Per community type, per component: the two fields of its ratio (core : member)."""
        return [
            (
                CommunityType(kind).label,
                [(self[ratio_name(c, kind, "core")], self[ratio_name(c, kind, "member")]) for c in COMPONENTS],
            )
            for kind in TYPES
        ]

    def component_labels(self) -> list:
        return [COMPONENT_LABELS[c] for c in COMPONENTS]

    def grade_rows(self) -> list:
        return [(self[f"grade_{row}_label"], self[f"grade_{row}_min"]) for row in range(GRADE_ROWS)]

    def payload(self) -> dict:
        data = self.cleaned_data
        ratios = {}
        for component in COMPONENTS:
            for kind in TYPES:
                pair = [data[ratio_name(component, kind, side)] for side in ("core", "member")]
                ratios[f"{component}:{kind}"] = None if pair == [None, None] else [p or 0 for p in pair]
        grades = [
            {"label": data[f"grade_{row}_label"], "min": str(data[f"grade_{row}_min"])}
            for row in range(GRADE_ROWS)
            if data[f"grade_{row}_label"] or data[f"grade_{row}_min"] is not None
        ]
        names = ("title", "reading", "places", "feature_policy", "core_combination", "is_default")
        names += ("routine_set", "project_set", "feature_set")
        payload = {name: data[name] for name in names}
        return payload | {"ratios": ratios, "grades": grades, "routine_full_marks": str(data["routine_full_marks"])}

    def place_error(self, error) -> None:
        """A refusal of the service beside the fields it names (ratios by their key), else above the form."""
        placed = False
        for key in error.fields or {}:
            component, _sep, kind = str(key).partition(":")
            name = ratio_name(component, kind, "core") if kind else key
            if name in self.fields:
                self.add_error(name, str(error.message))
                placed = True
        if not placed:
            self.add_error(None, str(error.message))


def initial_of(version: SchemeVersion | None, *, copy: bool) -> dict:
    """The form's values from a version (a copy gets a new title and is not the default yet), or a fresh one's."""
    if version is None:
        return {"reading": Reading.R1, "places": 1, "core_combination": CoreCombination.SEPARATE}
    initial = {
        "title": version.title if not copy else "",
        "reading": version.reading,
        "routine_full_marks": version.routine_full_marks,
        "places": version.places,
        "core_combination": version.core_combination,
        "feature_policy": version.feature_policy,
        "is_default": version.is_default and not copy,
        "routine_set": version.routine_set_id,
        "project_set": version.project_set_id,
        "feature_set": version.feature_set_id,
    }
    for key, pair in (version.ratios or {}).items():
        component, _sep, kind = key.partition(":")
        if pair is not None:
            initial[ratio_name(component, kind, "core")], initial[ratio_name(component, kind, "member")] = pair
    grades = [(g["label"], g["min"]) for g in version.grades] or (SUGGESTED_GRADES if copy else [])
    for row, (label, minimum) in enumerate(grades[:GRADE_ROWS]):
        initial[f"grade_{row}_label"], initial[f"grade_{row}_min"] = label, minimum
    return initial
