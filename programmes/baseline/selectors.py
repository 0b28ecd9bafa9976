"""Reads of the baseline (摸清底子): the seed's figures computed live for a school or a county on a day, the teachers
behind each figure, a teacher's titles and honours, and the teachers the rules mark as 重点发展对象 (000 §二.2).

A figure's rows and its count come from the same sets, so each figure links to exactly its rows. Every read here
costs the same few queries whatever the number of teachers (tests/programmes/baseline/test_selectors.py)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Membership, Organisation, OrganisationKind, PartyStanding, User
from accounts.permissions import ancestor_paths
from programmes.baseline.models import Distinction, DistinctionKind, Level, Title

MEMBER_STANDINGS = (PartyStanding.FULL, PartyStanding.PROBATIONARY)
# A backbone teacher (骨干教师) holds a backbone title (教学能手, 教学骨干, 学科带头人, 名师) of at least this level.
# Seed 000 counts "骨干教师" without a level in 摸清底子 and names "县级以上教学能手、教学骨干、学科带头人" for the
# 重点发展对象: 县级 is the default, the pages offer counting 校级 titles too.
DEFAULT_MIN_LEVEL = Level.COUNTY
MIN_LEVELS = (Level.SCHOOL, Level.COUNTY)

# 重点发展对象 (000 §二.2): 校级以上 优秀教师/模范教师/优秀班主任/优秀教育工作者, 县级以上 教学能手/教学骨干/学科带头人
# (and 名师, above 学科带头人: the seed's list ends with 等), held by a teacher who is not a party member.
TARGET_RULES = {
    Title.EXCELLENT_TEACHER: Level.SCHOOL,
    Title.MODEL_TEACHER: Level.SCHOOL,
    Title.EXCELLENT_CLASS_TEACHER: Level.SCHOOL,
    Title.EXCELLENT_EDUCATOR: Level.SCHOOL,
    Title.TEACHING_EXPERT: Level.COUNTY,
    Title.TEACHING_BACKBONE: Level.COUNTY,
    Title.SUBJECT_LEADER: Level.COUNTY,
    Title.FAMOUS_TEACHER: Level.COUNTY,
}

FIGURES = ("teachers", "members", "backbones", "member_backbones", "advanced")
FIGURE_LABELS = {
    "teachers": pgettext_lazy("baseline figure", "Teachers"),
    "members": pgettext_lazy("baseline figure", "Party members"),
    "backbones": pgettext_lazy("baseline figure", "Backbone teachers"),
    "member_backbones": pgettext_lazy("baseline figure", "Backbone teachers among party members"),
    "advanced": pgettext_lazy("baseline figure", "Non-party advanced teachers among backbones"),
}
# Each ratio: (key, label, numerator, denominator).
RATIOS = (
    ("member_share", _("Party members among teachers"), "members", "teachers"),
    ("backbone_share_of_members", _("Backbone teachers among party members"), "member_backbones", "members"),
    ("member_share_of_backbones", _("Party members among backbone teachers"), "member_backbones", "backbones"),
    ("advanced_share_of_backbones", _("Non-party teachers among backbone teachers"), "advanced", "backbones"),
)
PERCENT = Decimal("0.1")


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator in %, exact then rounded half up to one place; None without a denominator."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(PERCENT, rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The seed's figures for one school (or a county's totals): each a set of person ids."""

    organisation: Organisation
    sets: dict[str, set[int]] = field(default_factory=dict)

    def count(self, key: str) -> int:
        return len(self.sets[key])

    @property
    def counts(self) -> dict[str, int]:
        return {key: self.count(key) for key in FIGURES}

    @property
    def listed(self) -> list[tuple[str, str, int]]:
        """(key, label, count) of each figure, in order."""
        return [(key, FIGURE_LABELS[key], self.count(key)) for key in FIGURES]

    @property
    def ratios(self) -> list[dict]:
        return [
            {
                "key": key,
                "label": label,
                "numerator": self.count(top),
                "denominator": self.count(bottom),
                "numerator_figure": top,
                "denominator_figure": bottom,
                "percent": percent(self.count(top), self.count(bottom)),
            }
            for key, label, top, bottom in RATIOS
        ]


def _school_of(path: str, schools: dict[str, Organisation]) -> Organisation | None:
    return next((schools[p] for p in ancestor_paths(path) if p in schools), None)


def _schools_in(scope: Organisation) -> dict[str, Organisation]:
    if scope.kind == OrganisationKind.SCHOOL:
        return {scope.path: scope}
    found = Organisation.objects.filter(kind=OrganisationKind.SCHOOL, path__startswith=scope.path).order_by("path")
    return {school.path: school for school in found}


def _members_of(scope: Organisation, day: datetime.date):
    return Membership.objects.active_on(day).filter(organisation__path__startswith=scope.path, user__is_active=True)


def _backbone_ids(people, day: datetime.date, min_level: int) -> set[int]:
    found = Distinction.objects.active_on(day).filter(
        kind=DistinctionKind.BACKBONE, level__gte=min_level, person__in=people
    )
    return set(found.values_list("person_id", flat=True).distinct())


def _sets(teachers: set[int], members: set[int], backbones: set[int]) -> dict[str, set[int]]:
    return {
        "teachers": teachers,
        "members": members,
        "backbones": backbones,
        "member_backbones": backbones & members,
        "advanced": backbones - members,
    }


@dataclass
class CountyFigures:
    scope: Organisation
    schools: list[Figures]
    totals: Figures


