"""Year-end (DOMAIN §4.4): aggregation by the formula of the scheme version (汇总), publication by the
leading group, and afterwards only corrections, each with a reason and another person's approval (C9).
Every result version is kept; a correction supersedes the version it corrects with a new one."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from accounts import roles
from audit.models import AuditEvent
from core.exceptions import ApplicationError, ConflictError
from workflows.evaluation.actions import BUREAU, CASE, action
from workflows.evaluation.aggregation import collect_pairs, correctable_inputs, corrected_pairs, grade_rows
from workflows.evaluation.inputs import AggregateInput, CommentInput, DecideCorrectionInput, RequestCorrectionInput
from workflows.evaluation.models import CaseStatus as S
from workflows.evaluation.models import CorrectionStatus, GradingResult, ResultCorrection, ResultStatus
from workflows.evaluation.schemes import snapshot

FORMULA = {
    "R1": "N̄t = (a·Nt_K + b·Nt_M)/(a+b) by the routine ratio a:b; Total_K = 0.3·N̄1 + 0.3·N̄2 + E_K; "
    "Total_M = 0.3·N̄1 + 0.3·N̄2 + E_M; E_K = p_K·P + f_K·F, E_M = p_M·P + f_M·F by the project and "
    "feature ratios (E_K = E_M = P where the type has no feature evaluation); N normalised to 100",
    "R2": "Total_K = 0.3·N1_K + 0.3·N2_K + E_K; Total_M = 0.3·N1_M + 0.3·N2_M + E_M; E as in R1; N normalised to 100",
}


def current_result(case) -> GradingResult:
    return case.results.select_for_update().exclude(status=ResultStatus.SUPERSEDED).order_by("-version").first()


def _last_result_event(case) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(
            process="evaluation", case_id=case.pk, action__in=["aggregate", "publish", "approve_correction"]
        )
        .order_by("-pk")
        .first()
    )


def _totals(rows) -> list[dict]:
    return [
        {
            "core_school": r["core_school"],
            "member_school": r["member_school"],
            "core": r["total_core"],
            "member": r["total_member"],
        }
        for r in rows
    ]


@action(
    code="aggregate",
    label=_("Aggregate the results (汇总)"),
    perm=roles.REVIEW_COMMUNITY,
    where=BUREAU,
    transitions={S.OPEN: S.AGGREGATED},
    input=AggregateInput,
    options={"target": CASE},
)
def aggregate(ctx) -> None:
    case, reading = ctx.case, ctx.data["reading"]
    if reading is not None and reading != case.scheme.reading:
        raise ApplicationError(
            "reading_mismatch",
            _("How a pair's routine work counts is fixed by the year's scheme version: nothing to choose."),
            fields={"reading": [reading]},
        )
    pairs, missing = collect_pairs(case)
    if missing:
        waiting = "；".join(str(text) for text in missing)
        raise ApplicationError(
            "inputs_incomplete",
            _("Not every score is in yet: %(missing)s.") % {"missing": waiting},
            fields={"missing": missing},
        )
    community_type = case.community.community_type
    rows = grade_rows(case.scheme, community_type, pairs, reading)
    warnings = sorted({w for row in rows for w in row["warnings"]})
    scheme = snapshot(case.scheme)
    result = GradingResult.objects.create(
        case=case,
        version=case.results.count() + 1,
        status=ResultStatus.COMPUTED,
        reading=case.scheme.reading,
        community_type=community_type,
        scheme=scheme,
        rows=rows,
        warnings=warnings,
        computed_by=ctx.actor,
    )
    ctx.warnings.extend(warnings)
    ctx.record = {
        "result_version": result.version,
        "reading": result.reading,
        "community_type": community_type,
        "formula": FORMULA[result.reading],
        "scheme": scheme,
        "rows": rows,
    }


@action(
    code="publish",
    label=_("Publish the results"),
    perm=roles.ORGANISE_EVALUATION,
    where=BUREAU,
    transitions={S.AGGREGATED: S.PUBLISHED},
    input=CommentInput,
    options={"target": CASE, "changes_scores": False},
)
def publish(ctx) -> None:
    result = current_result(ctx.case)
    result.status = ResultStatus.PUBLISHED
    result.published_by = ctx.actor
    result.published_at = ctx.now
    result.save(update_fields=["status", "published_by", "published_at"])
    ctx.record = {"result_version": result.version, "totals": _totals(result.rows)}


@action(
    code="publish_return",
    label=_("Return for re-aggregation"),
    perm=roles.ORGANISE_EVALUATION,
    where=BUREAU,
    transitions={S.AGGREGATED: S.OPEN},
    input=CommentInput,
    options={"target": CASE, "changes_scores": False},
)
def publish_return(ctx) -> None:
    """Not published: the year goes back to aggregation (汇总), whose next run computes the totals again; the
    returned result is kept, superseded by the next one."""
    if not ctx.comment.strip():
        raise ApplicationError(
            "reason_required",
            _("Say why the results go back."),
            fields={"comment": [_("A reason is required.")]},
        )
    result = current_result(ctx.case)
    if result.corrections.filter(status=CorrectionStatus.PENDING).exists():
        raise ApplicationError("correction_pending", _("Decide the pending corrections first."))
    result.status = ResultStatus.SUPERSEDED
    result.save(update_fields=["status"])
    ctx.reason = ctx.comment
    ctx.record = {"result_version": result.version, "returned_totals": _totals(result.rows)}


@action(
    code="request_correction",
    label=_("Request a correction"),
    perm=roles.REVIEW_COMMUNITY,
    where=BUREAU,
    transitions={S.AGGREGATED: S.AGGREGATED, S.PUBLISHED: S.PUBLISHED},
    input=RequestCorrectionInput,
    options={"target": CASE, "changes_scores": False},
)
def request_correction(ctx) -> None:
    data = ctx.data
    if not data["reason"].strip():
        raise ApplicationError(
            "reason_required", _("A correction needs a reason."), fields={"reason": [_("A reason is required.")]}
        )
    result = current_result(ctx.case)
    inputs = correctable_inputs(result.rows, ctx.case.scheme)
    if data["field"] not in inputs:
        raise ApplicationError(
            "correction_field_unknown", _("This is not an input of the result."), fields={"field": [data["field"]]}
        )
    facts = inputs[data["field"]]
    if not 0 <= data["after"] <= facts["high"]:
        raise ApplicationError(
            "score_out_of_range",
            _("The score must be between 0 and %(high)s.") % {"high": facts["high"]},
            fields={"after": [str(data["after"])]},
        )
    if facts["before"] is not None and data["after"] == Decimal(facts["before"]):
        raise ApplicationError("correction_no_change", _("The new value is the same as the current one."))
    correction = ResultCorrection.objects.create(
        result=result,
        field=data["field"],
        before=facts["before"] or "",
        after=data["after"],
        reason=data["reason"],
        requested_by=ctx.actor,
    )
    ctx.reason = data["reason"]
    ctx.record = {
        "correction_id": correction.pk,
        "result_version": result.version,
        "field": correction.field,
        "input": facts["label"],
        "before": correction.before,
        "after": str(correction.after),
    }


def _pending(ctx) -> ResultCorrection:
    correction = (
        ResultCorrection.objects.select_for_update()
        .select_related("result", "requested_by")
        .filter(result__case=ctx.case, pk=ctx.data["correction_id"])
        .first()
    )
    if correction is None:
        raise ApplicationError(
            "correction_unknown", _("No such correction in this case."), fields={"correction_id": ["?"]}
        )
    if correction.status != CorrectionStatus.PENDING:
        raise ConflictError("correction_decided", _("This correction has already been decided."))
    if correction.result.status == ResultStatus.SUPERSEDED:
        raise ConflictError("correction_stale", _("The result changed since this correction was requested."))
    return correction


def _decide(correction: ResultCorrection, ctx, status: str, **extra) -> None:
    """Record who decided a correction, when and why (the row is the correction's own state, not the trail)."""
    values = {"status": status, "decided_by": ctx.actor, "decided_at": ctx.now, "decision_comment": ctx.comment}
    for name, value in {**values, **extra}.items():
        setattr(correction, name, value)
    correction.save(update_fields=[*values, *extra])


@action(
    code="approve_correction",
    label=_("Approve a correction"),
    perm=roles.ORGANISE_EVALUATION,
    where=BUREAU,
    transitions={S.AGGREGATED: S.AGGREGATED, S.PUBLISHED: S.PUBLISHED},
    input=DecideCorrectionInput,
    options={"target": CASE, "changes_scores": False},
)
def approve_correction(ctx) -> None:
    correction = _pending(ctx)
    if correction.requested_by_id == ctx.actor.pk:
        raise ApplicationError("approver_must_differ", _("Another person must approve the correction."))
    old = correction.result
    rows = grade_rows(
        ctx.case.scheme, old.community_type, corrected_pairs(old.rows, correction.field, correction.after), old.reading
    )
    new = GradingResult.objects.create(
        case=ctx.case,
        version=old.version + 1,
        status=old.status,
        reading=old.reading,
        community_type=old.community_type,
        scheme=old.scheme,
        rows=rows,
        warnings=sorted({w for row in rows for w in row["warnings"]}),
        computed_by=ctx.actor,
        published_by=ctx.actor if old.status == ResultStatus.PUBLISHED else None,
        published_at=ctx.now if old.status == ResultStatus.PUBLISHED else None,
    )
    old.status = ResultStatus.SUPERSEDED
    old.save(update_fields=["status"])
    _decide(correction, ctx, CorrectionStatus.APPROVED, produced=new)
    ctx.corrects = _last_result_event(ctx.case)
    ctx.reason = correction.reason
    ctx.override_approver = ctx.actor
    ctx.record = {
        "correction_id": correction.pk,
        "field": correction.field,
        "before": correction.before,
        "after": str(correction.after),
        "requested_by": {"id": correction.requested_by_id, "name": correction.requested_by.real_name},
        "approved_by": {"id": ctx.actor.pk, "name": ctx.actor.real_name},
        "superseded_version": old.version,
        "result_version": new.version,
        "rows": rows,
    }


@action(
    code="reject_correction",
    label=_("Reject a correction"),
    perm=roles.ORGANISE_EVALUATION,
    where=BUREAU,
    transitions={S.AGGREGATED: S.AGGREGATED, S.PUBLISHED: S.PUBLISHED},
    input=DecideCorrectionInput,
    options={"target": CASE, "changes_scores": False},
)
def reject_correction(ctx) -> None:
    correction = _pending(ctx)
    if not ctx.comment.strip():
        raise ApplicationError(
            "reason_required",
            _("Say why the correction is rejected."),
            fields={"comment": [_("A reason is required.")]},
        )
    _decide(correction, ctx, CorrectionStatus.REJECTED)
    ctx.reason = ctx.comment
    ctx.record = {"correction_id": correction.pk, "field": correction.field, "rejected": True}
