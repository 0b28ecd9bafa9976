"""The votes' demo data (manage.py seed_demo, after the processes' demos): in 语文教研党支部 (YH-C1-S0-B1)

- last school year's 民主评议党员, held around 七一 as the seed (002) schedules it: closed and published, with ballots
  from most of the branch's members;
- this school year's 民主评议党员, open: the rank-and-file members have voted, the demo accounts of the branch
  (secretary, orgmember, committee, assembly, groupleader, trainer, introducer) can still vote;
- a 评选表彰 (优秀共产党员, one place) being prepared, with three nominees;
- an approved 争三星 application (吴晓燕, 科学之星), so the school's 三星 page has a holder.

Everything goes through the services (and the designed process's engine), like real use. Idempotent: does nothing
when this school year's review of the branch exists (or the demo tree does not).
"""

import datetime
import random

from django.db import transaction

from accounts.models import Organisation, User
from core.school_year import school_year_of
from programmes.ballots import selectors, services
from programmes.ballots.models import Choice, Poll, PollKind

BRANCH = "YH-C1-S0-B1"
STILL_TO_VOTE = ("secretary", "orgmember", "committee", "assembly", "groupleader", "trainer", "introducer")
GRADES = [Choice.EXCELLENT] * 3 + [Choice.COMPETENT] * 6 + [Choice.BASICALLY]


def _cast_all(poll: Poll, voters: list[User], rng: random.Random) -> None:
    candidates = list(poll.candidates.all())
    for voter in voters:
        marks = {c.pk: rng.choice(GRADES) for c in candidates}
        services.ballot_cast(actor=voter, poll=poll, marks=marks)


def _star(today: datetime.date) -> int:
    """吴晓燕's 科学之星, approved by 教科室 (宋建华) and the branch (林晓红); 0 when the process is not there."""
    from designer.demo import Demo
    from designer.models import Definition

    definition = Definition.objects.filter(code=selectors.STARS_CODE).first()
    school = Organisation.objects.filter(code="YH-C1-S0").first()
    if definition is None or school is None:
        return 0
    demo = Demo({definition.code: definition})
    values = {
        "star": "科学之星",
        "post": "一线教师",
        "school": school.pk,
        "pledge": "承担并完成一项县级课题实验，撰写一篇科研论文。",
        "research_title": "小学语文整本书阅读教学策略研究",
        "research_kind": "完成课题实验",
    }
    case = demo.start(definition.code, "introducer", today - datetime.timedelta(days=12), values)
    demo.act(
        case, "science_review", "schooldept", today - datetime.timedelta(days=10), values={"review": "结题材料齐全。"}
    )
    demo.act(case, "branch_rating", "secretary", today - datetime.timedelta(days=9))
    return 1


@transaction.atomic
def seed_ballots_demo(*, today: datetime.date) -> int:
    branch = Organisation.objects.filter(code=BRANCH).first()
    secretary = User.objects.filter(username="secretary").first()
    year = school_year_of(today)
    if branch is None or secretary is None:
        return 0
    if Poll.objects.filter(kind=PollKind.REVIEW, organisation=branch, school_year=year).exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 (the demo's marks only: the same counts on every seeding)
    made = 0

    last = services.review_create(
        actor=secretary,
        organisation=branch,
        title=f"{year - 1}—{year}学年民主评议党员",
        opens=datetime.date(year, 6, 24),
        closes=datetime.date(year, 6, 30),
    )
    services.poll_open(actor=secretary, poll=last, today=today)
    voters = [voter.person for voter in last.voters.select_related("person").order_by("person__username")]
    _cast_all(last, voters[:-2], rng)  # all but two voted
    services.poll_close(actor=secretary, poll=last)
    services.poll_publish(actor=secretary, poll=last)
    made += 1

    current = services.review_create(
        actor=secretary,
        organisation=branch,
        title=f"{year}—{year + 1}学年民主评议党员",
        opens=max(today - datetime.timedelta(days=2), datetime.date(year, 9, 1)),
        closes=today + datetime.timedelta(days=12),
    )
    services.poll_open(actor=secretary, poll=current, today=today)
    voters = [voter.person for voter in current.voters.select_related("person")]
    _cast_all(current, [p for p in voters if p.username not in STILL_TO_VOTE], rng)
    made += 1

    nominees = list(User.objects.filter(username__in=["trainer", "introducer", "groupleader"]).order_by("username"))
    services.election_create(
        actor=secretary,
        organisation=branch,
        title=f"{year}—{year + 1}学年优秀共产党员评选",
        opens=today + datetime.timedelta(days=14),
        closes=today + datetime.timedelta(days=20),
        places=1,
        nominees=nominees,
    )
    made += 1
    return made + _star(today)