def figures(scope: Organisation, *, day: datetime.date, min_level: int = DEFAULT_MIN_LEVEL) -> CountyFigures:
    """The figures of each school in ``scope`` (a school, or a bureau or community) and their totals (a teacher of
    two schools counts in each, and once in the totals). Three queries, whatever the number of teachers."""
    schools = _schools_in(scope)
    memberships = _members_of(scope, day)
    rows = memberships.values_list("user_id", "organisation__path", "user__party_standing").distinct()
    backbones = _backbone_ids(memberships.values("user_id"), day, min_level)
    per_school: dict[str, tuple[set[int], set[int]]] = {path: (set(), set()) for path in schools}
    for user_id, path, standing in rows:
        school = _school_of(path, schools)
        if school is None:
            continue  # a bureau's or community's own staff: no school's teacher
        teachers, members = per_school[school.path]
        teachers.add(user_id)
        if standing in MEMBER_STANDINGS:
            members.add(user_id)
    results = [
        Figures(schools[path], _sets(teachers, members, backbones & teachers))
        for path, (teachers, members) in per_school.items()
    ]
    all_teachers = set().union(*(f.sets["teachers"] for f in results)) if results else set()
    all_members = set().union(*(f.sets["members"] for f in results)) if results else set()
    totals = Figures(scope, _sets(all_teachers, all_members, backbones & all_teachers))
    return CountyFigures(scope, results, totals)


@dataclass
class TeacherRow:
    person: User
    schools: list[Organisation]
    distinctions: list[Distinction]  # active that day, highest level first
    is_member: bool
    is_backbone: bool


def teachers(
    scope: Organisation, *, day: datetime.date, figure: str = "teachers", min_level: int = DEFAULT_MIN_LEVEL
) -> list[TeacherRow]:
    """The teachers behind one figure of ``scope``, by name, each with their schools and active distinctions."""
    found = figures(scope, day=day, min_level=min_level)
    wanted = found.totals.sets[figure if figure in FIGURES else "teachers"]
    backbones = found.totals.sets["backbones"]
    schools_of_person: dict[int, list[Organisation]] = {}
    for school in found.schools:
        for person_id in school.sets["teachers"] & wanted:
            schools_of_person.setdefault(person_id, []).append(school.organisation)
    held: dict[int, list[Distinction]] = {}
    for distinction in (
        Distinction.objects.active_on(day).filter(person_id__in=wanted).order_by("-level", "-awarded_on", "pk")
    ):
        held.setdefault(distinction.person_id, []).append(distinction)
    people = User.objects.filter(pk__in=wanted).order_by("real_name", "pk")
    return [
        TeacherRow(
            person,
            schools_of_person.get(person.pk, []),
            held.get(person.pk, []),
            person.party_standing in MEMBER_STANDINGS,
            person.pk in backbones,
        )
        for person in people
    ]


def target_q() -> Q:
    """The distinctions that mark their holder as a 重点发展对象 (TARGET_RULES)."""
    condition = Q(pk__in=[])
    for title, level in TARGET_RULES.items():
        condition |= Q(title=title, level__gte=level)
    return condition


@dataclass
class TargetRow:
    person: User
    reasons: list[Distinction]  # the active distinctions that mark them
    cases: list  # their party cases, newest first
    may_start: bool  # the viewer may enter a party application for them

    @property
    def open_case(self):
        """Their party case in progress, if any (a person has at most one: the party process refuses a second)."""
        from workflows.party.models import CaseStatus

        still_open = (CaseStatus.ACTIVE, CaseStatus.PROBATION_EXTENDED, CaseStatus.ON_HOLD_LEAVING)
        return next((case for case in self.cases if case.case_status in still_open), None)


def targets(school: Organisation, *, day: datetime.date, viewer=None) -> list[TargetRow]:
    """The school's non-party teachers the rules mark as 重点发展对象, each with why, their party cases, and whether
    ``viewer`` may enter an application for them (branch staff reaching them, as the party process's start page)."""
    from accounts.roles import HANDLE_PARTY_WORK
    from accounts.selectors import people_reached_by
    from workflows.party.models import PartyCase

    teachers_here = _members_of(school, day).values("user_id")
    reasons = (
        Distinction.objects.active_on(day)
        .filter(target_q(), person__in=teachers_here)
        .exclude(person__party_standing__in=MEMBER_STANDINGS)
        .select_related("person")
        .order_by("person__real_name", "person_id", "-level", "-awarded_on")
    )
    by_person: dict[int, TargetRow] = {}
    for distinction in reasons:
        row = by_person.setdefault(distinction.person_id, TargetRow(distinction.person, [], [], False))
        row.reasons.append(distinction)
    if not by_person:
        return []
    for case in PartyCase.objects.filter(person_id__in=by_person).order_by("-application_date", "-pk"):
        by_person[case.person_id].cases.append(case)
    if viewer is not None:
        reached = people_reached_by(viewer, HANDLE_PARTY_WORK).filter(pk__in=by_person).values_list("pk", flat=True)
        for person_id in reached:
            by_person[person_id].may_start = True
    return list(by_person.values())


def distinctions_of(person: User):
    """Every row of the person's, withdrawn ones too (shown struck through), newest first."""
    return (
        Distinction.objects.filter(person=person)
        .select_related("recorded_by", "withdrawn_by", "evidence")
        .order_by("withdrawn_at", "-awarded_on", "-pk")
    )
