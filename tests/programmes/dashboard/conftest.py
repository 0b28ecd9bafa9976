"""A hand-made set for the dashboard (on tests/programmes/world.py's bureau, school, branch and people), rows made
with the ORM where another part's services would walk a whole process (records, pledges, sheets, a 三星 case):

- the branch's programme of the school year: terms 9/1–1/31 and 2/1–7/15; quotas 听课 2 a term (everyone) and a
  论文 a year (党员→骨干 only); listed 周海涛 (member) and 吴晓燕 (member2) 党员→骨干, 陈思远 (teacher) 骨干→党员;
- records on TODAY (11-20 of the school year): member 2 confirmed 听课 (on track), member2 none (behind), teacher 1
  confirmed and 1 waiting (on track); nobody has a 论文 (member and member2 behind);
- pledges: member's pledge kept; member2's pledge v1 public, v2 partly kept (only v2 counts); teacher's plan public,
  not reviewed; teacher's pledge a draft (not counted);
- baseline: member holds a county 教学能手 since 9/10 of the year, dept (non-party) a county 教学骨干 since the
  year before;
- 三星: member's 教学之星 approved this school year, leader's 德育之星 approved last school year, one at another school;
- grades: member 优秀 (92), member2 合格 (75), published; teacher's sheet scored, not published.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import PartyStanding
from programmes.models import (
    ActivityKind,
    Audience,
    Direction,
    Participant,
    ParticipantStatus,
    Programme,
    ProgrammeKind,
    Quota,
    QuotaPeriod,
    Term,
)
from tests.programmes.world import make_world

D = datetime.date


def listed(programme, person, direction, responsible=None):
    return Participant.objects.create(
        programme=programme,
        person=person,
        direction=direction,
        status=ParticipantStatus.LISTED,
        responsible=responsible,
        added_by=programme.created_by,
    )


def record(programme, person, day, *, confirmed=True, kind=ActivityKind.OBSERVATION):
    from programmes.records.models import ActivityRecord, RecordStatus

    return ActivityRecord.objects.create(
        programme=programme,
        person=person,
        kind=kind,
        date=day,
        term=1,
        details={"class_name": "二(1)班", "subject": "语文"},
        status=RecordStatus.CONFIRMED if confirmed else RecordStatus.SUBMITTED,
    )


def make_programme(w, organisation, name="双培双促进") -> Programme:
    year = w.year
    programme = Programme.objects.create(
        organisation=organisation, kind=ProgrammeKind.DUAL, name=name, school_year=year, created_by=w.secretary
    )
    Term.objects.create(programme=programme, number=1, starts=D(year, 9, 1), ends=D(year + 1, 1, 31))
    Term.objects.create(programme=programme, number=2, starts=D(year + 1, 2, 1), ends=D(year + 1, 7, 15))
    Quota.objects.create(
        programme=programme, kind=ActivityKind.OBSERVATION, period=QuotaPeriod.TERM, count=2, audience=Audience.ALL
    )
    Quota.objects.create(
        programme=programme, kind=ActivityKind.PAPER, period=QuotaPeriod.YEAR, count=1, audience=Audience.TO_BACKBONE
    )
    return programme


def pledge(programme, person, kind, *, version=1, previous=None, outcome="", reviewer=None, public=True):
    from programmes.commitments.models import Pledge, PledgeStatus

    now = timezone.now()
    status = PledgeStatus.REVIEWED if outcome else PledgeStatus.PUBLISHED if public else PledgeStatus.DRAFT
    return Pledge.objects.create(
        programme=programme,
        person=person,
        kind=kind,
        version=version,
        previous=previous,
        text="每学期听课20节。",
        status=status,
        published_at=now if public else None,
        outcome=outcome,
        reviewed_by=reviewer,
        reviewed_at=now if outcome else None,
    )


def star_case(w, definition, version, person, school, star, decided: datetime.datetime):
    from designer.flows import DesignedFlow
    from designer.models import DesignedCase, Stage

    return DesignedCase.objects.create(
        flow_class=DesignedFlow,
        definition=definition,
        definition_version=version,
        initiator=person,
        organisation=school,
        title="争三星申报",
        values={"school": school.pk, "star": star, "post": "班主任"},
        stage=Stage.APPROVED,
        finished=decided,
    )


def stars_definition(w):
    from designer import services
    from designer.demo import SEEDS, seed_document

    payload = seed_document(SEEDS / "three-stars.json")
    definition = services.definition_create(
        actor=w.designer, owner=w.bureau, code=payload["code"], name=payload["name"], shared=True
    )
    services.draft_save(actor=w.designer, definition=definition, document=payload["document"])
    return definition, services.definition_publish(actor=w.designer, definition=definition)


def sheets(w, programme, parts):
    from programmes.assessment.models import Assessment, Scheme, Sheet, SheetStatus

    grades = [{"label": "优秀", "min": "90"}, {"label": "合格", "min": "60"}, {"label": "不合格", "min": "0"}]
    scheme = Scheme.objects.create(
        programme=programme, version=1, title="考核办法", grades=grades, created_by=w.secretary
    )
    assessment = Assessment.objects.create(programme=programme, scheme=scheme, opened_by=w.secretary)
    now = timezone.now()
    for part, total, grade, published in parts:
        Sheet.objects.create(
            assessment=assessment,
            participant=part,
            scheme=scheme,
            version=1,
            status=SheetStatus.PUBLISHED if published else SheetStatus.SCORED,
            rows=[],
            total=Decimal(total),
            grade=grade,
            scored_by=w.secretary,
            scored_at=now,
            published_at=now if published else None,
        )


@pytest.fixture
def w(db):
    from programmes.baseline.models import Level, Title
    from programmes.baseline.services import distinction_record
    from programmes.commitments.models import Outcome, PledgeKind

    w = make_world()
    w.today = D(w.year, 11, 20)
    p = w.programme = make_programme(w, w.branch)
    parts = [
        listed(p, w.member, Direction.TO_BACKBONE, w.leader),
        listed(p, w.member2, Direction.TO_BACKBONE, w.leader),
        listed(p, w.teacher, Direction.TO_MEMBER, w.leader),
    ]
    record(p, w.member, D(w.year, 10, 8))
    record(p, w.member, D(w.year, 10, 15))
    record(p, w.teacher, D(w.year, 10, 9))
    record(p, w.teacher, D(w.year, 11, 2), confirmed=False)
    pledge(p, w.member, PledgeKind.PLEDGE, outcome=Outcome.KEPT, reviewer=w.secretary)
    first = pledge(p, w.member2, PledgeKind.PLEDGE)
    pledge(p, w.member2, PledgeKind.PLEDGE, version=2, previous=first, outcome=Outcome.PARTLY, reviewer=w.secretary)
    pledge(p, w.teacher, PledgeKind.PLAN)
    pledge(p, w.teacher, PledgeKind.PLEDGE, public=False)
    distinction_record(
        actor=w.secretary, person=w.member, title=Title.TEACHING_EXPERT, level=Level.COUNTY, awarded_on=D(w.year, 9, 10)
    )
    distinction_record(
        actor=w.secretary,
        person=w.dept,
        title=Title.TEACHING_BACKBONE,
        level=Level.COUNTY,
        awarded_on=D(w.year - 1, 9, 10),
    )
    definition, version = stars_definition(w)
    noon = datetime.time(12, tzinfo=timezone.get_current_timezone())
    star_case(w, definition, version, w.member, w.school, "教学之星", datetime.datetime.combine(D(w.year, 10, 1), noon))
    star_case(w, definition, version, w.leader, w.school, "德育之星", datetime.datetime.combine(D(w.year, 3, 1), noon))
    star_case(
        w,
        definition,
        version,
        w.stranger,
        w.other_school,
        "教学之星",
        datetime.datetime.combine(D(w.year, 10, 1), noon),
    )
    sheets(w, p, [(parts[0], "92", "优秀", True), (parts[1], "75", "合格", True), (parts[2], "50", "不合格", False)])
    w.parts = parts
    assert w.member.party_standing == PartyStanding.FULL
    return w
