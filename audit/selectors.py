"""Reads for the auditor console: which events a reader may see, the search, a case's timeline and a
person's whole record (纪实) across stages. Auditors see their subtree only: events whose organisation lies
under an organisation where they hold view_audit; events with no organisation (sign-ins, system jobs) are
for superusers."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Organisation
from accounts.permissions import granted_roots
from audit.models import AuditEvent, VerificationRun
from workflows.kit.registry import AUDITED_PARTS, PROCESS_TYPES, ProcessType


def processes() -> list[tuple[str, str]]:
    """(code, name) of what the console filters events by: every process, then administration."""
    parts = [(code, str(label)) for code, (label, _actions) in AUDITED_PARTS.items()]
    return (
        [(kind.code, str(kind.label)) for kind in PROCESS_TYPES.values()]
        + parts
        + [("admin", str(_("Administration")))]
    )


def is_auditor(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or granted_roots(user, roles.VIEW_AUDIT))
    )


def events_visible_to(user) -> QuerySet[AuditEvent]:
    if not is_auditor(user):
        return AuditEvent.objects.none()
    if user.is_superuser:
        return AuditEvent.objects.all()
    condition = Q(pk__in=[])
    for root in granted_roots(user, roles.VIEW_AUDIT):
        condition |= Q(organisation__path__startswith=root)
    return AuditEvent.objects.filter(condition)


def organisation_choices(user) -> list[tuple[int, str]]:
    """The console's organisation filter: the organisations of the reader's subtree (where they hold view_audit and
    below), in tree order, each indented by its depth below the topmost one offered."""
    if not is_auditor(user):
        return []
    condition = Q()
    if not user.is_superuser:
        condition = Q(pk__in=[])
        for root in granted_roots(user, roles.VIEW_AUDIT):
            condition |= Q(path__startswith=root)
    rows = list(Organisation.objects.filter(condition).order_by("path").values_list("pk", "name", "depth"))
    top = min((depth for _pk, _name, depth in rows), default=1)
    return [(pk, "\u3000" * (depth - top) + name) for pk, name, depth in rows]


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def search_events(user, params: dict) -> QuerySet[AuditEvent]:
    """Filters: person (the party case's person, by name), actor (name), organisation (id: its subtree),
    process, action, from / to (business dates). Unknown or malformed values are ignored."""
    events = events_visible_to(user)
    if params.get("person"):
        # The matching cases read first, as a list: then PostgreSQL finds their events by (process, case) index
        # instead of walking the whole trail backwards from the newest event (bench/pages.py, issue 8).
        about = Q(pk__in=[])
        for kind in _about_people():
            matching = kind.person_cases().filter(person__real_name__contains=params["person"]).order_by()
            about |= Q(process=kind.code, case_id__in=list(matching.values_list(kind.audit_key, flat=True)))
        events = events.filter(about)
    if params.get("actor"):
        events = events.filter(actor_name__contains=params["actor"])
    if str(params.get("organisation", "")).isdigit():
        path = Organisation.objects.filter(pk=int(params["organisation"])).values_list("path", flat=True).first()
        events = events.filter(organisation__path__startswith=path) if path else events.none()
    if params.get("process") in dict(processes()):
        events = events.filter(process=params["process"])
    if params.get("action"):
        events = events.filter(action=params["action"])
    if _date(params.get("from")):
        events = events.filter(business_date__gte=_date(params["from"]))
    if _date(params.get("to")):
        events = events.filter(business_date__lte=_date(params["to"]))
    return events.select_related("organisation").order_by("-id")


def _about_people() -> list[ProcessType]:
    """The processes whose cases are each about one person (their registration's ``person_cases``)."""
    return [kind for kind in PROCESS_TYPES.values() if kind.person_cases is not None]


def _case_row(kind: ProcessType, case) -> dict:
    """One case about a person, as the console lists it: its process, its key in the trail, what it is about."""
    return {"process": kind.code, "case": case, "case_id": getattr(case, kind.audit_key), "about": kind.describe(case)}


def people_found(user, name: str, limit: int = 20) -> list[dict]:
    """The cases about a person whose name matches a console search, among those the reader may audit: the
    results link each person to their whole record and each case to its timeline."""
    rows: list[dict] = []
    for kind in _about_people():
        visible = events_visible_to(user).filter(process=kind.code).values("case_id")
        cases = kind.person_cases().filter(person__real_name__contains=name, **{f"{kind.audit_key}__in": visible})
        rows += [_case_row(kind, case) for case in cases.order_by("person__real_name", "pk")[:limit]]
    return rows[:limit]


def case_timeline(user, process: str, case_id: int) -> QuerySet[AuditEvent]:
    return (
        events_visible_to(user).filter(process=process, case_id=case_id).select_related("organisation").order_by("id")
    )


def person_record(user, person) -> tuple[list[dict], list[AuditEvent]]:
    """The person's cases the reader sees events of, and those events, in order (一人一档). A case the person had
    elsewhere (another county) is not even listed."""
    rows, about = [], Q(pk__in=[])
    for kind in _about_people():
        rows += [_case_row(kind, case) for case in kind.person_cases().filter(person=person).order_by("pk")]
        about |= Q(process=kind.code, case_id__in=[row["case_id"] for row in rows if row["process"] == kind.code])
    events = list(events_visible_to(user).filter(about).select_related("organisation").order_by("id"))
    seen = {(event.process, event.case_id) for event in events}
    return [row for row in rows if (row["process"], row["case_id"]) in seen], events


def latest_verification() -> VerificationRun | None:
    """The last finished run."""
    return VerificationRun.objects.filter(finished_at__isnull=False).order_by("-pk").first()


def verification_under_way() -> VerificationRun | None:
    """A run started and not finished yet (one started too long ago has died and is not shown)."""
    from audit.verification import RUNNING_FOR_AT_MOST

    recent = timezone.now() - RUNNING_FOR_AT_MOST
    return VerificationRun.objects.filter(finished_at__isnull=True, started_at__gt=recent).order_by("-pk").first()


def has_audit_history(user) -> bool:
    """Retention (issue 7): a person who acted, or whose case (one about them) has events, may not be deleted."""
    if AuditEvent.objects.filter(actor=user).exists():
        return True
    about = Q(pk__in=[])
    for kind in _about_people():
        about |= Q(process=kind.code, case_id__in=kind.person_cases().filter(person=user).values(kind.audit_key))
    return AuditEvent.objects.filter(about).exists()
