"""The evaluation's step pages as the kit builds them (workflows.kit.views, workflows.kit.web_forms): the track a
page acts on (from its query), whom a form offers, the score sheets and the on-site checklist as tables of
indicators, the choices of the year's own rows (a correction, an input of the result), and the new year's form."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core.school_year import school_year_of
from forms.fields import AttachmentsField
from workflows.evaluation.actions import CASE, INSPECTOR, PROJECT, ROUTINE, TRACK, target_of
from workflows.evaluation.aggregation import correctable_inputs
from workflows.evaluation.models import (
    CorrectionStatus,
    ProjectEvaluation,
    ResultStatus,
    RoutineEvaluation,
    SchemeVersion,
    Track,
)
from workflows.evaluation.scoring import indicators_for
from workflows.evaluation.selectors import appointable
from workflows.kit.web_forms import FormPlan, Row
from workflows.schools import communities_visible_to, core_school_of

# What names the track in a page's query (and travels with its form): never a field of the form.
TRACK_KEYS = ("routine_id", "project_id", "member_school_id", "component")
LABELS = {
    "summary": _("Summary of the self-evaluation"),
    "inspector_ids": _("Inspectors (督查组)"),
    "panel_ids": _("Panel members (评审组)"),
    "visit_date": _("Visit date"),
    "findings": _("Issues found"),
    "reading": _("Reading"),
    "field": _("Input"),
    "after": _("Corrected value"),
    "correction_id": _("Correction"),
    "community": _("Community"),
    "school_year": _("School year (the year it starts)"),
    "scheme": _("Scheme version"),
}
# Refusals shown next to the field they concern (those that name their fields need none).
ERROR_FIELDS = {
    "date_in_future": "visit_date",
    "inspectors_required": "inspector_ids",
    "reading_mismatch": "reading",
    "correction_field_unknown": "field",
    "correction_no_change": "after",
    "correction_unknown": "correction_id",
    "case_exists": "school_year",
    "community_incomplete": "community",
}
SCORE_SHEETS = {"self_evaluate", "term_evaluate", "panel_score"}


def page_target(case, action, params) -> tuple:
    """(the part of the case the step acts on, the query that names it): the track of ``routine_id`` or
    ``project_id``, or for a self-evaluation the pair's track of ``member_school_id`` and ``component`` not opened
    yet (sketched, unsaved, as the engine does); the case for the year's own steps. PermissionDenied when the query
    names none of the case's."""
    acts_on = target_of(action)
    if acts_on == CASE:
        return case, {}
    routine_id, project_id = str(params.get("routine_id", "")), str(params.get("project_id", ""))
    member_id, component = str(params.get("member_school_id", "")), params.get("component")
    track = None
    if routine_id.isdigit() and acts_on in (ROUTINE, TRACK):
        keys = {"routine_id": int(routine_id)}
        track = next((t for t in case.routine.all() if t.pk == keys["routine_id"]), None)
    elif project_id.isdigit() and acts_on in (PROJECT, TRACK):
        keys = {"project_id": int(project_id)}
        track = next((t for t in case.projects.all() if t.pk == keys["project_id"]), None)
    elif member_id.isdigit() and component in (Track.PROJECT, Track.FEATURE) and acts_on == TRACK:
        keys = {"member_school_id": int(member_id), "component": component}
        member = next((t.school for t in case.routine.all() if t.school.pk == keys["member_school_id"]), None)
        if member is not None and not member.is_core_school:
            core = core_school_of(case.community)
            track = ProjectEvaluation(case=case, core_school=core, member_school=member, component=component)
    if track is None:
        raise PermissionDenied
    return track, keys


def people(action, target, day) -> list:
    """Whom an appointment may name (only those it accepts), and the appointed inspectors a visit may name."""
    if not isinstance(target, ProjectEvaluation) or target.pk is None:
        return []
    if action.code == "appoint":
        return [(person.pk, person.real_name) for person in appointable(target, day)]
    if action.code == "record_visit":
        inspectors = [a for a in target.appointments.all() if a.role == INSPECTOR]
        return [(a.user_id, a.user.real_name) for a in inspectors]
    return []


