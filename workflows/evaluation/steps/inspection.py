"""The year-end project and feature evaluation (DOMAIN §4.4): the leading group appoints an inspection team
and a review panel; an inspector records the on-site check (现场督查); a panel member enters the panel's
per-indicator scores (组织评审); the leading group confirms them. Nobody from an inspected school may be
appointed, inspect or score (C7), checked when appointed and again when acting."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from core.exceptions import ApplicationError
from forms.models import Attachment
from workflows.access import works_in_tree
from workflows.evaluation.actions import BUREAU, INSPECTOR, PANEL, PROJECT, action, year_open
from workflows.evaluation.inputs import AppointInput, PanelScoreInput, ProjectTarget, RecordVisitInput
from workflows.evaluation.models import Appointment, AppointmentRole, OnSiteVisit
from workflows.evaluation.models import ProjectStatus as S
from workflows.evaluation.rights import refuse_conflicts
from workflows.evaluation.scoring import indicators_for
from workflows.evaluation.steps.common import assess, confirm_score, send_back
from workflows.evaluation.tracks import inspected_schools


def _people(ids: list[int], field: str) -> list[User]:
    people = list(User.objects.filter(pk__in=set(ids), is_active=True).order_by("pk"))
    if len(people) != len(set(ids)):
        raise ApplicationError("invalid", _("The input is not valid."), fields={field: [_("Unknown person.")]})
    return people


@action(
    code="appoint",
    label=_("Appoint the inspection team and panel"),
    perm=roles.ORGANISE_EVALUATION,
    where=BUREAU,
    when=year_open,
    transitions={S.SELF_SUBMITTED: S.ON_SITE_CHECK, S.ON_SITE_CHECK: S.ON_SITE_CHECK, S.PANEL_REVIEW: S.PANEL_REVIEW},
    input=AppointInput,
    options={"target": PROJECT},
)
def appoint(ctx) -> None:
    track = ctx.target
    inspectors = _people(ctx.data["inspector_ids"], "inspector_ids")
    panel = _people(ctx.data["panel_ids"], "panel_ids")
    has_inspector = inspectors or track.appointments.filter(role=AppointmentRole.INSPECTOR).exists()
    if track.status == S.SELF_SUBMITTED and not has_inspector:
        raise ApplicationError(
            "inspectors_required",
            _("The on-site check needs at least one inspector."),
            fields={"inspector_ids": [_("Appoint at least one inspector.")]},
        )
    for field, people in (("inspector_ids", inspectors), ("panel_ids", panel)):
        # Appointees then read the case: only people working in the community's bureau, never an auditor or
        # administrator only, nor anyone of another bureau.
        outsiders = [p.pk for p in people if not works_in_tree(p, ctx.case.community, ctx.today)]
        if outsiders:
            raise ApplicationError(
                "appointee_ineligible",
                _("Only people working in this bureau's schools and offices can be appointed."),
                fields={field: outsiders},
            )
    refuse_conflicts(inspectors + panel, inspected_schools(track), ctx.today)
    for role, people in ((AppointmentRole.INSPECTOR, inspectors), (AppointmentRole.PANEL, panel)):
        for person in people:
            Appointment.objects.get_or_create(
                project=track, user=person, role=role, defaults={"appointed_by": ctx.actor}
            )
    ctx.record = {
        "inspectors": [{"id": p.pk, "name": p.real_name} for p in inspectors],
        "panel": [{"id": p.pk, "name": p.real_name} for p in panel],
    }


@action(
    code="record_visit",
    label=_("Record the on-site check"),
    appointed=INSPECTOR,
    when=year_open,
    transitions={S.ON_SITE_CHECK: S.PANEL_REVIEW},
    input=RecordVisitInput,
    options={"target": PROJECT},
)
def record_visit(ctx) -> None:
    track, data = ctx.target, ctx.data
    if data["visit_date"] > ctx.today:
        raise ApplicationError("date_in_future", _("A business date cannot be in the future."))
    appointed = set(track.appointments.filter(role=AppointmentRole.INSPECTOR).values_list("user_id", flat=True))
    ids = set(data["inspector_ids"]) | {ctx.actor.pk}
    if ids - appointed:
        raise ApplicationError(
            "not_appointed",
            _("Only appointed inspectors can be named on the visit."),
            fields={"inspector_ids": sorted(ids - appointed)},
        )
    inspectors = _people(sorted(ids), "inspector_ids")
    refuse_conflicts(inspectors, inspected_schools(track), ctx.today, field="inspector_ids")
    codes = {i.code for i in indicators_for(ctx.case.scheme, track.track)}
    unknown = [item["indicator"] for item in data["checklist"] if item["indicator"] not in codes]
    if unknown:
        raise ApplicationError(
            "indicator_unknown",
            _("%(code)s is not an indicator of this set.") % {"code": unknown[0]},
            fields={"checklist": unknown},
        )
    photos = list(Attachment.objects.filter(pk__in=data["photo_ids"], uploaded_by=ctx.actor))
    if len(photos) != len(set(data["photo_ids"])):
        raise ApplicationError(
            "attachment_unknown", _("Evidence must be files you uploaded."), fields={"photo_ids": data["photo_ids"]}
        )
    checklist = [dict(item) for item in data["checklist"]]
    visit = OnSiteVisit.objects.create(
        project=track,
        visit_date=data["visit_date"],
        checklist=checklist,
        findings=data["findings"],
        recorded_by=ctx.actor,
    )
    visit.inspectors.set(inspectors)
    visit.photos.set(photos)
    ctx.business_date = data["visit_date"]
    ctx.attachments = photos
    ctx.record = {
        "visit_id": visit.pk,
        "visit_date": data["visit_date"].isoformat(),
        "inspectors": [{"id": p.pk, "name": p.real_name} for p in inspectors],
        "checklist": checklist,
        "findings": data["findings"],
    }


@action(
    code="panel_score",
    label=_("Enter the panel's scores"),
    appointed=PANEL,
    when=year_open,
    transitions={S.PANEL_REVIEW: S.PANEL_REVIEW},
    input=PanelScoreInput,
    options={"target": PROJECT},
)
def panel_score(ctx) -> None:
    assess(ctx)


@action(
    code="panel_confirm",
    label=_("Confirm the panel's score"),
    perm=roles.ORGANISE_EVALUATION,
    where=BUREAU,
    when=year_open,
    transitions={S.PANEL_REVIEW: S.SCORED},
    input=ProjectTarget,
    options={"target": PROJECT},
)
def panel_confirm(ctx) -> None:
    confirm_score(ctx)


@action(
    code="panel_return",
    label=_("Return the scores to the panel"),
    perm=roles.ORGANISE_EVALUATION,
    where=BUREAU,
    when=year_open,
    transitions={S.PANEL_REVIEW: S.PANEL_REVIEW},
    input=ProjectTarget,
    options={"target": PROJECT},
)
def panel_return(ctx) -> None:
    """Not confirmed: the panel scores again (its scores are cleared, so the panel's step opens again)."""
    send_back(ctx, clear=True)
