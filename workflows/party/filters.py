"""The party case list's filters, in one place: the list page applies them and the dashboards count
with them, so a number on a chart and the list it links to always agree."""

import datetime
from calendar import monthrange

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.models import Organisation
from workflows.party.models import CaseStatus, Identity, PartyCase

# Cases still moving through the pipeline (not withdrawn, refused, cancelled or transferred out).
IN_PIPELINE = (CaseStatus.ACTIVE, CaseStatus.PROBATION_EXTENDED, CaseStatus.ON_HOLD_LEAVING, CaseStatus.ARCHIVED)
# Cases with a next step to take.
OPEN = (CaseStatus.ACTIVE, CaseStatus.PROBATION_EXTENDED, CaseStatus.ON_HOLD_LEAVING)
PROBATION_WINDOW_DAYS = 60
DUE_CHOICES = ("month", "overdue")


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def in_subtree(cases: QuerySet[PartyCase], organisation: Organisation | None) -> QuerySet[PartyCase]:
    return cases if organisation is None else cases.filter(branch__path__startswith=organisation.path)


def in_pipeline(cases: QuerySet[PartyCase]) -> QuerySet[PartyCase]:
    return cases.filter(case_status__in=IN_PIPELINE)


def due_this_month(cases: QuerySet[PartyCase], today: datetime.date) -> QuerySet[PartyCase]:
    """A next step due from today to the end of this month (overdue ones are counted apart)."""
    return cases.filter(case_status__in=OPEN, next_due__gte=today, next_due__lte=month_end(today))


def overdue(cases: QuerySet[PartyCase], today: datetime.date) -> QuerySet[PartyCase]:
    return cases.filter(case_status__in=OPEN, next_due__lt=today)


def probation_ending(cases: QuerySet[PartyCase], today: datetime.date) -> QuerySet[PartyCase]:
    """Probationary members whose probation (or its extension) ends within the next 60 days."""
    end = today + datetime.timedelta(days=PROBATION_WINDOW_DAYS)
    return (
        cases.filter(identity=Identity.PROBATIONARY, case_status__in=OPEN)
        .annotate(ends=Coalesce("extension_end", "probation_end"))
        .filter(ends__gte=today, ends__lte=end)
    )


def apply(cases: QuerySet[PartyCase], params: dict, *, today: datetime.date, organisation=None) -> QuerySet[PartyCase]:
    """The list page's query string → cases. Unknown values are ignored (a filter never errors)."""
    cases = in_subtree(cases, organisation)
    identity, status, query = params.get("identity"), params.get("status"), (params.get("q") or "").strip()
    if params.get("pipeline") == "1":
        cases = in_pipeline(cases)
    if identity in Identity.values:
        cases = cases.filter(identity=identity)
    if status in CaseStatus.values:
        cases = cases.filter(case_status=status)
    if query:
        cases = cases.filter(Q(person__real_name__contains=query))
    if params.get("due") == "month":
        cases = due_this_month(cases, today)
    elif params.get("due") == "overdue":
        cases = overdue(cases, today)
    if params.get("probation") == "ending":
        cases = probation_ending(cases, today)
    return cases
