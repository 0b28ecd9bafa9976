"""Writes of the year-end assessment (process "programme_assessment"): opening it, editing the indicator set,
scoring a participant's sheet, publishing, and corrections after publication (one organiser requests, another
decides). Every refusal happens before anything is written; every change writes an audit row in its transaction."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import people_holding
from accounts.roles import HANDLE_PARTY_WORK
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from notifications.models import Kind as NoticeKind
from notifications.services import notify
from programmes.assessment import scoring
from programmes.assessment.defaults import GRADES, TITLES, default_indicators
from programmes.assessment.models import Assessment, Correction, Indicator, Rule, Scheme, Sheet, SheetStatus
from programmes.models import ActivityKind, Participant, ParticipantStatus, Programme
from workflows.evaluation.models import CorrectionStatus

PROCESS = "programme_assessment"


def _audit(*, actor, programme: Programme, action: str, data: dict, reason: str = "") -> None:
    audit_record(
        process=PROCESS,
        case_id=programme.pk,
        action=action,
        actor=actor,
        organisation=programme.organisation,
        business_date=business_today(),
        reason=reason,
        data={"programme": programme.name, "school_year": programme.school_year, **data},
    )


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError("invalid", _("The input is not valid."), fields={field: [str(value)]}) from None
    if not number.is_finite():
        raise ApplicationError("invalid", _("The input is not valid."), fields={field: [str(value)]})
    return number


# The indicator set -----------------------------------------------------------------------------------------------


def checked_indicators(indicators: list[dict]) -> list[dict]:
    """Indicators as the scheme stores them, or ApplicationError: unique codes, titles, positive maxima with at most
    two decimal places, known activity kinds and rules, a count of at least one."""
    if not indicators:
        raise ApplicationError("indicators_empty", _("An indicator set needs at least one indicator."))
    seen, made = set(), []
    for n, item in enumerate(indicators):
        code = str(item.get("code") or "").strip()
        title = str(item.get("title") or "").strip()
        if not code or not title or len(code) > 20 or len(title) > 120 or code in seen:
            raise ApplicationError(
                "indicator_invalid",
                _("Every indicator needs a title and a unique code."),
                fields={"indicators": [str(n + 1)]},
            )
        seen.add(code)
        high = _decimal(item.get("max_score"), "max_score")
        if high <= 0 or high > Decimal("1000") or high != high.quantize(Decimal("0.01")):
            raise ApplicationError(
                "indicator_max_invalid",
                _("%(title)s: the maximum score is a positive number with at most two decimal places.")
                % {"title": title},
                fields={"indicators": [code]},
            )
        kinds = [str(k) for k in item.get("kinds") or []]
        rule = str(item.get("rule") or Rule.NONE)
        try:
            count = int(item.get("count") or 1)
        except (TypeError, ValueError):
            count = 0
        if any(k not in ActivityKind.values for k in kinds) or rule not in Rule.values or not 1 <= count <= 100:
            raise ApplicationError(
                "indicator_rule_invalid",
                _("%(title)s: the activities, the proposal rule or the count is not valid.") % {"title": title},
                fields={"indicators": [code]},
            )
        if rule != Rule.NONE and not kinds:
            raise ApplicationError(
                "indicator_rule_invalid",
                _("%(title)s: a proposal from the records needs at least one activity.") % {"title": title},
                fields={"indicators": [code]},
            )
        made.append(
            {
                "code": code,
                "title": title,
                "description": str(item.get("description") or "").strip()[:500],
                "max_score": high,
                "kinds": kinds,
                "rule": rule,
                "count": count,
                "order": n + 1,
            }
        )
    return made


def checked_grades(grades: list[dict]) -> list[dict]:
    """Grade bands (等次), highest first, each with a label and a threshold; strictly falling, the lowest 0."""
    made = []
    for band in grades or []:
        label = str(band.get("label") or "").strip()
        low = _decimal(band.get("min"), "grades")
        if not label or len(label) > 20 or low < 0:
            raise ApplicationError("grades_invalid", _("Every grade needs a name and a threshold of 0 or more."))
        made.append({"label": label, "min": str(low)})
    mins = [Decimal(b["min"]) for b in made]
    if not made or mins[-1] != 0 or any(a <= b for a, b in zip(mins, mins[1:], strict=False)):
        raise ApplicationError(
            "grades_invalid",
            _("Grades go from the highest threshold down, each lower than the one before, the last at 0."),
        )
    return made


def _create_scheme(*, programme, version: int, title: str, grades: list, indicators: list[dict], actor) -> Scheme:
    scheme = Scheme.objects.create(programme=programme, version=version, title=title, grades=grades, created_by=actor)
    Indicator.objects.bulk_create(Indicator(scheme=scheme, **item) for item in indicators)
    return scheme


def assessment_open(*, actor, programme: Programme) -> Assessment:
    """Open the programme's assessment under its latest indicator set (the default of its kind the first time)."""
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        if Assessment.objects.filter(programme=programme).exists():
            raise ConflictError("assessment_exists", _("The assessment of this programme is already open."))
        scheme = programme.assessment_schemes.order_by("-version").first()
        if scheme is None:
            scheme = _create_scheme(
                programme=programme,
                version=1,
                title=TITLES[programme.kind],
                grades=GRADES,
                indicators=checked_indicators(default_indicators(programme.kind)),
                actor=actor,
            )
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(programme=programme, scheme=scheme, opened_by=actor)
        except IntegrityError:
            raise ConflictError("assessment_exists", _("The assessment of this programme is already open.")) from None
        _audit(
            actor=actor, programme=programme, action="open", data={"scheme": scheme.title, "version": scheme.version}
        )
    return assessment


