"""The baseline's demo data: titles and honours of the demo school's teachers, recorded by the branch secretary
through the service (audited like any other). 陈思远, not a party member, holds a 县级教学能手 and a 校级优秀班主任:
he is a 重点发展对象."""

import datetime

from programmes.baseline.models import Distinction, Level, Title

ENTRIES = (
    ("trainer", Title.TEACHING_BACKBONE, Level.COUNTY, (2024, 9, 10), "玉环市教育局"),
    ("introducer", Title.SUBJECT_LEADER, Level.SCHOOL, (2025, 1, 15), "玉环市城关第一小学"),
    ("applicant", Title.TEACHING_EXPERT, Level.COUNTY, (2025, 6, 20), "玉环市教育局"),
    ("applicant", Title.EXCELLENT_CLASS_TEACHER, Level.SCHOOL, (2025, 9, 10), "玉环市城关第一小学"),
    ("b1m1", Title.TEACHING_EXPERT, Level.COUNTY, (2023, 12, 1), "玉环市教育局"),
    ("b2m1", Title.EXCELLENT_TEACHER, Level.SCHOOL, (2024, 9, 10), "玉环市城关第一小学"),
    ("b3m2", Title.SUBJECT_LEADER, Level.CITY, (2022, 11, 5), "台州市教育局"),
)


def seed(*, today: datetime.date) -> int:
    """Idempotent: nothing when the demo's entries exist (or the demo people do not)."""
    from accounts.models import User
    from programmes.baseline.services import distinction_record

    people = {user.username: user for user in User.objects.filter(username__in={"secretary", *(e[0] for e in ENTRIES)})}
    secretary = people.get("secretary")
    if secretary is None or Distinction.objects.filter(person__username="trainer").exists():
        return 0
    made = 0
    for username, title, level, (year, month, day), body in ENTRIES:
        person = people.get(username)
        awarded = datetime.date(year, month, day)
        if person is None or awarded > today:
            continue
        distinction_record(
            actor=secretary, person=person, title=title, level=level, awarded_on=awarded, awarding_body=body
        )
        made += 1
    return made
