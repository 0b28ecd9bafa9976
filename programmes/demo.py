"""The programmes core's demo data (manage.py seed_demo, after the processes' demos): 玉环市教育局's 双培双促进
programme for the current school year, adopted by 语文教研党支部 (YH-C1-S0-B1) — its terms, four stages and the
seed's quotas — with its cultivation lists (周海涛 and 吴晓燕 党员→骨干, 陈思远 骨干→党员, all on the list with 赵敏
responsible and a deadline), one more nomination running through the designed process 双培双促进培养对象推荐,
and an invitation of 陈思远 to the branch's 组织生活会. Made through the services; does nothing when the branch's
programme exists."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from accounts.models import Organisation, User
from core.exceptions import ApplicationError
from core.school_year import school_year_of
from programmes import nominations, services
from programmes.models import Direction, Programme, ProgrammeKind

BRANCH, BUREAU = "YH-C1-S0-B1", "YH-EDU"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _nominate(today: datetime.date) -> int:
    """One more nomination (张丽华, 党员→骨干) started as the school's 教导处 宋建华, or failing that (if the definition
    does not let them start it) as the branch's 组织委员 王建国."""
    from designer.models import Definition
    from workflows.kit.engine import start_case

    definition = Definition.objects.filter(code=nominations.DEFINITION_CODE).first()
    nominee = User.objects.filter(username="committee").first()
    if definition is None or nominee is None:
        return 0
    values = {
        "direction": "把党员培养成教学骨干",
        "nominee": nominee.pk,
        "school": Organisation.objects.get(code="YH-C1-S0").pk,
        "group": "语文教研组",
        "standing": "中共党员",
        "post": "备课组长",
        "honours": "校级优秀班主任",
        "reason": "师德高尚，班级管理有特色，教学成绩稳定，有培养为教学骨干的潜力。",
    }
    chosen = {"group_nomination": [_user("groupleader").pk], "branch_decision": [_user("secretary").pk]}
    payload = {"definition": definition.pk, "values": values, "chosen": chosen}
    for starter in ("schooldept", "orgmember"):
        try:
            start_case(process="designed", actor=_user(starter), payload=payload, today=today)
        except (ApplicationError, PermissionDenied, Http404):
            continue
        return 1
    return 0


def seed(*, today: datetime.date) -> int:
    year = school_year_of(today)
    if Programme.objects.filter(organisation__code=BRANCH, kind=ProgrammeKind.DUAL, school_year=year).exists():
        return 0
    if not Organisation.objects.filter(code=BRANCH).exists():
        return 0
    made = 0
    with transaction.atomic():
        bureau = Programme.objects.filter(
            organisation__code=BUREAU, kind=ProgrammeKind.DUAL, school_year=year
        ).first() or services.programme_create(
            actor=_user("leadinggroup"),
            kind=ProgrammeKind.DUAL,
            organisation=Organisation.objects.get(code=BUREAU),
            school_year=year,
            description="全县教育系统开展“双培双促进”活动：把党员培养成教学骨干，把教学骨干中的先进分子培养成党员。",
            today=today,
        )
        secretary = _user("secretary")
        programme = services.programme_adopt(
            actor=secretary, source=bureau, organisation=Organisation.objects.get(code=BRANCH)
        )
        made += 2
        leader = _user("groupleader")
        deadline = datetime.date(year + 1, 7, 15)
        listed = {}
        for username, direction in (
            ("trainer", Direction.TO_BACKBONE),
            ("introducer", Direction.TO_BACKBONE),
            ("applicant", Direction.TO_MEMBER),
        ):
            listed[username] = services.participant_add(
                actor=secretary,
                programme=programme,
                person=_user(username),
                direction=direction,
                responsible=leader,
                deadline=deadline,
                today=today,
            )
            made += 1
        services.invitation_create(
            actor=leader,
            participant=listed["applicant"],
            meeting_date=today + datetime.timedelta(days=7),
            title="语文教研党支部组织生活会",
            today=today,
        )
        made += 1
    made += nominations.link_open(programme)  # nominations the designer's demo started before the programme
    made += _nominate(today)
    return made
