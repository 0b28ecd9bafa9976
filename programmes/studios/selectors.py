"""Reads of the studios: who is in an organisation's reach, the studios a person sees, terms and their dates, the
current plan and its progress (planned vs held), the approved applications a studio may be set up from."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.models import Membership, Organisation, User
from accounts.permissions import ancestor_paths, subtree_q
from accounts.roles import VIEW
from core.dates import business_today
from core.school_year import school_year_date, school_year_of
from programmes.studios.models import Activity, AnnualEvaluation, PlanItem, PlanStatus, Studio, TermPlan

APPLICATION_CODE = "famous-teacher-studio"  # designer/seeds/famous-teacher-studio.json: 名师工作室申报


def people_in_reach(organisation: Organisation, day: datetime.date | None = None) -> QuerySet[User]:
    """Active people with a current role at or below the organisation: whom a studio (or a pool) of it may name."""
    memberships = Membership.objects.active_on(day or business_today())
    inside = memberships.filter(organisation__path__startswith=organisation.path).values("user_id")
    return User.objects.filter(is_active=True, pk__in=inside)


def in_reach(organisation: Organisation, people, day: datetime.date | None = None) -> list[int]:
    """The ids among ``people`` (users or ids) who are NOT in the organisation's reach."""
    ids = {getattr(person, "pk", person) for person in people if person is not None}
    found = set(people_in_reach(organisation, day).filter(pk__in=ids).values_list("pk", flat=True))
    return sorted(ids - found)


def studios_visible_to(user) -> QuerySet[Studio]:
    """Studios of schools the user belongs to (a current role at or below the school) or sees from above."""
    if not (user.is_authenticated and user.is_active):
        return Studio.objects.none()
    paths = (
        Membership.objects.active_on(business_today()).filter(user=user).values_list("organisation__path", flat=True)
    )
    chains = {prefix for path in paths for prefix in ancestor_paths(path)}
    condition = subtree_q(user, VIEW) | Q(organisation__path__in=chains) | Q(lead=user)
    return (
        Studio.objects.filter(condition).select_related("organisation", "lead").order_by("organisation__path", "name")
    )


def term_of(day: datetime.date) -> tuple[int, int]:
    """(school year, term) of a day: term 1 from September to January, term 2 from February to August."""
    year = school_year_of(day)
    return year, 1 if day.month >= 9 or day.month == 1 else 2


def term_dates(school_year: int, term: int) -> tuple[datetime.date, datetime.date]:
    """The usual dates of a term (the programmes' terms): 9/1–1/31 and 2/1–7/15."""
    if term == 1:
        return school_year_date(school_year, 9, 1), school_year_date(school_year, 1, 31)
    return school_year_date(school_year, 2, 1), school_year_date(school_year, 7, 15)


def plans_of(studio: Studio) -> QuerySet[TermPlan]:
    return studio.plans.select_related("published_by").order_by("-school_year", "-term", "-version")


def plan_current(studio: Studio, school_year: int, term: int) -> TermPlan | None:
    """The term's plan in force: its latest published version."""
    published = studio.plans.filter(school_year=school_year, term=term, status=PlanStatus.PUBLISHED)
    return published.order_by("-version").first()


def plan_latest(studio: Studio, school_year: int, term: int) -> TermPlan | None:
    return studio.plans.filter(school_year=school_year, term=term).order_by("-version").first()


def plan_is_current(plan: TermPlan) -> bool:
    current = plan_current(plan.studio, plan.school_year, plan.term)
    return current is not None and current.pk == plan.pk


@dataclass(frozen=True)
class ItemProgress:
    item: PlanItem
    held: int

    @property
    def planned(self) -> int:
        return self.item.planned_count

    @property
    def done(self) -> bool:
        return self.held >= self.item.planned_count


def plan_progress(plan: TermPlan) -> list[ItemProgress]:
    """Each item of the plan with the activities held against it (against any version of the item), in two
    queries."""
    items = list(plan.items.select_related("responsible").order_by("planned_date", "planned_month", "pk"))
    held = Counter(
        Activity.objects.filter(studio_id=plan.studio_id, plan_item__isnull=False)
        .annotate(lineage=Coalesce("plan_item__origin_id", "plan_item_id"))
        .values_list("lineage", flat=True)
    )
    return [ItemProgress(item, held.get(item.lineage, 0)) for item in items]


def evaluations_current(studio: Studio) -> list[AnnualEvaluation]:
    """Each school year's evaluation in force (corrections replace the one they correct), newest year first."""
    rows = studio.evaluations.select_related("evaluated_by", "confirmed_by").filter(corrected_by__isnull=True)
    return list(rows.order_by("-school_year"))


def approved_applications(school: Organisation):
    """Approved 名师工作室申报 cases started in the school that no studio was set up from yet."""
    from designer.models import DesignedCase, Stage

    used = Studio.objects.filter(application__isnull=False).values("application_id")
    return (
        DesignedCase.objects.filter(
            definition__code=APPLICATION_CODE, stage=Stage.APPROVED, organisation__path__startswith=school.path
        )
        .exclude(pk__in=used)
        .order_by("-pk")
    )


def application_prefill(case) -> dict:
    """The studio's name, lead and subject as the application gave them."""
    values = case.values or {}
    lead = values.get("studio_lead")
    return {
        "name": str(values.get("studio_name") or "")[:60],
        "lead": lead if isinstance(lead, int) else None,
        "subject": str(values.get("subject") or "")[:30],
    }
