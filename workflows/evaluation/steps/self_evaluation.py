"""自查自评 (DOMAIN §4.4): a school scores itself against the indicator set, with evidence, by the deadline
the scheme version fixes. A late submission is accepted and flagged (C1, C2): the bureau decides."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.exceptions import ApplicationError
from forms.models import Attachment
from workflows.evaluation.actions import SCHOOL, TRACK, action, year_open
from workflows.evaluation.inputs import SelfEvaluateInput
from workflows.evaluation.models import IndicatorScore, ProjectStatus, RoutineStatus
from workflows.evaluation.scoring import checked_scores, indicators_for


def _evidence(ctx, items: dict) -> dict[int, Attachment]:
    wanted = {pk for item in items.values() for pk in item["attachment_ids"]}
    found = {a.pk: a for a in Attachment.objects.filter(pk__in=wanted, uploaded_by=ctx.actor)}
    if wanted - set(found):
        raise ApplicationError(
            "attachment_unknown",
            _("Evidence must be files you uploaded."),
            fields={"attachment_ids": sorted(wanted - set(found))},
        )
    if ctx.case.scheme.evidence_required:
        bare = [code for code, item in items.items() if not item["attachment_ids"]]
        if bare:
            raise ApplicationError("evidence_missing", _("Every self-score needs evidence."), fields={"scores": bare})
    return found


@action(
    code="self_evaluate",
    label=_("Submit the self-evaluation"),
    perm=roles.SUBMIT_SCHOOL_APPLICATIONS,
    where=SCHOOL,
    when=year_open,
    transitions={RoutineStatus.OPEN: RoutineStatus.SELF_SUBMITTED, ProjectStatus.FILED: ProjectStatus.SELF_SUBMITTED},
    input=SelfEvaluateInput,
    options={"target": TRACK},
)
def self_evaluate(ctx) -> None:
    track = ctx.target
    indicators = indicators_for(ctx.case.scheme, track.track)
    items = checked_scores(indicators, ctx.data["scores"])
    files = _evidence(ctx, items)
    late = ctx.today > track.due
    by_code = {i.code: i for i in indicators}
    rows = IndicatorScore.objects.bulk_create(
        [
            IndicatorScore(
                **{"routine" if track.track == "ROUTINE" else "project": track},
                indicator=by_code[code],
                self_score=item["score"],
                self_note=item["note"],
            )
            for code, item in items.items()
        ]
    )
    for row in rows:
        row.evidence.set([files[pk] for pk in items[row.indicator.code]["attachment_ids"]])
    track.self_submitted_at = ctx.now
    track.self_submitted_by = ctx.actor
    track.summary = ctx.data["summary"]
    track.late = late
    track.save(update_fields=["self_submitted_at", "self_submitted_by", "summary", "late"])
    if late:
        ctx.warnings.append("late_submission")
    ctx.deadlines = [{"kind": "self_evaluation", "due": track.due.isoformat(), "met": not late}]
    ctx.attachments = [files[pk] for item in items.values() for pk in item["attachment_ids"]]
    ctx.record = {
        "indicator_set": ctx.case.scheme.indicator_set_for(track.track).label,
        "scores": [
            {
                "indicator": code,
                "self_score": str(item["score"]),
                "note": item["note"],
                "evidence": [files[pk].sha256 for pk in item["attachment_ids"]],
            }
            for code, item in items.items()
        ],
        "summary": ctx.data["summary"],
        "late": late,
    }
