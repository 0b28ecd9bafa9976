import datetime

import pytest

from workflows.business_days import add_months, add_working_days, add_years
from workflows.models import WorkdayOverride

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2025, 12, 1), 12, D(2026, 12, 1)),
        (D(2026, 3, 1), 3, D(2026, 6, 1)),
        (D(2026, 11, 30), -1, D(2026, 10, 30)),
    ],
)
def test_calendar_months_clamp_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_a_year_after_a_leap_day_is_the_last_day_of_february():
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)


@pytest.mark.django_db
def test_working_days_skip_the_national_day_holiday():
    # 2026-09-30 (Wed) + 5 working days: Oct 1–7 are holidays, so the fifth is after them.
    result = add_working_days(D(2026, 9, 30), 5)
    assert not result.provisional
    assert result.date > D(2026, 10, 7)


@pytest.mark.django_db
def test_an_administrators_correction_wins_over_the_package():
    plain = add_working_days(D(2026, 11, 20), 1)  # Friday -> Monday 23rd
    assert plain.date == D(2026, 11, 23)
    WorkdayOverride.objects.create(date=D(2026, 11, 23), is_workday=False, note="test")
    assert add_working_days(D(2026, 11, 20), 1).date == D(2026, 11, 24)


@pytest.mark.django_db
def test_a_period_in_a_year_without_a_published_calendar_is_provisional():
    result = add_working_days(D(2026, 12, 28), 5)
    assert result.provisional and result.date.year == 2027
