from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from programmes.baseline import selectors
from programmes.baseline.models import Level, Title
from programmes.baseline.services import distinction_withdraw
from tests.factories import TODAY, grant
from tests.programmes.baseline.conftest import D, award, person

pytestmark = pytest.mark.django_db


def ratios(figures):
    return {r["key"]: (r["numerator"], r["denominator"], r["percent"]) for r in figures.ratios}


def test_a_schools_figures_match_the_hand_count(counted):
    found = selectors.figures(counted.school, day=TODAY).totals
    assert found.counts == {"teachers": 8, "members": 4, "backbones": 3, "member_backbones": 1, "advanced": 2}
    assert ratios(found) == {
        "member_share": (4, 8, Decimal("50.0")),
        "backbone_share_of_members": (1, 4, Decimal("25.0")),
        "member_share_of_backbones": (1, 3, Decimal("33.3")),
        "advanced_share_of_backbones": (2, 3, Decimal("66.7")),
    }


def test_counting_school_level_titles_adds_the_probationary_members_one(counted):
    found = selectors.figures(counted.school, day=TODAY, min_level=Level.SCHOOL).totals
    assert found.counts == {"teachers": 8, "members": 4, "backbones": 4, "member_backbones": 2, "advanced": 2}
    assert ratios(found)["member_share_of_backbones"] == (2, 4, Decimal("50.0"))


def test_a_countys_totals_count_a_teacher_of_two_schools_once(counted):
    found = selectors.figures(counted.bureau, day=TODAY)
    by_school = {f.organisation.name: f.counts for f in found.schools}
    assert by_school["坎门中学"] == {"teachers": 2, "members": 0, "backbones": 1, "member_backbones": 0, "advanced": 1}
    assert found.totals.counts == {"teachers": 9, "members": 4, "backbones": 3, "member_backbones": 1, "advanced": 2}
    assert ratios(found.totals)["member_share"] == (4, 9, Decimal("44.4"))
    assert "外县中学" not in by_school


def test_figures_on_an_earlier_day_leave_out_later_titles(counted):
    assert selectors.figures(counted.school, day=D(2025, 8, 31)).totals.count("backbones") == 0


def test_percentages_round_half_up_and_need_a_denominator():
    assert selectors.percent(1, 16) == Decimal("6.3")
    assert selectors.percent(0, 0) is None


def test_the_list_behind_a_figure_is_exactly_its_rows(counted):
    rows = selectors.teachers(counted.school, day=TODAY, figure="advanced")
    assert {row.person.real_name for row in rows} == {"群众甲", "群众乙"}
    first = next(row for row in rows if row.person == counted.n1)
    assert [d.title for d in first.distinctions] == [Title.TEACHING_EXPERT, Title.EXCELLENT_TEACHER]


def test_figures_and_lists_cost_the_same_queries_however_many_teachers(counted):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            selectors.figures(counted.bureau, day=TODAY)
            selectors.teachers(counted.bureau, day=TODAY)
        return len(queries)

    before = cost()
    for index in range(5):
        teacher = person(f"新教师{index}")
        grant(teacher, counted.school, Role.SCHOOL_DEPT)
        award(counted.secretary, teacher)
    assert cost() == before


def test_the_priority_targets_are_the_non_party_teachers_the_rule_marks(counted):
    o, s = counted, counted.secretary
    too_low = person("校级能手")
    grant(too_low, o.school, Role.SCHOOL_DEPT)
    award(s, too_low, Title.TEACHING_EXPERT, Level.SCHOOL)  # 教学能手 counts from 县级
    withdrawn = person("撤销班主任")
    grant(withdrawn, o.school, Role.SCHOOL_DEPT)
    distinction_withdraw(
        actor=s, distinction=award(s, withdrawn, Title.EXCELLENT_CLASS_TEACHER, Level.SCHOOL), reason="x"
    )
    expired = person("过期模范")
    grant(expired, o.school, Role.SCHOOL_DEPT)
    award(s, expired, Title.MODEL_TEACHER, Level.COUNTY, on=D(2020, 1, 1), valid_until=D(2024, 12, 31))
    class_teacher = person("优秀班主任")
    grant(class_teacher, o.school, Role.SCHOOL_DEPT)
    award(s, class_teacher, Title.EXCELLENT_CLASS_TEACHER, Level.SCHOOL)  # honours count from 校级
    other = person("其他荣誉")
    grant(other, o.school, Role.SCHOOL_DEPT)
    award(s, other, Title.OTHER_HONOUR, Level.CITY, name="最美教师")  # not one the seed names

    rows = selectors.targets(o.school, day=TODAY)
    # m1 (县级教学骨干) is a member already; n3's 教学能手 has expired.
    assert {row.person.real_name for row in rows} == {"群众甲", "群众乙", "优秀班主任"}
    by_name = {row.person.real_name: row for row in rows}
    assert {d.title for d in by_name["群众甲"].reasons} == {Title.TEACHING_EXPERT, Title.EXCELLENT_TEACHER}


def test_branch_staff_may_start_an_application_for_a_target_they_reach(counted):
    grant(counted.n1, counted.branch, Role.APPLICANT)  # n1 also belongs to the branch now
    rows = {row.person: row for row in selectors.targets(counted.school, day=TODAY, viewer=counted.secretary)}
    assert rows[counted.n1].may_start and not rows[counted.n2].may_start  # n2 is of the school, not the branch
    assert rows[counted.n1].open_case is None
