"""Demo applications for both demo communities (城关 融合型, 楚门 协作型): last school year's filed, this
year's at different stages. Built through the real services, so the demo obeys every rule."""

import datetime
from functools import partial

from accounts.models import Organisation, User
from core.school_year import school_year_of
from workflows.community.models import Application, Kind
from workflows.kit.demo import act, demo_pdf
from workflows.kit.engine import start_case

HELP_FORM = {
    "project_name": "青年教师同伴互助成长",
    "goals": "成员校青年教师课堂教学达标率达到90%",
    "content": "结对上课、同课异构、联合教研",
    "measures": "核心校骨干教师每月到成员校指导一次",
    "schedule": "第一学期结对启动，第二学期成果展示",
    "responsible": "马俊（核心校校长）、朱红梅（成员校校长）",
}
FEATURE_FORM = {
    "direction": "海洋文化特色课程",
    "basis": "已有海洋文化社团两个，校本教材一册",
    "goals": "形成三门海洋文化拓展课程",
    "measures": "依托核心校科学组共同开发课程",
    "schedule": "学年内完成课程开发与试教",
    "responsible": "朱红梅",
}


# Member schools and their leads' demo accounts; the core school leads by community.
MEMBERS = {"YH-C1-S1": "memberlead", "YH-C1-S2": "memberlead3", "YH-C2-S1": "memberlead2", "YH-C2-S2": "memberlead4"}
CORE_LEADS = {"YH-C1": "corelead", "YH-C2": "corelead2"}


_run = partial(act, "community")


def _start(kind, community, member, year, owner, day):
    payload = {
        "kind": kind,
        "community": community.pk,
        "member_school": member.pk,
        "school_year": year,
        "title": HELP_FORM["project_name"] if kind == Kind.HELP_PROJECT else FEATURE_FORM["direction"],
        "form": HELP_FORM if kind == Kind.HELP_PROJECT else FEATURE_FORM,
        "plan_id": demo_pdf(owner, "工作实施方案.pdf"),
    }
    return start_case(process="community", actor=owner, payload=payload, today=day).case


def _pair(kind, community, member, year, core_lead, member_lead, day, *, upto):
    """Walk one application up to ``upto``: agreed | submitted | filed | returned."""
    owner = core_lead if kind == Kind.HELP_PROJECT else member_lead
    application = _start(kind, community, member, year, owner, day)
    if upto == "draft":
        return application
    if kind == Kind.HELP_PROJECT:
        _run(application, "send_for_agreement", core_lead, day)
        _run(application, "confirm", core_lead, day, comment="同意")
        if upto == "core_confirmed":
            return application
        _run(application, "confirm", member_lead, day, comment="同意")
    else:
        _run(application, "request_consultation", member_lead, day)
        _run(application, "record_consultation", core_lead, day, opinion="方向符合学校实际，同意申报。", date=day)
    _run(application, "submit", owner, day)
    bureau = User.objects.get(username="bureau")
    if upto == "filed":
        _run(application, "file", bureau, day, filing_number=f"玉教共备〔{year}〕{application.pk}号", filing_date=day)
    elif upto == "returned":
        _run(application, "return", bureau, day, reason="项目目标需量化，请补充可检测的指标。")
    return application


def seed_community_demo(*, today: datetime.date) -> int:
    if Application.objects.exists():
        return 0
    names = ["corelead", "memberlead", "memberlead3", "corelead2", "memberlead2", "memberlead4"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    schools = {o.code: o for o in Organisation.objects.filter(code__in=["YH-C1", "YH-C2", *MEMBERS])}
    year = school_year_of(today)
    last = datetime.date(year - 1, 9, 20)
    pairs = {
        code: (schools[code[:5]], schools[code], users[CORE_LEADS[code[:5]]], users[lead])
        for code, lead in MEMBERS.items()
    }
    for community, member, core_lead, member_lead in pairs.values():  # last year: everything filed
        for kind in (Kind.HELP_PROJECT, Kind.FEATURE):
            _pair(kind, community, member, year - 1, core_lead, member_lead, last, upto="filed")
    c1, c2 = pairs["YH-C1-S1"], pairs["YH-C2-S1"]
    _pair(Kind.HELP_PROJECT, c1[0], c1[1], year, c1[2], c1[3], today, upto="core_confirmed")
    _pair(Kind.FEATURE, c1[0], c1[1], year, c1[2], c1[3], today, upto="submitted")
    _pair(Kind.HELP_PROJECT, c2[0], c2[1], year, c2[2], c2[3], today, upto="returned")
    _pair(Kind.FEATURE, c2[0], c2[1], year, c2[2], c2[3], today, upto="draft")
    return Application.objects.count()
