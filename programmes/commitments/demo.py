"""Demo pairs, plans and pledges and a responsibility letter in the core's demo programme (branch YH-C1-S0-B1's
双培双促进 of the current school year), through the services. Does nothing when the programme is missing or when its
pairs exist already."""

import datetime

from django.db import transaction

from core.school_year import school_year_of
from programmes.commitments import services
from programmes.commitments.models import PledgeKind
from programmes.models import Pair, Programme

PAIRS = [
    (
        "introducer",
        "applicant",
        True,
        True,
        "一学期内能独立完成单元教学设计，上好一节校级公开课；每学期听课不少于20节并写好反思。",
        "每周至少听徒弟一节随堂课并当面点评；指导备课、教材分析和课后反思；每月共同研讨一次。",
    ),
    (
        "trainer",
        "b1m1",
        True,
        False,
        "提高课堂组织和作业设计能力，本学年在教研组内上一节示范课。",
        "跟踪听课，每两周指导一次教学设计；推荐一本教育专著并交流读书心得。",
    ),
]
PLEDGES = {
    "trainer": (
        True,
        "每月上好一节示范课，指导一名青年教师，本学年完成一篇教学论文。",
        "立足岗位作表率：按时完成教学任务，认真备课上课，主动承担公开课和送教任务，做到党员身份亮出来。",
    ),
    "introducer": (
        True,
        "每学期听课不少于20节，精读一本教育专著，每两月写一篇读书心得。",
        "带好徒弟陈思远，师徒共同成长；关心学困生，每学期家访不少于5次。",
    ),
    "applicant": (
        False,
        "争取成为县级教学骨干，认真学习党的理论，向党组织靠拢。",
        "每学期上好一节组内观摩课，按时向党组织汇报思想。",
    ),
}
LETTER_TEXT = "为落实“双培双促进”工作方案，党支部与党小组签订本责任书，明确督导责任，经常开展检查指导。"
LETTER_DUTIES = "组织本组党员和培养对象制定个人计划、公开承诺；每月检查一次听课和示范课记录；年终参与考评。"


def seed(*, today: datetime.date) -> int:
    from accounts.models import Organisation, User

    programme = Programme.objects.filter(
        organisation__code="YH-C1-S0-B1", kind="DUAL", school_year=school_year_of(today)
    ).first()
    if programme is None or Pair.objects.filter(programme=programme).exists():
        return 0
    people = {u.username: u for u in User.objects.filter(username__in=["secretary", "groupleader", "b1m1", *PLEDGES])}
    if len(people) < 6:
        return 0
    secretary = people["secretary"]
    made = 0
    with transaction.atomic():
        for mentor, mentee, mentor_ack, mentee_ack, goals, duties in PAIRS:
            pair = services.pair_create(
                actor=secretary,
                programme=programme,
                mentor=people[mentor],
                mentee=people[mentee],
                goals=goals,
                duties=duties,
            )
            if mentor_ack:
                services.pair_acknowledge(actor=people[mentor], pair=pair)
            if mentee_ack:
                services.pair_acknowledge(actor=people[mentee], pair=pair)
            made += 1
        for username, (public, plan, pledge) in PLEDGES.items():
            for kind, text in ((PledgeKind.PLAN, plan), (PledgeKind.PLEDGE, pledge)):
                written = services.pledge_create(actor=people[username], programme=programme, kind=kind, text=text)
                if public:
                    services.pledge_publish(actor=people[username], pledge=written)
                made += 1
        group = Organisation.objects.filter(code="YH-C1-S0-B1-G1").first()
        if group is not None:
            letter = services.letter_issue(
                actor=secretary,
                programme=programme,
                group=group,
                text=LETTER_TEXT,
                duties=LETTER_DUTIES,
            )
            services.letter_acknowledge(actor=people["groupleader"], letter=letter)
            made += 1
    return made
