"""Evaluations for the demo data set (manage.py seed_demo), built through the same engine as real ones:
last school year's 城关 (融合型) year published, with §4.3's figures on its first pair; last year's 楚门
(协作型) year at the panel review; this year's two years just under way, one school late, one overdue.

Grading a year needs the year-end applications of every pair, and the community demo files last year's
for one member school per community. The second member schools (陈屿小学, 芦浦中学) have no demo lead, so
one is added for each (same demo password) and 陈屿小学's applications are filed here through Process B's
own services, so that the 城关 year can close.
"""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.core.files.base import ContentFile

from accounts.models import Organisation, User
from core.school_year import school_year_of
from forms.services import attachment_create
from workflows.community.models import Kind
from workflows.evaluation.models import EvaluationCase, ProjectEvaluation, RoutineEvaluation, SchemeVersion, Track
from workflows.evaluation.scoring import indicators_for
from workflows.evaluation.services import case_open
from workflows.kit.engine import run_action

# Last year's 城关 figures: (term 1, term 2) per school code, and (P, F) per member school code.
ROUTINE = {
    "YH-C1-S0": (86, 90),
    "YH-C1-S1": (78, 84),
    "YH-C1-S2": (80, 83),
    "YH-C2-S0": (88, 85),
    "YH-C2-S1": (82, 80),
    "YH-C2-S2": (79, 81),
}
YEAR_END = {"YH-C1-S1": (34, 30), "YH-C1-S2": (31, 33), "YH-C2-S1": (32,)}
LEADS = {
    "YH-C1-S0": "corelead",
    "YH-C1-S1": "memberlead",
    "YH-C1-S2": "memberlead3",
    "YH-C2-S0": "corelead2",
    "YH-C2-S1": "memberlead2",
    "YH-C2-S2": "memberlead4",
}
CORE_LEAD = {"YH-C1": "corelead", "YH-C2": "corelead2"}
# Inspectors come from the other community (交叉督查): nobody inspects their own school (C7).
INSPECTOR = {"YH-C1": "corelead2", "YH-C2": "corelead"}
FORMS = {
    Kind.HELP_PROJECT: {
        "project_name": "课堂教学改革结对帮扶",
        "goals": "成员校课堂教学评比优良率提升到85%",
        "content": "同课异构、联合教研、送教上门",
        "measures": "核心校名师每月到成员校上示范课",
        "schedule": "第一学期结对，第二学期展示",
        "responsible": "马俊",
    },
    Kind.FEATURE: {
        "direction": "渔村研学特色课程",
        "basis": "学校地处渔村，已开设研学社团",
        "goals": "形成两门研学拓展课程",
        "measures": "核心校综合实践组共同开发",
        "schedule": "学年内完成",
        "responsible": "陈屿小学校长",
    },
}


def _pdf(user, name: str) -> int:
    upload = ContentFile(b"%PDF-1.4 demo " + name.encode(), name=name)
    upload.content_type = "application/pdf"
    return attachment_create(uploaded_by=user, upload=upload).pk


def _scores(case, track: str, total, key="score", evidence=None) -> list[dict]:
    """Indicator scores adding up to ``total``, spread in proportion to each maximum (half points)."""
    indicators = indicators_for(case.scheme, track)
    full = sum(i.max_score for i in indicators)
    values = [(i.max_score * total / full).quantize(Decimal("0.5"), rounding=ROUND_DOWN) for i in indicators]
    left = Decimal(total) - sum(values)
    for index, indicator in enumerate(indicators):
        extra = min(left, indicator.max_score - values[index])
        values[index] += extra
        left -= extra
    items = [{"indicator": i.code, key: str(v)} for i, v in zip(indicators, values, strict=True)]
    if evidence is not None:
        items[0]["attachment_ids"] = [evidence]
        items[0]["note"] = "见附件台账"
    return items