def scheme_update(*, actor, assessment: Assessment, title: str, grades: list[dict], indicators: list[dict]) -> Scheme:
    """Edit the indicator set: in place while no sheet is scored under it, else as its next version (the sheets
    keep the version they were scored under; the next scoring uses the new one). Closed once published."""
    if assessment.published_at:
        raise ApplicationError("assessment_published", _("The assessment is published: its scheme no longer changes."))
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise ApplicationError("invalid", _("The input is not valid."), fields={"title": [title[:20]]})
    grades = checked_grades(grades)
    indicators = checked_indicators(indicators)
    programme = assessment.programme
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.published_at:
            raise ApplicationError(
                "assessment_published", _("The assessment is published: its scheme no longer changes.")
            )
        current = assessment.scheme
        before = {"version": current.version, "indicators": _indicator_facts(current.indicators.all())}
        if current.sheets.exists():
            latest = programme.assessment_schemes.order_by("-version").first()
            scheme = _create_scheme(
                programme=programme,
                version=latest.version + 1,
                title=title,
                grades=grades,
                indicators=indicators,
                actor=actor,
            )
            assessment.scheme = scheme
            assessment.save(update_fields=["scheme"])
        else:
            scheme = current
            scheme.title, scheme.grades = title, grades
            scheme.save(update_fields=["title", "grades"])
            scheme.indicators.all().delete()
            Indicator.objects.bulk_create(Indicator(scheme=scheme, **item) for item in indicators)
        _audit(
            actor=actor,
            programme=programme,
            action="scheme_update",
            data={
                "before": before,
                "version": scheme.version,
                "new_version": scheme.pk != current.pk,
                "grades": grades,
                "indicators": _indicator_facts(scheme.indicators.all()),
            },
        )
    return scheme


def _indicator_facts(indicators) -> list[dict]:
    return [
        {"code": i.code, "title": i.title, "max": str(i.max_score), "kinds": i.kinds, "rule": i.rule, "count": i.count}
        for i in indicators
    ]


# Scoring, publishing ---------------------------------------------------------------------------------------------


def _listed(participant: Participant, programme: Programme) -> None:
    if participant.programme_id != programme.pk or participant.status != ParticipantStatus.LISTED:
        raise ApplicationError(
            "participant_not_listed",
            _("Only a participant on the programme's list is assessed."),
            fields={"participant": [str(participant.pk)]},
        )


