"""Party cases for the demo data set: one at every stage, some overdue, one extended probation,
one disqualified, one archived. Built through the same services and rules as real cases."""

import datetime
from functools import partial

from django.db import transaction

from accounts import services as account_services
from accounts.identity import make_id_number
from accounts.models import Organisation, PartyStanding, User
from accounts.roles import Role
from workflows.kit import engine
from workflows.kit.demo import demo_pdf
from workflows.party.members import approval_committee, branch_voters, committee_voters
from workflows.party.models import PartyCase
from workflows.party.steps.application import case_submit
from workflows.party.steps.common import decision_body

run_action = partial(engine.run_action, process="party")
OPINIONS = {k: "同意" for k in ("party_group", "trainers", "members", "public")}
APPLICATION = "敬爱的党组织：我志愿加入中国共产党，拥护党的纲领，遵守党的章程……"
ARCHIVE = {  # the archive's items, each as a file a branch scans them to
    "membership_form": "入党志愿书",
    "application": "入党申请书",
    "political_review": "政治审查材料",
    "full_membership_application": "转正申请书",
    "cultivation_records": "培养考察材料",
}

# (days after the application, actor, action, payload) along the ordinary path.
PATH = [
    (19, "secretary", "record_talk", {"talker_name": "林晓红", "content": "了解入党动机和对党的认识"}),
    (198, "secretary", "designate_activist", {"meeting": True, "recommendation": "party_members"}),
    (203, "orgmember", "file_activist", {"document_number": "城关一小党委备〔积〕"}),
    (203, "secretary", "appoint_trainers", {"meeting": True, "people": ["trainer", "introducer"]}),
    (375, "secretary", "record_half_year_assessment", {"assessor_name": "周海涛", "content": "学习积极，表现良好"}),
    (559, "secretary", "record_half_year_assessment", {"assessor_name": "周海涛", "content": "进步明显"}),
    (574, "secretary", "designate_dev_object", {"meeting": True, "opinions": OPINIONS}),
    (587, "orgmember", "file_dev_object", {}),
    (589, "secretary", "set_introducers", {"people": ["trainer", "introducer"]}),
    (614, "secretary", "complete_political_review", {"passed": True, "summary": "经函调和谈话，政治审查合格。"}),
    (629, "orgmember", "complete_training", {"days": "3", "hours": 24, "certificate_ref": "党校结业证"}),
    (634, "secretary", "branch_committee_review", {"meeting": True, "opinion": "同意提交支部大会讨论"}),
    (644, "committeeman", "pre_review", {"opinion": "预审合格"}),
    (649, "person", "fill_form", {"form_number": "form"}),
    (659, "secretary", "record_admission_vote", {"vote": "branch"}),
    (678, "organizer", "parent_interview", {"interviewer_name": "黄雅琴", "notes": "入党动机端正"}),
    (685, "committeeman", "parent_approve", {"vote": "committee"}),
    (690, "secretary", "assign_group", {}),
    (695, "orgdept", "file_with_grandparent", {"document_number": "教党备〔2026〕"}),
    (702, "secretary", "oath", {}),
    (850, "secretary", "record_probation_assessment", {"assessor_name": "周海涛", "content": "表现良好"}),
    (1000, "person", "apply_full_membership", {"content": "转正申请书"}),
    (1027, "secretary", "record_full_membership_vote", {"vote": "branch"}),
    (1045, "committeeman", "parent_approve_full", {"vote": "committee"}),
    (1067, "secretary", "archive_materials", {"archive": True}),
]
# (real name, days since the application, actions to run (count along PATH), what makes it interesting)
CASES = [
    ("陈思远", 10, 0, None),  # the demo applicant: waiting for the talk
    ("赵一鸣", 45, 0, None),  # talk overdue
    ("钱晓雯", 250, 4, None),  # activist with trainers
    ("孙浩宇", 600, 9, None),  # development target, political review pending
    ("李佳怡", 655, 14, None),  # form filled, waiting for the general meeting
    ("周子涵", 780, 15, "late_approval"),  # branch voted four months ago: approval overdue
    ("吴俊杰", 860, 21, None),  # probationary member
    ("郑雨桐", 1030, 22, None),  # probation ended, full-membership meeting due
    ("王梓萱", 1040, 22, "extend"),  # probation extended
    ("冯博文", 900, 21, "disqualify"),  # disqualified
    ("陈雅琪", 1050, 24, None),  # full member, archive due
    ("褚天佑", 1100, 25, None),  # archived
]


def _votes(kind: str, case: PartyCase, day: datetime.date) -> dict:
    if kind == "branch":
        voters = branch_voters(case.branch, day)
    else:
        voters = committee_voters(approval_committee(case.branch), day)
    eligible = sorted(pk for pk, full in voters.items() if full)
    return {
        "eligible_ids": eligible,
        "present_ids": eligible,
        "ballot": {"yes": len(eligible), "no": 0, "abstain": 0},
        "result": "passed",
    }


def _attendees(case: PartyCase, day: datetime.date, today: datetime.date) -> list[int]:
    """Everyone who counts for the decision's quorum attends (the committee, or the branch's full members)."""
    _kind, _members, counted = decision_body(case.branch, day, today=today)
    return sorted(counted)


