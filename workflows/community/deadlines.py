"""The start-of-year (学年初) deadline: configured per school year by the bureau, else the deployment's
default month and day (settings.COMMUNITY_APPLICATION_DEADLINE, "MM-DD"). The seed gives no date."""

import datetime

from django.conf import settings

from core.school_year import school_year_date
from workflows.community.models import SchoolYearSetting


def application_deadline(school_year: int) -> datetime.date:
    configured = SchoolYearSetting.objects.filter(school_year=school_year).values_list(
        "application_deadline", flat=True
    )
    if configured:
        return configured[0]
    month, day = (int(part) for part in settings.COMMUNITY_APPLICATION_DEADLINE.split("-"))
    return school_year_date(school_year, month, day)