def sheet_score(*, actor, assessment: Assessment, participant: Participant, items: list[dict]) -> Sheet:
    """Score a participant's sheet (again, while unpublished): every indicator once, within [0, its maximum], with a
    reason wherever the score differs from the records' proposal. Stores each score, the proposal (rounded and
    exact), the records behind it, the exact total and the grade."""
    programme = assessment.programme
    if assessment.published_at:
        raise ApplicationError(
            "assessment_published",
            _("The assessment is published: a change needs a correction approved by another person."),
        )
    _listed(participant, programme)
    indicators = list(assessment.scheme.indicators.order_by("order", "code"))
    clean = []
    for item in items:
        clean.append(
            {
                "indicator": str(item.get("indicator", "")),
                "score": _decimal(item.get("score"), "scores"),
                "reason": str(item.get("reason") or "").strip()[:500],
            }
        )
    found = scoring.proposals(participant, indicators)
    rows = scoring.sheet_rows(indicators, clean, found)
    differing = [
        r["indicator"]
        for r in rows
        if r["proposal"] is not None and Decimal(r["score"]) != Decimal(r["proposal"]) and not r["reason"]
    ]
    if differing:
        raise ApplicationError(
            "reason_required",
            _("Give a reason where the score differs from the proposal the records make."),
            fields={"scores": differing},
        )
    total = scoring.total_of(rows)
    grade = scoring.grade_for(assessment.scheme.grades, total)
    now = timezone.now()
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.published_at:
            raise ApplicationError(
                "assessment_published",
                _("The assessment is published: a change needs a correction approved by another person."),
            )
        if locked.scheme_id != assessment.scheme_id:
            raise ConflictError("scheme_changed", _("The indicator set changed meanwhile: score again."))
        sheet = (
            Sheet.objects.filter(assessment=locked, participant=participant)
            .exclude(status=SheetStatus.SUPERSEDED)
            .first()
        )
        before = {"total": str(sheet.total), "grade": sheet.grade, "rows": sheet.rows} if sheet else None
        if sheet is None:
            sheet = Sheet(assessment=locked, participant=participant, version=1)
        sheet.scheme = locked.scheme
        sheet.rows, sheet.total, sheet.grade = rows, total, grade
        sheet.scored_by, sheet.scored_at = actor, now
        sheet.save()
        _audit(
            actor=actor,
            programme=programme,
            action="score",
            data={
                "participant": participant.person.real_name,
                "participant_id": participant.pk,
                "scheme_version": locked.scheme.version,
                "before": before,
                "rows": rows,
                "total": str(total),
                "grade": grade,
            },
        )
    return sheet


def assessment_publish(*, actor, assessment: Assessment) -> Assessment:
    """Publish every listed participant's sheet at once; the sheets are locked from then on."""
    programme = assessment.programme
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.published_at:
            raise ConflictError("assessment_published", _("The assessment is already published."))
        listed = list(
            programme.participants.filter(status=ParticipantStatus.LISTED).select_related("person", "responsible")
        )
        sheets = {s.participant_id: s for s in locked.sheets.exclude(status=SheetStatus.SUPERSEDED)}
        missing = [p.person.real_name for p in listed if p.pk not in sheets]
        if not listed:
            raise ApplicationError("nothing_to_publish", _("Nobody on the programme's list has been assessed."))
        if missing:
            raise ApplicationError(
                "scores_incomplete",
                _("Not every participant is scored yet: %(names)s.") % {"names": "、".join(missing)},
                fields={"participants": missing},
            )
        now = timezone.now()
        published = [sheets[p.pk] for p in listed]
        Sheet.objects.filter(pk__in=[s.pk for s in published]).update(status=SheetStatus.PUBLISHED, published_at=now)
        locked.published_by, locked.published_at = actor, now
        locked.save(update_fields=["published_by", "published_at"])
        _audit(
            actor=actor,
            programme=programme,
            action="publish",
            data={
                "totals": [
                    {"participant": s.participant.person.real_name, "total": str(s.total), "grade": s.grade}
                    for s in published
                ]
            },
        )
        for participant in listed:
            recipients = {participant.person}
            if participant.responsible:
                recipients.add(participant.responsible)
            notify(
                recipients=list(recipients),
                kind=NoticeKind.DECISION,
                title=_("Year-end assessment published: %(name)s") % {"name": participant.person.real_name},
                body=_("%(programme)s: total %(total)s, %(grade)s.")
                % {
                    "programme": programme.name,
                    "total": sheets[participant.pk].total,
                    "grade": sheets[participant.pk].grade,
                },
                url=reverse("programmes-assessment-sheet", args=[programme.pk, participant.pk]),
                process=PROCESS,
                actor=actor,
            )
    return locked


# Corrections -----------------------------------------------------------------------------------------------------


