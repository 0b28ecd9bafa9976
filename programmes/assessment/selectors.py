"""Reads of the year-end assessment: the programmes a person assesses, the participants with their sheets, a sheet as
a page shows it (each indicator with its proposal and the records behind it), the corrections."""

from decimal import Decimal

from django.db.models import Q

from accounts.permissions import granted_roots
from accounts.roles import HANDLE_PARTY_WORK, ORGANISE_EVALUATION
from programmes.assessment import scoring
from programmes.assessment.models import Assessment, Correction, Sheet, SheetStatus
from programmes.models import ActivityKind, Participant, ParticipantStatus, Programme


def organised_programmes(user):
    """The programmes whose assessment ``user`` runs (organiser rights on their organisation or above)."""
    if not user.is_authenticated:
        return Programme.objects.none()
    roots = {*granted_roots(user, HANDLE_PARTY_WORK), *granted_roots(user, ORGANISE_EVALUATION)}
    if not roots:
        return Programme.objects.none()
    match = Q()
    for path in roots:
        match |= Q(organisation__path__startswith=path)
    return Programme.objects.filter(match).select_related("organisation", "assessment").order_by("-school_year", "name")


def own_published_sheets(user):
    """The published sheets of ``user`` and of the participants they are responsible for."""
    if not user.is_authenticated:
        return Sheet.objects.none()
    return (
        Sheet.objects.filter(status=SheetStatus.PUBLISHED)
        .filter(Q(participant__person=user) | Q(participant__responsible=user))
        .select_related("participant__person", "assessment__programme")
        .order_by("-assessment__programme__school_year", "participant__person__real_name")
    )


def participant_rows(assessment: Assessment | None, programme: Programme) -> list[dict]:
    """Each listed participant with their current sheet (None while unscored)."""
    participants = list(
        Participant.objects.filter(programme=programme, status=ParticipantStatus.LISTED)
        .select_related("person", "responsible")
        .order_by("person__real_name", "pk")
    )
    sheets = {}
    if assessment is not None:
        sheets = {
            s.participant_id: s
            for s in assessment.sheets.exclude(status=SheetStatus.SUPERSEDED).select_related("scored_by")
        }
    return [{"participant": p, "sheet": sheets.get(p.pk)} for p in participants]


def _records(records: list[dict]) -> list[dict]:
    return [
        {**r, "kind_label": ActivityKind(r["kind"]).label if r["kind"] in ActivityKind.values else ""} for r in records
    ]


def _exact_shown(exact: str | None, value: Decimal | None) -> str:
    """The exact proposal where it says more than the rounded one (20/3 beside 6.67), else ""."""
    if exact is None or value is None:
        return ""
    if "/" in exact:
        return exact
    return "" if Decimal(exact) == value else exact


def sheet_lines(assessment: Assessment, participant: Participant, sheet: Sheet | None, *, live: bool) -> list[dict]:
    """One line per indicator: title, maximum, description, the current score and reason, and the proposal with the
    records behind it: live from the records while the sheet may still be scored (``live``), else as stored."""
    if sheet is not None and not live:
        return [
            {
                "code": r["indicator"],
                "title": r["title"],
                "max": Decimal(r["max"]),
                "description": "",
                "score": Decimal(r["score"]),
                "reason": r["reason"],
                "proposal": Decimal(r["proposal"]) if r["proposal"] is not None else None,
                "proposal_exact": r["proposal_exact"],
                "exact_shown": _exact_shown(r["proposal_exact"], Decimal(r["proposal"]) if r["proposal"] else None),
                "done": r.get("done", ""),
                "records": _records(r["records"]),
            }
            for r in sheet.rows
        ]
    indicators = list(assessment.scheme.indicators.order_by("order", "code"))
    found = scoring.proposals(participant, indicators)
    stored = {r["indicator"]: r for r in sheet.rows} if sheet is not None else {}
    lines = []
    for indicator in indicators:
        proposal, row = found[indicator.code], stored.get(indicator.code)
        lines.append(
            {
                "code": indicator.code,
                "title": indicator.title,
                "max": indicator.max_score,
                "description": indicator.description,
                "score": Decimal(row["score"]) if row else None,
                "reason": row["reason"] if row else "",
                "proposal": proposal.value if proposal else None,
                "proposal_exact": scoring.exact_string(proposal.exact) if proposal else None,
                "exact_shown": _exact_shown(scoring.exact_string(proposal.exact), proposal.value) if proposal else "",
                "done": proposal.done if proposal else "",
                "records": _records(proposal.records) if proposal else [],
            }
        )
    return lines


def sheet_versions(assessment: Assessment, participant: Participant):
    return (
        Sheet.objects.filter(assessment=assessment, participant=participant)
        .select_related("scored_by")
        .prefetch_related("corrections__requested_by", "corrections__decided_by")
        .order_by("-version")
    )


def corrections_of(assessment: Assessment):
    return (
        Correction.objects.filter(sheet__assessment=assessment)
        .select_related("sheet__participant__person", "requested_by", "decided_by", "produced")
        .order_by("-pk")
    )


def indicator_titles(correction: Correction) -> str:
    return next((r["title"] for r in correction.sheet.rows if r["indicator"] == correction.indicator), "")
