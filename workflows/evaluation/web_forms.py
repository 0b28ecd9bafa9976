"""HTML forms for the evaluation actions. Each builds exactly the payload the API takes, so the page and
the API run the same action with the same checks; the indicator fields come from the scheme version."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organisation, User
from forms.fields import AttachmentsField
from workflows.evaluation.aggregation import correctable_inputs
from workflows.evaluation.models import AppointmentRole, CorrectionStatus, Reading, ResultStatus
from workflows.evaluation.scoring import indicators_for

SCORE = {"max_digits": 8, "decimal_places": 2}


class ActionForm(forms.Form):
    """A form with optional groups of fields (one per indicator) for the template to set side by side."""

    groups: list = []

    def grouped(self):
        return [(title, hint, [self[name] for name in names]) for title, hint, names in self.groups]

    def ungrouped(self):
        grouped = {name for _t, _h, names in self.groups for name in names}
        return [self[name] for name in self.fields if name not in grouped]


def _textarea(label, required=False):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


def _people_near(case, today):
    """People who could be appointed: anyone holding a role under the bureau above the community."""
    bureau_path = case.community.path[: -Organisation.steplen]
    ids = Membership.objects.active_on(today).filter(organisation__path__startswith=bureau_path).values("user_id")
    return [(u.pk, u.real_name) for u in User.objects.filter(pk__in=ids, is_active=True).order_by("real_name")]


def _indicator_fields(fields, groups, indicators, scores_by_code, kind):
    for indicator in indicators:
        existing = scores_by_code.get(indicator.code)
        names = [f"score_{indicator.code}", f"{'note' if kind == 'self' else 'comment'}_{indicator.code}"]
        fields[names[0]] = forms.DecimalField(label=_("Score (0–%(max)s)") % {"max": indicator.max_score}, **SCORE)
        fields[names[1]] = _textarea(_("Note") if kind == "self" else _("Comment"))
        if kind == "self":
            names.append(f"evidence_{indicator.code}")
            fields[names[2]] = AttachmentsField(label=_("Evidence"), required=False)
        hint = ""
        if existing is not None and kind != "self":
            hint = _("Self-score %(score)s") % {"score": existing.self_score}
        groups.append((f"{indicator.code} {indicator.title}", hint, names))


def action_form(code: str, case, target, today: datetime.date, data=None, files=None, initial=None) -> ActionForm:
    """The action's form; ``initial`` (e.g. from the viewer's draft) overrides the defaults."""
    fields: dict = {}
    groups: list = []
    defaults: dict = {}
    if code in ("self_evaluate", "term_evaluate", "panel_score"):
        indicators = indicators_for(case.scheme, target.track)
        existing = {s.indicator.code: s for s in target.scores.all()} if target.pk else {}
        _indicator_fields(fields, groups, indicators, existing, "self" if code == "self_evaluate" else "assess")
        if code == "self_evaluate":
            fields["summary"] = _textarea(_("Summary of the self-evaluation"))
        else:
            fields["comment"] = _textarea(_("Overall comment"))
    elif code == "appoint":
        people = _people_near(case, today)
        fields["inspector_ids"] = forms.TypedMultipleChoiceField(
            label=_("Inspectors (督查组)"),
            choices=people,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        fields["panel_ids"] = forms.TypedMultipleChoiceField(
            label=_("Panel members (评审组)"),
            choices=people,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    elif code == "record_visit":
        appointed = [
            (a.user_id, a.user.real_name) for a in target.appointments.all() if a.role == AppointmentRole.INSPECTOR
        ]
        fields["visit_date"] = forms.DateField(
            label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        )
        fields["inspector_ids"] = forms.TypedMultipleChoiceField(
            label=_("Inspectors present"),
            choices=appointed,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        for indicator in indicators_for(case.scheme, target.track):
            names = [f"verified_{indicator.code}", f"check_{indicator.code}"]
            fields[names[0]] = forms.BooleanField(label=_("Verified on site"), required=False)
            fields[names[1]] = _textarea(_("Note"))
            groups.append((f"{indicator.code} {indicator.title}", "", names))
        fields["findings"] = _textarea(_("Issues found"))
        fields["photo"] = AttachmentsField(label=_("Photos"), required=False)
        defaults["visit_date"] = today
    elif code == "aggregate":
        fields["reading"] = forms.ChoiceField(label=_("Reading"), choices=Reading.choices)
        fields["comment"] = _textarea(_("Comment"))
        defaults["reading"] = case.scheme.reading
    elif code == "request_correction":
        current = [r for r in case.results.all() if r.status != ResultStatus.SUPERSEDED]
        inputs = correctable_inputs(current[-1].rows, case.scheme) if current else {}
        fields["field"] = forms.ChoiceField(
            label=_("Input"),
            choices=[(k, f"{v['label']} ({v['before']})") for k, v in inputs.items()],
        )
        fields["after"] = forms.DecimalField(label=_("Corrected value"), **SCORE)
        fields["reason"] = _textarea(_("Reason"), required=True)
    elif code in ("approve_correction", "reject_correction"):
        pending = [c for r in case.results.all() for c in r.corrections.all() if c.status == CorrectionStatus.PENDING]
        fields["correction_id"] = forms.TypedChoiceField(
            label=_("Correction"),
            coerce=int,
            choices=[(c.pk, f"{c.field}: {c.before} → {c.after} · {c.reason}") for c in pending],
        )
        fields["comment"] = _textarea(_("Comment"), required=code == "reject_correction")
    else:
        fields["comment"] = _textarea(_("Comment"))
    form_class = type("EvaluationActionForm", (ActionForm,), {**fields, "groups": groups})
    return form_class(data, files, initial=defaults | (initial or {}))


def payload_from(code: str, cleaned: dict, target_keys: dict, store_file) -> dict:
    """The API payload for the action from the form's cleaned data; uploads become attachment ids."""
    payload = dict(target_keys)
    codes = [k.removeprefix("score_") for k in cleaned if k.startswith("score_")]
    if code == "self_evaluate":
        payload["summary"] = cleaned.get("summary", "")
        payload["scores"] = [
            {
                "indicator": c,
                "score": str(cleaned[f"score_{c}"]),
                "note": cleaned.get(f"note_{c}", ""),
                "attachment_ids": [store_file(upload) for upload in cleaned.get(f"evidence_{c}") or []],
            }
            for c in codes
        ]
    elif code in ("term_evaluate", "panel_score"):
        payload["comment"] = cleaned.get("comment", "")
        payload["scores"] = [
            {"indicator": c, "score": str(cleaned[f"score_{c}"]), "comment": cleaned.get(f"comment_{c}", "")}
            for c in codes
        ]
    elif code == "record_visit":
        payload.update(
            visit_date=cleaned["visit_date"].isoformat(),
            inspector_ids=cleaned["inspector_ids"],
            findings=cleaned.get("findings", ""),
            photo_ids=[store_file(upload) for upload in cleaned.get("photo") or []],
            checklist=[
                {"indicator": k.removeprefix("verified_"), "verified": v, "note": cleaned[f"check_{k[9:]}"]}
                for k, v in cleaned.items()
                if k.startswith("verified_")
            ],
        )
    elif code == "request_correction":
        payload.update(field=cleaned["field"], after=str(cleaned["after"]), reason=cleaned["reason"])
    else:
        payload.update({k: v for k, v in cleaned.items() if v not in (None, "")})
    return payload