def correction_request(
    *, actor, assessment: Assessment, participant: Participant, indicator: str, after, reason: str
) -> Correction:
    """Ask for one indicator's score on a published sheet to change; another organiser decides."""
    programme = assessment.programme
    if not assessment.published_at:
        raise ApplicationError(
            "assessment_not_published", _("Before publication the sheet itself is scored again, without a correction.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", _("A correction needs a reason."), fields={"reason": [""]})
    after = _decimal(after, "after")
    sheet = (
        Sheet.objects.filter(assessment=assessment, participant=participant, status=SheetStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    if sheet is None:
        raise ApplicationError("sheet_missing", _("This participant has no published sheet."))
    row = next((r for r in sheet.rows if r["indicator"] == indicator), None)
    if row is None:
        raise ApplicationError(
            "indicator_unknown",
            _("%(code)s is not an indicator of this set.") % {"code": indicator},
            fields={"indicator": [indicator]},
        )
    high = Decimal(row["max"])
    if not Decimal(0) <= after <= high or after != after.quantize(Decimal("0.01")):
        raise ApplicationError(
            "score_out_of_range",
            _("%(title)s: the score must be between 0 and %(high)s.") % {"title": row["title"], "high": high},
            fields={"after": [str(after)]},
        )
    if after == Decimal(row["score"]):
        raise ApplicationError("correction_no_change", _("The new value is the same as the current one."))
    with transaction.atomic():
        Sheet.objects.select_for_update().filter(pk=sheet.pk).first()
        if sheet.corrections.filter(status=CorrectionStatus.PENDING, indicator=indicator).exists():
            raise ConflictError(
                "correction_pending", _("A correction of this score is already waiting for a decision.")
            )
        correction = Correction.objects.create(
            sheet=sheet,
            indicator=indicator,
            before=Decimal(row["score"]),
            after=after,
            reason=reason,
            requested_by=actor,
        )
        _audit(
            actor=actor,
            programme=programme,
            action="request_correction",
            reason=reason,
            data={
                "correction_id": correction.pk,
                "participant": participant.person.real_name,
                "sheet_version": sheet.version,
                "indicator": row["title"],
                "before": row["score"],
                "after": str(after),
            },
        )
        deciders = [
            p for p in people_holding(HANDLE_PARTY_WORK, programme.organisation, business_today()) if p.pk != actor.pk
        ]
        if deciders:
            notify(
                recipients=deciders,
                kind=NoticeKind.TASK_NEW,
                title=_("A score correction waits for your decision: %(name)s")
                % {"name": participant.person.real_name},
                body=f"{row['title']}: {row['score']} → {after}",
                url=reverse("programmes-assessment-corrections", args=[programme.pk]),
                process=PROCESS,
                actor=actor,
            )
    return correction


def correction_decide(*, actor, correction: Correction, approve: bool, comment: str = "") -> Correction:
    """Approve (a new version of the sheet with the corrected score, the old one kept, superseded) or reject (with a
    comment). The person who asked cannot decide it."""
    comment = (comment or "").strip()
    if correction.requested_by_id == actor.pk:
        raise ApplicationError("correction_self_approval", _("Another person must decide on the correction."))
    if not approve and not comment:
        raise ApplicationError("reason_required", _("Say why the correction is rejected."), fields={"comment": [""]})
    with transaction.atomic():
        correction = (
            Correction.objects.select_for_update().select_related("sheet", "requested_by").get(pk=correction.pk)
        )
        if correction.status != CorrectionStatus.PENDING:
            raise ConflictError("correction_decided", _("This correction has already been decided."))
        old = (
            Sheet.objects.select_for_update()
            .select_related("assessment__programme", "participant__person", "scheme")
            .get(pk=correction.sheet_id)
        )
        if old.status != SheetStatus.PUBLISHED:
            raise ConflictError("correction_stale", _("The sheet changed since this correction was requested."))
        programme = old.assessment.programme
        now = timezone.now()
        correction.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
        correction.decided_by, correction.decided_at, correction.decision_comment = actor, now, comment
        data = {
            "correction_id": correction.pk,
            "participant": old.participant.person.real_name,
            "indicator": correction.indicator,
            "before": str(correction.before),
            "after": str(correction.after),
            "requested_by": {"id": correction.requested_by_id, "name": correction.requested_by.real_name},
        }
        if approve:
            rows = [
                {**r, "score": str(correction.after), "reason": correction.reason}
                if r["indicator"] == correction.indicator
                else r
                for r in old.rows
            ]
            total = scoring.total_of(rows)
            # The corrected version is superseded before its successor is written (one current sheet a participant).
            old.status = SheetStatus.SUPERSEDED
            old.save(update_fields=["status"])
            new = Sheet.objects.create(
                assessment=old.assessment,
                participant=old.participant,
                scheme=old.scheme,
                version=old.version + 1,
                status=SheetStatus.PUBLISHED,
                rows=rows,
                total=total,
                grade=scoring.grade_for(old.scheme.grades, total),
                scored_by=actor,
                scored_at=now,
                published_at=now,
            )
            correction.produced = new
            data |= {
                "superseded_version": old.version,
                "sheet_version": new.version,
                "total": str(new.total),
                "grade": new.grade,
            }
        correction.save(update_fields=["status", "decided_by", "decided_at", "decision_comment", "produced"])
        _audit(
            actor=actor,
            programme=programme,
            action="approve_correction" if approve else "reject_correction",
            reason=correction.reason if approve else comment,
            data=data,
        )
    return correction
