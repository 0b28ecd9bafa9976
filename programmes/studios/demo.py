"""The demo studio (manage.py seed_demo, after the processes and the programmes core): 吴晓燕's studio at 玉环市城关
第一小学 with 周海涛 and a rank-and-file member of the 语文教研党支部 as members, 陈思远 as apprentice, a 师徒协议
both acknowledged, this term's plan (four items, published), two activities held and a report. Made through the
services, by the branch secretary 林晓红 (who organises the school's studios) and the lead."""

import datetime

from django.db import transaction

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import Membership, Organisation, User
from accounts.roles import Role
from programmes.studios import selectors, services
from programmes.studios.models import ActivityKind, Level, Studio, StudioRole

NAME = "吴晓燕小学语文名师工作室"


@transaction.atomic
def seed(*, today: datetime.date) -> int:
    school = Organisation.objects.filter(code="YH-C1-S0").first()
    if school is None or Studio.objects.filter(organisation=school, name=NAME).exists():
        return 0
    people = {
        u.username: u for u in User.objects.filter(username__in=["secretary", "introducer", "trainer", "applicant"])
    }
    secretary, lead, trainer, apprentice = (people[n] for n in ("secretary", "introducer", "trainer", "applicant"))
    logins = [account.username for account in DEMO_ACCOUNTS]
    rank_and_file = (
        Membership.objects.filter(organisation__code="YH-C1-S0-B1", role=Role.MEMBER, valid_to__isnull=True)
        .exclude(user__username__in=logins)
        .order_by("user_id")
        .first()
    )
    year, term = selectors.term_of(today)
    starts, ends = selectors.term_dates(year, term)
    ends = max(ends, today)
    studio = services.studio_create(
        actor=secretary,
        school=school,
        name=NAME,
        lead=lead,
        founded_on=min(starts, today),
        subject="语文",
        description="以“争做名师，做好名师”为主题：校内名师展示、师徒共进；片区主题研讨；全区示范引领。",
    )
    services.studio_person_add(actor=lead, studio=studio, person=trainer, role=StudioRole.MEMBER, duty="教研组织")
    made = 2
    if rank_and_file is not None:
        services.studio_person_add(
            actor=lead, studio=studio, person=rank_and_file.user, role=StudioRole.MEMBER, duty="资料整理"
        )
        made += 1
    services.studio_person_add(actor=lead, studio=studio, person=apprentice, role=StudioRole.APPRENTICE, duty="学员")
    agreement = services.agreement_create(
        actor=lead,
        studio=studio,
        mentor=lead,
        apprentice=apprentice,
        school_year=year,
        term=term,
        mentor_duties="每月听徒弟课不少于两节并评课；每学期为徒弟上一节展示课；指导徒弟制定个人发展规划。",
        apprentice_goals="每学期上一节汇报课；每两月写一篇读书心得；一年内在片区研讨中上一节公开课。",
    )
    services.agreement_acknowledge(actor=lead, agreement=agreement)
    services.agreement_acknowledge(actor=apprentice, agreement=agreement)
    plan = services.plan_create(actor=lead, studio=studio, school_year=year, term=term, starts=starts, ends=ends)
    rows = [
        (ActivityKind.SHOWCASE, "名师展示课：群文阅读教学", 2, lead),
        (ActivityKind.REPORT_LESSON, "徒弟汇报课", 1, apprentice),
        (ActivityKind.AREA_SEMINAR, "片区主题研讨：作业设计", 1, trainer),
        (ActivityKind.OUTREACH, "送教下乡", 1, lead),
    ]
    items = [
        services.plan_item_add(actor=lead, plan=plan, kind=kind, topic=topic, planned_count=count, responsible=who)
        for kind, topic, count, who in rows
    ]
    services.plan_publish(actor=lead, plan=plan)
    first, second = max(starts, today - datetime.timedelta(days=20)), max(starts, today - datetime.timedelta(days=5))
    services.activity_record(
        actor=lead,
        studio=studio,
        plan_item=items[0],
        kind=ActivityKind.SHOWCASE,
        held_on=first,
        level=Level.SCHOOL,
        topic="群文阅读：走近鲁迅",
        place="城关第一小学 录播教室",
        participants=[lead, trainer, apprentice],
        record="吴晓燕执教展示课，周海涛主持评课；陈思远记录并写听课反思。",
    )
    services.activity_record(
        actor=apprentice,
        studio=studio,
        plan_item=items[1],
        kind=ActivityKind.REPORT_LESSON,
        held_on=second,
        level=Level.SCHOOL,
        topic="《观潮》第二课时",
        place="城关第一小学 四(2)班",
        participants=[apprentice, lead],
        record="陈思远上汇报课，导师吴晓燕点评：朗读指导到位，板书可更简洁。",
        as_participant=True,
    )
    services.report_write(
        actor=lead,
        studio=studio,
        school_year=year,
        term=term,
        title="本学期工作室工作汇报（期中）",
        text="本学期已开展名师展示课一次、徒弟汇报课一次；片区研讨与送教下乡按计划在学期后半段进行。",
    )
    return made + 9
