"""Running one action on an evaluation case: the only path by which a case, its tracks or its results change.

In one transaction: lock the case, make sure the actor has a part in the action at all (403 before the
payload is even read), refuse score changes once published (C9), validate the input, find and lock the
target track, check the actor's right on that very track and the target's state against the action's
transition table, let the step handler apply the rules, move the state and write the audit event.
Any refusal raises before commit, so nothing changes and no event is written.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import role_used
from audit.models import AuditEvent
from audit.services import attachment_facts, audit_record
from core.dates import business_today
from core.exceptions import ApplicationError
from workflows.evaluation import steps  # noqa: F401  (registers the actions)
from workflows.evaluation.actions import (
    ACTIONS,
    BUREAU,
    CASE,
    INSPECTOR,
    PROJECT,
    ROUTINE,
    SCHOOL,
    ActionSpec,
    StepContext,
)
from workflows.evaluation.inputs import validated
from workflows.evaluation.models import (
    Appointment,
    CaseStatus,
    EvaluationCase,
    ProjectEvaluation,
    RoutineEvaluation,
)
from workflows.evaluation.rights import perms_by_org
from workflows.evaluation.tracks import acting_schools, describe, project_track_open


@dataclass
class ActionResult:
    case: EvaluationCase
    event: AuditEvent
    warnings: list


def _case_schools(case: EvaluationCase) -> list:
    return [ev.school for ev in case.routine.select_related("school").filter(term=1)]


def _has_part(spec: ActionSpec, case: EvaluationCase, actor) -> None:
    """Coarse check before the payload: an insider without any part in this action gets 403."""
    if spec.who == BUREAU:
        allowed = spec.perm in perms_by_org(actor, [case.community])[case.community.pk]
    elif spec.who == SCHOOL:
        allowed = any(spec.perm in held for held in perms_by_org(actor, _case_schools(case)).values())
    else:
        role = "INSPECTOR" if spec.who == INSPECTOR else "PANEL"
        allowed = Appointment.objects.filter(project__case=case, user=actor, role=role).exists()
    if not allowed:
        raise PermissionDenied


def _target(spec: ActionSpec, case: EvaluationCase, data: dict):
    if spec.target == CASE:
        return case
    if data.get("routine_id") and spec.target != PROJECT:
        found = (
            RoutineEvaluation.objects.select_for_update(of=("self",))
            .select_related("school")
            .filter(case=case, pk=data["routine_id"])
            .first()
        )
        field_name = "routine_id"
    elif data.get("project_id") and spec.target != ROUTINE:
        found = (
            ProjectEvaluation.objects.select_for_update(of=("self",))
            .select_related("core_school", "member_school")
            .filter(case=case, pk=data["project_id"])
            .first()
        )
        field_name = "project_id"
    else:  # by pair and component: a track not opened yet is only sketched until the actor's right is checked
        schools = _case_schools(case)
        member = next((s for s in schools if s.pk == data["member_school_id"] and not s.is_core_school), None)
        core = next((s for s in schools if s.is_core_school), None)
        if member is None or core is None:
            raise ApplicationError(
                "evaluation_unknown", _("No such evaluation in this case."), fields={"member_school_id": ["?"]}
            )
        found = ProjectEvaluation.objects.select_for_update(of=("self",)).filter(
            case=case, member_school=member, component=data["component"]
        ).select_related("core_school", "member_school").first() or ProjectEvaluation(
            case=case, core_school=core, member_school=member, component=data["component"]
        )
        field_name = "member_school_id"
    if found is None:
        raise ApplicationError("evaluation_unknown", _("No such evaluation in this case."), fields={field_name: ["?"]})
    return found


def _authorise(spec: ActionSpec, case: EvaluationCase, target, actor, today) -> tuple[str, object]:
    """The right on this very target: (role code used, organisation it is held on), or 403."""
    if spec.who == BUREAU:
        return role_used(actor, spec.perm, case.community, today), case.community
    if spec.who == SCHOOL:
        schools = acting_schools(target)
        held = perms_by_org(actor, schools)
        school = next((s for s in schools if spec.perm in held[s.pk]), None)
        if school is None:
            raise PermissionDenied
        return role_used(actor, spec.perm, school, today), school
    role = "INSPECTOR" if spec.who == INSPECTOR else "PANEL"
    if not Appointment.objects.filter(project=target, user=actor, role=role).exists():
        raise PermissionDenied
    return role, case.community


def _opened(case: EvaluationCase, sketch: ProjectEvaluation) -> ProjectEvaluation:
    """Open the sketched track from the pair's filed application (Process B), locked like any other."""
    track = project_track_open(
        case=case, core_school=sketch.core_school, member_school=sketch.member_school, component=sketch.component
    )
    return (
        ProjectEvaluation.objects.select_for_update(of=("self",))
        .select_related("core_school", "member_school")
        .get(pk=track.pk)
    )


def run_evaluation_action(
    *, case_id: int, code: str, actor, payload: dict, today=None, client_type: str = "", ip=None
) -> ActionResult:
    spec = ACTIONS.get(code)
    if spec is None:
        raise ApplicationError("unknown_action", _("Unknown action."), status=404)
    today = today or business_today()
    with transaction.atomic():
        case = (
            EvaluationCase.objects.select_for_update(of=("self",))
            .select_related("community", "scheme__routine_set", "scheme__project_set", "scheme__feature_set")
            .get(pk=case_id)
        )
        _has_part(spec, case, actor)
        if spec.changes_scores and case.status == CaseStatus.PUBLISHED:
            raise ApplicationError(
                "published_locked",
                _("The results are published: a change needs a correction with a reason and an approver."),
                status=409,
            )
        data = validated(spec.input, payload)
        target = _target(spec, case, data)
        role, organisation = _authorise(spec, case, target, actor, today)
        if spec.target != CASE and case.status != CaseStatus.OPEN:
            raise ApplicationError("action_not_available", _("The year's evaluation is already aggregated."))
        if target.pk is None:
            target = _opened(case, target)
        before = target.status
        if before not in spec.transitions:
            raise ApplicationError(
                "action_not_available",
                _("This action is not available at the evaluation's current stage."),
                fields={"status": [before]},
            )
        ctx = StepContext(
            case=case,
            target=target,
            actor=actor,
            data=data,
            today=today,
            now=timezone.now(),
            business_date=today,
            comment=data.get("comment", ""),
        )
        spec.handler(ctx)
        after = spec.transitions[before]
        if after != before:
            target.status = after
            target.save(update_fields=["status"])
        track = {} if target is case else describe(target)
        event = audit_record(
            process="evaluation",
            case_id=case.pk,
            action=code,
            actor=actor,
            actor_role=role,
            organisation=organisation,
            business_date=ctx.business_date,
            from_state=before,
            to_state=after,
            rule_set=case.scheme.code,
            deadlines=ctx.deadlines,
            warnings=ctx.warnings,
            reason=ctx.reason,
            override_approver=ctx.override_approver,
            corrects=ctx.corrects,
            data={**track, **ctx.record},
            attachments=attachment_facts(ctx.attachments),
            comment=ctx.comment,
            client_type=client_type,
            ip=ip,
        )
    return ActionResult(case=case, event=event, warnings=ctx.warnings)