class Year:
    """One community's year, acted on by the demo accounts on the days given."""

    def __init__(self, community: Organisation, year: int, users: dict, today: datetime.date):
        self.community, self.year, self.users, self.today = community, year, users, today
        opened = min(datetime.date(year, 9, 25), today)
        self.case = case_open(
            actor=users["leadinggroup"],
            payload={
                "community": community.pk,
                "school_year": year,
                "scheme": SchemeVersion.objects.get(is_default=True).pk,
            },
            today=opened,
        )

    def act(self, code, actor, payload, day):
        if day <= self.today:  # the demo never acts in the future
            user = self.users[actor]
            run_action(process="evaluation", case_id=self.case.pk, code=code, actor=user, payload=payload, today=day)

    def lead_of(self, school: Organisation) -> str:
        return LEADS[school.code]

    def routine(self, school, term, total, *, submitted, assessed=True, scored=True):
        track = RoutineEvaluation.objects.get(case=self.case, school=school, term=term)
        author = self.lead_of(school)
        evidence = (
            _pdf(self.users[author], f"{school.name}第{term}学期工作台账.pdf") if submitted <= self.today else None
        )
        payload = {
            "routine_id": track.pk,
            "scores": _scores(self.case, Track.ROUTINE, total, evidence=evidence),
            "summary": "本学期共同体常态化工作自评",
        }
        self.act("self_evaluate", author, payload, submitted)
        later = submitted + datetime.timedelta(days=10)
        if assessed:
            self.act(
                "term_evaluate",
                "bureau",
                {"routine_id": track.pk, "scores": _scores(self.case, Track.ROUTINE, total)},
                later,
            )
        if scored:
            self.act("term_score", "bureau", {"routine_id": track.pk}, later)

    def year_end(self, member, component, total, *, upto="panel_confirm"):
        author = self.lead_of(member) if component == Track.FEATURE else CORE_LEAD[self.community.code]
        inspector = INSPECTOR[self.community.code]
        day = datetime.date(self.year + 1, 5, 25)
        payload = {
            "member_school_id": member.pk,
            "component": component,
            "scores": _scores(self.case, component, total),
            "summary": "学年项目自评报告",
        }
        self.act("self_evaluate", author, payload, day)
        target = ProjectEvaluation.objects.filter(case=self.case, member_school=member, component=component).first()
        if target is None:
            return
        steps = [
            (
                "appoint",
                "leadinggroup",
                {
                    "inspector_ids": [self.users[inspector].pk],
                    "panel_ids": [self.users["bureau"].pk],
                },
                6,
                1,
            ),
            (
                "record_visit",
                inspector,
                {
                    "visit_date": datetime.date(self.year + 1, 6, 12).isoformat(),
                    "checklist": [
                        {
                            "indicator": "P1" if component == Track.PROJECT else "F1",
                            "verified": True,
                            "note": "方案与台账一致",
                        }
                    ],
                    "findings": "过程资料齐全，成员校课堂变化明显。",
                },
                6,
                12,
            ),
            ("panel_score", "bureau", {"scores": _scores(self.case, component, total)}, 6, 20),
            ("panel_confirm", "leadinggroup", {}, 6, 22),
        ]
        for code, actor, extra, month, day_of_month in steps:
            self.act(code, actor, {"project_id": target.pk, **extra}, datetime.date(self.year + 1, month, day_of_month))
            if code == upto:
                return


def seed_evaluation_demo(*, today: datetime.date) -> int:
    """Returns the number of evaluation cases created (0 if there already are some)."""
    if EvaluationCase.objects.exists():
        return 0
    names = ["bureau", "leadinggroup", *CORE_LEAD.values(), *LEADS.values()]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    c1, c2 = Organisation.objects.get(code="YH-C1"), Organisation.objects.get(code="YH-C2")
    schools = {o.code: o for o in Organisation.objects.filter(code__in=ROUTINE)}
    current = school_year_of(today)
    last = current - 1

    closed = Year(c1, last, users, today)
    for code in ("YH-C1-S0", "YH-C1-S1", "YH-C1-S2"):
        for term in (1, 2):
            closed.routine(
                schools[code],
                term,
                ROUTINE[code][term - 1],
                submitted=datetime.date(last + term - 1, 11 if term == 1 else 6, 5),
            )
    for code in ("YH-C1-S1", "YH-C1-S2"):
        project, feature = YEAR_END[code]
        closed.year_end(schools[code], Track.PROJECT, project)
        closed.year_end(schools[code], Track.FEATURE, feature)
    closed.act("aggregate", "bureau", {"reading": "R1"}, datetime.date(current, 7, 5))
    closed.act("publish", "leadinggroup", {"comment": "经领导小组审定，予以公布。"}, datetime.date(current, 7, 10))

    reviewing = Year(c2, last, users, today)
    for code in ("YH-C2-S0", "YH-C2-S1", "YH-C2-S2"):
        for term in (1, 2):
            reviewing.routine(
                schools[code],
                term,
                ROUTINE[code][term - 1],
                submitted=datetime.date(last + term - 1, 11 if term == 1 else 6, 8),
            )
    reviewing.year_end(schools["YH-C2-S1"], Track.PROJECT, YEAR_END["YH-C2-S1"][0], upto="record_visit")

    this_year = Year(c1, current, users, today)
    this_year.routine(schools["YH-C1-S0"], 1, 88, submitted=datetime.date(current, 11, 5), scored=False)
    this_year.routine(
        schools["YH-C1-S1"], 1, 80, submitted=datetime.date(current, 11, 12), assessed=False, scored=False
    )
    other = Year(c2, current, users, today)
    other.routine(schools["YH-C2-S0"], 1, 85, submitted=datetime.date(current, 11, 8), assessed=False, scored=False)
    return EvaluationCase.objects.count()
