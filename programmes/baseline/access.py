"""Who reads and who records the baseline (摸清底子), and the access helpers of its pages and API.

A teacher belongs to a school when one of their memberships active that day lies in the school's subtree.

- reads a school's baseline (figures, teachers, 重点发展对象): holders of ``see_cases``, ``manage_members``,
  ``handle_party_work`` or ``organise_evaluation`` on the school or above, and the party staff of a branch inside the
  school (``handle_party_work`` there: the branch does the 摸底 of the whole school's teachers, members or not);
- records and withdraws a teacher's titles and honours (and imports them): holders of ``manage_members`` or
  ``handle_party_work`` on one of the teacher's schools or above, and the party staff of a branch inside it;
- reads a county's figures: the same reading rights on the bureau (or community) or above;
- a teacher reads their own titles and honours.

404 to whoever does not see the school (or person), 403 to whoever sees it without the right asked for.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import Membership, Organisation, OrganisationKind, User
from accounts.permissions import ancestor_paths, granted_roots
from accounts.roles import HANDLE_PARTY_WORK, MANAGE_MEMBERS, ORGANISE_EVALUATION, SEE_CASES, VIEW
from core.dates import business_today

READ_RIGHTS = frozenset({SEE_CASES, MANAGE_MEMBERS, HANDLE_PARTY_WORK, ORGANISE_EVALUATION})
RECORD_RIGHTS = frozenset({MANAGE_MEMBERS, HANDLE_PARTY_WORK})
COUNTY_KINDS = (OrganisationKind.BUREAU, OrganisationKind.COMMUNITY)


@dataclass
class Reach:
    """Where a person holds the rights the baseline reads (a few queries, once per request)."""

    superuser: bool = False
    roots: dict[str, list[str]] = field(default_factory=dict)  # codename -> topmost paths where it is held

    def held_at(self, organisation: Organisation) -> set[str]:
        """The codenames held on the organisation or above it."""
        return {code for code, roots in self.roots.items() if any(organisation.path.startswith(r) for r in roots)}

    def _party_staff_inside(self, school: Organisation) -> bool:
        return any(root.startswith(school.path) for root in self.roots.get(HANDLE_PARTY_WORK, []))

    def sees(self, organisation: Organisation) -> bool:
        return self.superuser or VIEW in self.held_at(organisation) or self.reads(organisation)

    def reads(self, organisation: Organisation) -> bool:
        if self.superuser or self.held_at(organisation) & READ_RIGHTS:
            return True
        return organisation.kind == OrganisationKind.SCHOOL and self._party_staff_inside(organisation)

    def records(self, school: Organisation) -> bool:
        return self.superuser or bool(self.held_at(school) & RECORD_RIGHTS) or self._party_staff_inside(school)

    def read_q(self, path_field: str = "path") -> Q:
        """Organisations at or below a root where a reading right is held."""
        if self.superuser:
            return Q()
        condition = Q(pk__in=[])
        for code in READ_RIGHTS:
            for root in self.roots.get(code, []):
                condition |= Q(**{f"{path_field}__startswith": root})
        return condition

    def schools_q(self) -> Q:
        """The schools whose baseline the person reads."""
        if self.superuser:
            return Q(kind=OrganisationKind.SCHOOL)
        around = [p for root in self.roots.get(HANDLE_PARTY_WORK, []) for p in ancestor_paths(root)]
        return Q(kind=OrganisationKind.SCHOOL) & (self.read_q() | Q(path__in=around))

    def may_record_anywhere(self) -> bool:
        return self.superuser or any(self.roots.get(code) for code in RECORD_RIGHTS)


def reach_of(user) -> Reach:
    if not (user.is_authenticated and user.is_active):
        return Reach()
    if user.is_superuser:
        return Reach(superuser=True)
    return Reach(roots={code: granted_roots(user, code) for code in (VIEW, *sorted(READ_RIGHTS))})


def schools_of(person: User, day: datetime.date) -> list[Organisation]:
    """The schools the person belongs to that day (one of their active memberships lies in the school's subtree)."""
    paths = Membership.objects.active_on(day).filter(user=person).values_list("organisation__path", flat=True)
    around = {p for path in paths for p in ancestor_paths(path)}
    return list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL, path__in=around).order_by("path"))


def school_for_user(user, pk, *, record: bool = False, reach: Reach | None = None) -> Organisation:
    school = Organisation.objects.filter(pk=pk, kind=OrganisationKind.SCHOOL).first() if str(pk).isdigit() else None
    if school is None:
        raise Http404
    reach = reach or reach_of(user)
    if not reach.reads(school):
        if reach.sees(school):
            raise PermissionDenied
        raise Http404
    if record and not reach.records(school):
        raise PermissionDenied
    return school


def county_for_user(user, pk, *, reach: Reach | None = None) -> Organisation:
    """A bureau or community whose figures the user reads."""
    found = Organisation.objects.filter(pk=pk, kind__in=COUNTY_KINDS).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    reach = reach or reach_of(user)
    if not reach.reads(found):
        if reach.sees(found):
            raise PermissionDenied
        raise Http404
    return found


def scope_for_user(user, pk, *, reach: Reach | None = None) -> Organisation:
    """A school or a county (bureau, community): what a list of teachers or an export is about."""
    found = Organisation.objects.filter(pk=pk).only("kind").first() if str(pk).isdigit() else None
    if found is not None and found.kind == OrganisationKind.SCHOOL:
        return school_for_user(user, pk, reach=reach)
    return county_for_user(user, pk, reach=reach)


@dataclass
class PersonAccess:
    person: User
    schools: list[Organisation]  # the person's schools that day that the viewer reads (all of them for themselves)
    may_record: bool


def person_for_user(user, pk, *, record: bool = False, day: datetime.date | None = None) -> PersonAccess:
    """A teacher's titles and honours: 404 unless the viewer reads one of the teacher's schools (or is the teacher);
    403 when asked to record and the viewer records at none of them."""
    person = User.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if person is None or not (user.is_authenticated and user.is_active):
        raise Http404
    schools = schools_of(person, day or business_today())
    reach = reach_of(user)
    readable = [school for school in schools if reach.reads(school)]
    may_record = any(reach.records(school) for school in schools)
    if not readable and person.pk != user.pk:
        raise Http404
    if record and not may_record:
        raise PermissionDenied
    return PersonAccess(person, readable or schools, may_record)


def distinction_for_user(user, pk, *, record: bool = False):
    """A title or honour, seen as its teacher's page is (person_for_user)."""
    from programmes.baseline.models import Distinction

    distinction = Distinction.objects.select_related("person", "evidence").filter(pk=pk).first()
    if distinction is None:
        raise Http404
    person_for_user(user, distinction.person_id, record=record)
    return distinction
