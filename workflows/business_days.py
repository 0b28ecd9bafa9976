"""Business-date arithmetic shared by every process.

Calendar months clamp to the end of the month (Jan 31 + 1 month = Feb 28/29).
Working days follow the PRC statutory holidays and make-up working days (调休)
published in the chinese-calendar package, corrected by WorkdayOverride rows; a
period that reaches a year the package has no data for is marked provisional
and counted with weekends as the only days off.
"""

import calendar
import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass

import chinese_calendar

from workflows.models import WorkdayOverride


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


@dataclass(frozen=True)
class WorkdayResult:
    date: datetime.date
    provisional: bool


def _is_workday(day: datetime.date, overrides: Mapping) -> tuple[bool, bool]:
    """(is a working day, known from a published calendar)."""
    if day in overrides:
        return overrides[day], True
    return _published(day)


@functools.lru_cache(maxsize=8192)
def _published(day: datetime.date) -> tuple[bool, bool]:
    """The package's answer for a day, which never changes while the process runs. Kept: a deadline months ahead
    asks about every day up to it, and for a year without data the package answers by raising (slow)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_working_days(start: datetime.date, days: int, overrides: Mapping | None = None) -> WorkdayResult:
    """The date ``days`` working days after ``start`` (start itself not counted). ``overrides``: the corrections
    (WorkdayOverride: date -> is a working day) of every day after ``start`` at least up to the answer, when the
    caller read them with something else; otherwise they are read here."""
    if overrides is None:
        overrides = dict(
            WorkdayOverride.objects.filter(
                date__gt=start, date__lte=start + datetime.timedelta(days=days * 3 + 30)
            ).values_list("date", "is_workday")
        )
    provisional, day, counted = False, start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        workday, known = _is_workday(day, overrides)
        provisional = provisional or not known
        counted += workday
    return WorkdayResult(day, provisional)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start)
    overrides = dict(WorkdayOverride.objects.filter(date__gt=start, date__lte=end).values_list("date", "is_workday"))
    day, counted = start, 0
    while day < end:
        day += datetime.timedelta(days=1)
        counted += _is_workday(day, overrides)[0]
    return counted
