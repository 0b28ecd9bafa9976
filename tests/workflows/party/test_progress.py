"""What a case expects next (workflows.party.progress): its open steps are read once, as the ORM reads them, with
the business date its deadlines run from and the working-day corrections after it."""

import datetime

import chinese_calendar
import pytest
from viewflow.workflow.models import Task

from tests.workflows.party.conftest import case_before
from workflows.business_days import add_working_days
from workflows.models import WorkdayOverride
from workflows.party.models import PartyCase
from workflows.party.progress import OPEN, last_business_date, open_steps_read, refresh_next
from workflows.party.rulesets import rule_book

pytestmark = pytest.mark.django_db


def values(row) -> dict:
    return {name: value for name, value in vars(row).items() if not name.startswith("_")}


def test_the_open_steps_are_read_as_the_orm_reads_them_with_the_latest_business_date(party):
    case = PartyCase.objects.get(pk=case_before(party, "fill_form"))  # the applicant's own step: it has an owner
    tasks, since, corrections = open_steps_read(case)
    expected = list(
        case.task_set.filter(status__in=OPEN)
        .exclude(flow_task_type__in=["JOIN", "SPLIT"])
        .select_related("owner", "approval")
        .order_by("pk")
    )
    assert [values(task) for task in tasks] == [values(task) for task in expected] and tasks
    assert [task.owner for task in tasks] == [task.owner for task in expected] == [case.person]
    approval = Task._meta.get_field("approval")  # known to be absent, as select_related("approval") knows it
    assert all(task.process is case and approval.get_cached_value(task) is None for task in tasks)
    assert since == last_business_date(case) and corrections == {}


def test_a_working_day_correction_after_the_latest_step_moves_the_next_steps_due_date(party):
    case = PartyCase.objects.get(pk=case_before(party, "designate_activist"))  # due 130 working days after the talk
    _tasks, since, _corrections = open_steps_read(case)
    day_off = next(
        day
        for day in (since + datetime.timedelta(days=n) for n in range(1, 30))
        if not chinese_calendar.is_workday(day)
    )
    WorkdayOverride.objects.create(date=since, is_workday=False, note="before: not counted")
    WorkdayOverride.objects.create(date=day_off, is_workday=True, note="调休")
    tasks, _since, corrections = open_steps_read(case)
    assert corrections == {day_off: True}
    refresh_next(case, rule_book(case.rule_set))
    due = Task.objects.get(pk=tasks[0].pk).data["due"]
    assert due == add_working_days(since, 130).date.isoformat() == case.next_due.isoformat()
    assert due < add_working_days(since, 130, overrides={}).date.isoformat()  # one working day more on the way
