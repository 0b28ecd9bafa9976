"""The demo's activity records (seed_demo, after the programmes core's demo): in 语文教研党支部's 双培双促进
programme of the current school year, 周海涛 on track (18 of 20 听课 this term, most confirmed, and a 示范课),
吴晓燕 behind, 陈思远 with a few (one returned to him); some waiting for 赵敏 to confirm them.

The programme is the core's (programmes' own demo); when it is not there, it is made here with the same
organisation, kind and year, the seeds' terms and default quotas and the three participants, so both demos agree
whichever runs first. Idempotent: nothing is made when the programme has records."""

import datetime

from django.db import transaction

from accounts.models import Organisation, User
from core.school_year import school_year_date, school_year_of
from programmes.defaults import QUOTAS
from programmes.models import (
    ActivityKind,
    Direction,
    Participant,
    ParticipantStatus,
    Programme,
    ProgrammeKind,
    Quota,
    Term,
)
from programmes.records import services
from programmes.records.access import may_record
from programmes.records.kinds import DemonstrationLevel
from programmes.records.models import ActivityRecord
from programmes.records.selectors import term_of

BRANCH = "YH-C1-S0-B1"
CLASSES = ["一(1)班", "一(2)班", "二(1)班", "二(3)班", "三(2)班"]
NOTES = "教师导入自然，学生参与度高；朗读指导到位，小组合作环节时间略紧。"
SUGGESTIONS = "建议在小组合作前明确分工，留出展示时间。"
REFLECTION = "对照自己的课堂，识字环节可以借鉴游戏化的设计。"


def _programme(today: datetime.date) -> Programme | None:
    year = school_year_of(today)
    found = Programme.objects.filter(organisation__code=BRANCH, kind=ProgrammeKind.DUAL, school_year=year).first()
    if found is not None:
        return found
    branch = Organisation.objects.filter(code=BRANCH).first()
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["secretary", "groupleader", "trainer", "introducer", "applicant"])
    }
    if branch is None or len(people) < 5:
        return None
    programme = Programme.objects.create(
        organisation=branch,
        kind=ProgrammeKind.DUAL,
        name="城关第一小学第一党支部“双培双促进”活动",
        school_year=year,
        created_by=people["secretary"],
    )
    Term.objects.create(
        programme=programme, number=1, starts=school_year_date(year, 9, 1), ends=school_year_date(year, 1, 31)
    )
    Term.objects.create(
        programme=programme, number=2, starts=school_year_date(year, 2, 1), ends=school_year_date(year, 7, 15)
    )
    for quota in QUOTAS[ProgrammeKind.DUAL]:  # the seeds' defaults, as the core's programmes get them
        Quota.objects.create(
            programme=programme, kind=quota.kind, period=quota.period, count=quota.count, audience=quota.audience
        )
    for username, direction in (
        ("trainer", Direction.TO_BACKBONE),
        ("introducer", Direction.TO_BACKBONE),
        ("applicant", Direction.TO_MEMBER),
    ):
        Participant.objects.create(
            programme=programme,
            person=people[username],
            direction=direction,
            status=ParticipantStatus.LISTED,
            responsible=people["groupleader"],
            added_by=people["secretary"],
        )
    return programme


def _days(starts: datetime.date, ends: datetime.date, n: int) -> list[datetime.date]:
    """``n`` days spread from ``starts`` to ``ends``, in order."""
    span = (ends - starts).days
    return [starts + datetime.timedelta(days=(span * i) // max(n - 1, 1)) for i in range(n)]


def _observation(i: int) -> dict:
    return {
        "class_name": CLASSES[i % len(CLASSES)],
        "subject": "语文",
        "teacher": "",
        "topic": ["《秋天》", "《小小的船》", "《江南》", "《四季》", "《画》"][i % 5],
        "notes": NOTES,
        "suggestions": SUGGESTIONS,
        "reflection": REFLECTION,
    }


def _confirmer(programme: Programme, person: User) -> User | None:
    participation = Participant.objects.filter(programme=programme, person=person).first()
    if participation is not None and participation.responsible_id and participation.responsible_id != person.pk:
        return participation.responsible
    return User.objects.filter(username="secretary").first()


@transaction.atomic
def seed(*, today: datetime.date) -> int:
    programme = _programme(today)
    if programme is None or ActivityRecord.objects.filter(programme=programme).exists():
        return 0
    terms = list(Term.objects.filter(programme=programme).order_by("starts"))
    term = term_of(terms, today) or next((t for t in reversed(terms) if t.starts <= today), None)
    if term is None:
        return 0
    last = min(today, term.ends)
    people = {u.username: u for u in User.objects.filter(username__in=["trainer", "introducer", "applicant"])}
    made = 0

    def record(person, kind, day, details, *, confirm=False, returned=""):
        nonlocal made
        if not may_record(person, programme):
            return None
        made += 1
        entry = services.record_create(
            actor=person, programme=programme, kind=kind, date=day, details=details, today=today
        )
        confirmer = _confirmer(programme, person)
        if confirmer is not None and (confirm or returned):
            if returned:
                services.record_return(actor=confirmer, record=entry, reason=returned)
            else:
                services.record_confirm(actor=confirmer, record=entry)
        return entry

    trainer, introducer, applicant = people.get("trainer"), people.get("introducer"), people.get("applicant")
    this_month = max(term.starts, last.replace(day=1))
    if trainer is not None:
        days = _days(term.starts, last, 18)
        for i, day in enumerate(days):
            record(trainer, ActivityKind.OBSERVATION, day, _observation(i), confirm=i < 15)
        demo = {"level": DemonstrationLevel.GROUP, "topic": "《小小的船》识字教学", "notes": "低段语文组内示范课"}
        record(trainer, ActivityKind.DEMONSTRATION, this_month, demo, confirm=True)
        reading = {"book": "《给教师的建议》", "text": "苏霍姆林斯基谈到的“阅读是学生的第二套教学大纲”给我很大启发。"}
        record(trainer, ActivityKind.READING_NOTE, last, reading)
        record(
            trainer, ActivityKind.BOOK, days[3], {"book": "《课堂观察》", "text": "学会用证据看课堂。"}, confirm=True
        )
        done_once = (
            (ActivityKind.LECTURE, {"title": "低段识字教学的几点做法", "place": "全校教师会", "notes": ""}),
            (ActivityKind.PAPER, {"title": "让识字成为游戏", "published_in": "《晨钟》"}),
            (ActivityKind.RESEARCH, {"title": "低段语文游戏化教学研究", "place": "校级课题", "notes": ""}),
        )
        for i, (kind, details) in enumerate(done_once):
            record(trainer, kind, days[5 + 2 * i], details, confirm=True)
        contest = {"title": "《江南》", "place": "县级赛课", "notes": "二等奖"}
        record(trainer, ActivityKind.COMPETITION, days[-2], contest)
    if introducer is not None:
        for i, day in enumerate(_days(term.starts, last, 5)):
            record(introducer, ActivityKind.OBSERVATION, day, _observation(i + 1), confirm=i < 3)
    if applicant is not None:
        for i, day in enumerate(_days(term.starts, last, 4)):
            returned = "反思部分过于简单，请结合自己的课堂具体写。" if i == 3 else ""
            record(applicant, ActivityKind.OBSERVATION, day, _observation(i + 2), confirm=i < 3, returned=returned)
        reading = {"book": "《静悄悄的革命》", "text": "课堂应当是倾听与对话的场所。"}
        record(applicant, ActivityKind.READING_NOTE, last, reading)
    return made