def _payload(case, day, spec: dict, users: dict, owner, today: datetime.date) -> dict:
    payload = {"date": day}
    for key, value in spec.items():
        if key == "meeting":
            payload["meeting"] = {
                "date": day,
                "present_ids": _attendees(case, day, today),
                "minutes_ref": f"支委会会议记录 {day:%Y%m%d}",
            }
        elif key == "people":
            payload["person_ids"] = [users[name].pk for name in value]
        elif key == "vote":
            payload["meeting"] = _votes(value, case, day)
            if value == "branch":
                payload["reported_date"] = day + datetime.timedelta(days=3)
        elif key == "archive":
            payload["materials"] = {item: demo_pdf(owner, f"{name}.pdf") for item, name in ARCHIVE.items()}
        elif key == "form_number":
            payload["form_number"] = f"ZZ{day:%Y}-{case.pk:03d}"
        else:
            payload[key] = value
    return payload


def _person(name: str, index: int, branch: Organisation) -> User:
    birth = datetime.date(1990 + index % 8, 1 + index % 12, 3 + index)
    user = account_services.user_create(
        username=f"party{index:02d}",
        real_name=name,
        gender="F" if index % 2 else "M",
        birth_date=birth,
        id_number=make_id_number("330100", birth, 600 + index * 2 + (0 if index % 2 else 1)),
    )
    account_services.membership_grant(
        user=user, organisation=branch, role=Role.APPLICANT, valid_from=datetime.date(2022, 1, 1)
    )
    return user


def _committee(today: datetime.date) -> None:
    committee = Organisation.objects.get(code="YH-C1-S0-PC")
    for index, name in enumerate(["钟建新", "邵丽萍", "龚志远", "万晓峰"]):
        user = account_services.user_create(
            username=f"pc{index + 1}",
            real_name=name,
            party_standing=PartyStanding.FULL,
            party_standing_since=datetime.date(2005, 7, 1),
        )
        account_services.membership_grant(
            user=user,
            organisation=committee,
            role=Role.PARENT_COMMITTEE,
            valid_from=datetime.date(2020, 1, 1),
            today=today,
        )


@transaction.atomic
def seed_party_demo(*, today: datetime.date) -> int:
    if PartyCase.objects.exists():
        return 0
    _committee(today)
    branch = Organisation.objects.get(code="YH-C1-S0-B1")
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["secretary", "orgmember", "committeeman", "organizer", "orgdept", "trainer", "introducer"]
        )
    }
    for index, (name, age_days, steps, twist) in enumerate(CASES):
        applied = today - datetime.timedelta(days=age_days)
        person = User.objects.get(username="applicant") if index == 0 else _person(name, index, branch)
        case = _application(index, person, branch, applied, users["secretary"], today)
        for offset, actor, action, spec in PATH[:steps]:
            day = applied + datetime.timedelta(days=offset)
            who = person if actor == "person" else users[actor]
            run_action(
                case_id=case.pk,
                code=action,
                actor=who,
                payload=_payload(case, day, spec, users, who, today),
                today=today,
            )
        _twist(case, twist, today, users)
    return len(CASES)


def _application(index: int, person: User, branch: Organisation, applied, secretary: User, today) -> PartyCase:
    """The demo applicant handed theirs in online (dated that day) and the branch confirmed receipt two days later;
    the others' cases were entered afterwards (补录) by the branch."""
    if index:
        payload = {"branch_id": branch.pk, "date": applied, "person_id": person.pk, "backfill": True, "paper": True}
        return case_submit(actor=secretary, payload=payload, today=today)
    case = case_submit(actor=person, payload={"branch_id": branch.pk, "content": APPLICATION}, today=applied)
    received = applied + datetime.timedelta(days=2)
    run_action(case_id=case.pk, code="confirm_receipt", actor=secretary, payload={"date": received}, today=today)
    return case


def _twist(case: PartyCase, twist: str | None, today: datetime.date, users: dict) -> None:
    if twist in ("extend", "disqualify"):
        case.refresh_from_db()
        day = (
            case.probation_end + datetime.timedelta(days=5)
            if twist == "extend"
            else today - datetime.timedelta(days=20)
        )
        vote = {"date": day, "meeting": _votes("branch", case, day), "reported_date": day}
        if twist == "extend":
            run_action(
                case_id=case.pk,
                code="record_extension_vote",
                actor=users["secretary"],
                payload={**vote, "months": 6},
                today=today,
            )
            approval = "parent_approve_extension"
        else:
            run_action(
                case_id=case.pk,
                code="record_disqualification_vote",
                actor=users["secretary"],
                payload={**vote, "grounds": "预备期内严重违反纪律"},
                today=today,
            )
            approval = "parent_approve_disqualification"
        day2 = day + datetime.timedelta(days=10)
        run_action(
            case_id=case.pk,
            code=approval,
            actor=users["committeeman"],
            payload={"date": day2, "meeting": _votes("committee", case, day2)},
            today=today,
        )
    # "late_approval" needs nothing more: the path stops after the vote and the deadline passes by itself.