def step_fields(plan: FormPlan) -> None:
    """The form of an evaluation step, on top of what the kit makes of its input."""
    code, target = plan.action.code, plan.target
    if code == "new":
        _opening(plan)
    elif code in SCORE_SHEETS and isinstance(target, (RoutineEvaluation, ProjectEvaluation)):
        _score_sheet(plan, own=code == "self_evaluate")
    elif code == "record_visit":
        _visit(plan)
    elif code == "aggregate":
        del plan.fields["reading"]  # the year's scheme version fixes it: nothing to choose
    elif code == "request_correction":
        current = [r for r in plan.case.results.all() if r.status != ResultStatus.SUPERSEDED]
        inputs = correctable_inputs(current[-1].rows, plan.case.scheme) if current else {}
        choices = [(key, f"{facts['label']} ({facts['before']})") for key, facts in inputs.items()]
        plan.fields["field"] = forms.ChoiceField(label=plan.fields["field"].label, choices=choices)
    elif code in ("approve_correction", "reject_correction"):
        pending = [
            c for r in plan.case.results.all() for c in r.corrections.all() if c.status == CorrectionStatus.PENDING
        ]
        current = [r for r in plan.case.results.all() if r.status != ResultStatus.SUPERSEDED]
        inputs = correctable_inputs(current[-1].rows, plan.case.scheme) if current else {}
        named = {key: facts["label"] for key, facts in inputs.items()}
        choices = [(c.pk, f"{named.get(c.field, '')}: {c.before} → {c.after} · {c.reason}") for c in pending]
        label = plan.fields["correction_id"].label
        plan.fields["correction_id"] = forms.TypedChoiceField(label=label, coerce=int, choices=choices)
    if code in ("term_evaluate", "panel_score"):
        plan.fields["comment"].label = _("Overall comment")
    if code in ("term_return", "panel_return"):
        plan.fields["comment"].label = _("Why the scores go back")
        plan.fields["comment"].required = True
    if code == "publish_return":
        plan.fields["comment"].label = _("Why the results go back")
        plan.fields["comment"].required = True


def _score_sheet(plan: FormPlan, *, own: bool) -> None:
    """One row per indicator of the track's set: a score up to its maximum with a note and evidence (the school's
    own), or with a comment beside the school's self-score (an assessor's)."""
    track = plan.target
    existing = {s.indicator.code: s for s in track.scores.all()} if track.pk else {}
    rows = []
    for indicator in indicators_for(plan.case.scheme, track.track):
        score = existing.get(indicator.code)
        hint = "" if own or score is None else _("Self-score %(score)s") % {"score": score.self_score}
        title = f"{indicator.code} {indicator.title}"
        rows.append(Row(indicator.code, title, indicator.description, indicator.max_score, str(hint)))
    labels = {
        "score": lambda row: _("Score (0–%(max)s)") % {"max": row.max},
        "note": _("Note"),
        "comment": _("Comment"),
        "attachment_ids": _("Evidence"),
    }
    evidence = {"attachment_ids": AttachmentsField(label=_("Evidence"), required=False)}
    plan.table("scores", rows, key="indicator", labels=labels, fields=evidence)


def _visit(plan: FormPlan) -> None:
    """Who came (the appointed inspectors), what was verified per indicator, the issues found, the photos."""
    plan.initial["visit_date"] = plan.day
    plan.fields["inspector_ids"].label = _("Inspectors present")
    del plan.fields["photo_ids"]  # the photos themselves, stored as the visit's attachments
    plan.fields["photo"] = AttachmentsField(label=_("Photos"), required=False)
    plan.keys["photo"] = "photo_ids"
    track = plan.target
    if isinstance(track, ProjectEvaluation):
        indicators = indicators_for(plan.case.scheme, track.track)
        rows = [Row(i.code, f"{i.code} {i.title}", i.description) for i in indicators]
        labels = {"verified": _("Verified on site"), "note": _("Note")}
        plan.table("checklist", rows, key="indicator", labels=labels)


def _opening(plan: FormPlan) -> None:
    """A community the person sees, the school year (this one) and the scheme version (the default one first)."""
    communities = communities_visible_to(plan.user).order_by("path")
    schemes = SchemeVersion.objects.order_by("-is_default", "-pk")
    plan.fields["community"] = forms.TypedChoiceField(
        label=plan.fields["community"].label,
        coerce=int,
        choices=[("", "—")] + [(c.pk, f"{c.name} · {c.get_community_type_display()}") for c in communities],
    )
    plan.fields["scheme"] = forms.TypedChoiceField(
        label=plan.fields["scheme"].label,
        coerce=int,
        required=False,
        empty_value=None,
        choices=[(s.pk, s.title) for s in schemes],
    )
    plan.initial["school_year"] = school_year_of(plan.day)
