"""DOMAIN §2.9 bad inputs A1–A27 through the API: the exact code (or warning), and nothing changed.

Walking a case to a stage is the slow part, so the module builds its branch once and each stage's case once
(``stage``), in transactions rolled back at the end: every test still runs in a transaction of its own on top, so
what one test writes (a refused action writes nothing; a few then run the action) is gone before the next. A stage's
case is of an applicant of its own, so ``party.applicant`` has no open case. The cases that put the case in another
branch or change a person are in test_bad_inputs_own_branch.py, with a branch of their own.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from accounts.models import PartyStanding
from accounts.roles import Role
from audit.models import AuditEvent
from tests.conftest import make_tree
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import (
    ARCHIVE_ITEMS,
    OPINIONS,
    api,
    branch_vote,
    case_before,
    committee_vote,
    full_member,
    make_party,
    minutes,
    pdf,
    run,
    standard_path,
    submit,
)
from workflows.party.models import Meeting, MeetingDecision, Override, PartyCase, PoliticalReview

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_party(django_db_setup, django_db_blocker):
    """make_party(make_tree()) once for the module, rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_party(make_tree())
        transaction.set_rollback(True)


@pytest.fixture
def party(shared_party):
    """The module's branch; a copy of the namespace, so a test's reassignment stays in the test."""
    return SimpleNamespace(**vars(shared_party))


@pytest.fixture(scope="module")
def stage(request, shared_party, django_db_blocker):
    """The module's case that has done every standard step before ``request.param`` (``late_approval``: voted on and
    interviewed, reported 2026-03-01), of a new applicant; pytest keeps one stage at a time (it groups the tests by
    stage) and rolls each back when the next is built."""
    with django_db_blocker.unblock(), transaction.atomic():
        p = SimpleNamespace(**vars(shared_party))
        p.applicant = UserFactory(real_name="陈申请", birth_date=datetime.date(2000, 5, 4))
        grant(p.applicant, p.branch, Role.APPLICANT)
        if request.param == "late_approval":
            case_id = approval_case(p)
        else:
            case_id = case_before(p, request.param)
        yield SimpleNamespace(case_id=case_id, applicant=p.applicant)
        transaction.set_rollback(True)


def at(action: str):
    """Run the test on the ``stage`` case that is about to do ``action``."""
    return pytest.mark.parametrize("stage", [action], indirect=True)


def snapshot(case_id=None):
    tables = [AuditEvent, Meeting, MeetingDecision, Override, PoliticalReview, PartyCase]
    counts = tuple(model.objects.count() for model in tables)
    if case_id is None:
        return counts
    case = PartyCase.objects.get(pk=case_id)
    tasks = sorted(case.task_set.values_list("pk", "status"))
    return counts, model_to_dict(case), tasks


def refused(user, case_id, action, payload, code, status=400):
    before = snapshot(case_id)
    response = run(user, case_id, action, payload)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code, response.json()
    assert snapshot(case_id) == before
    return response.json()


def payload_of(p, action):
    return next(payload for _actor, code, payload, *_ in standard_path(p) if code == action)


def test_a1_an_applicant_under_18_is_refused(party):
    young = UserFactory(birth_date=datetime.date(2008, 12, 1))
    grant(young, party.branch, Role.APPLICANT)
    before = snapshot()
    response = api(party.orgmember).post(  # a paper application the branch enters, dated the day it came in
        "/api/v1/party/cases/",
        {"branch_id": party.branch.pk, "person_id": young.pk, "date": "2026-11-21"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "age_under_18"
    assert snapshot() == before


def test_a1_the_day_of_the_18th_birthday_is_accepted(party):
    person = UserFactory(birth_date=datetime.date(2008, 11, 21))
    grant(person, party.branch, Role.APPLICANT)
    response = api(party.orgmember).post(  # a paper application the branch enters, dated the day it came in
        "/api/v1/party/cases/",
        {"branch_id": party.branch.pk, "person_id": person.pk, "date": "2026-11-21"},
        format="json",
    )
    assert response.status_code == 201


def test_a2_applying_where_one_lives_despite_a_unit_party_organisation_is_refused(party):
    before = snapshot()
    response = api(party.applicant).post(
        "/api/v1/party/cases/",
        {
            "branch_id": party.branch.pk,
            "date": "2026-11-01",
            "channel": "residence",
            "unit_has_party_organisation": True,
        },
        format="json",
    )
    assert response.json()["code"] == "wrong_receiving_organisation"
    assert snapshot() == before


def test_a3_a_talk_40_days_late_needs_a_reason_and_is_then_flagged(party):
    case_id = submit(party, date="2026-09-01")
    late = {"date": "2026-10-11", "talker_name": "林书记", "content": "谈话"}
    body = refused(party.secretary, case_id, "record_talk", late, "reason_required")
    assert body["fields"]["warnings"] == ["talk_overdue"]
    response = run(party.secretary, case_id, "record_talk", {**late, "reason": "书记外出学习"})
    assert response.status_code == 200 and response.json()["warnings"] == ["talk_overdue"]
    event = AuditEvent.objects.get(pk=response.json()["event_id"])
    assert event.deadlines[0]["met"] is False and event.reason == "书记外出学习"


def test_a4_a_talk_before_the_application_is_refused(party):
    case_id = submit(party, date="2026-09-01")
    refused(
        party.secretary,
        case_id,
        "record_talk",
        {"date": "2026-08-30", "talker_name": "x", "content": "x"},
        "date_order",
    )


@at("designate_activist")
def test_a5_an_activist_designated_without_committee_minutes_is_refused(party, stage):
    case_id = stage.case_id
    refused(party.secretary, case_id, "designate_activist", {"date": "2023-09-15"}, "collective_decision_required")
    refused(
        party.secretary,
        case_id,
        "designate_activist",
        {"date": "2023-09-15", "meeting": {"date": "2023-09-15", "present_ids": [], "minutes_ref": ""}},
        "collective_decision_required",
    )


@pytest.mark.parametrize(
    ("who", "code"),
    [("none", "trainer_count"), ("three", "trainer_count"), ("probationary", "trainer_not_full_member")],
)
@at("appoint_trainers")
def test_a6_trainers_must_be_one_or_two_full_members(party, stage, who, code):
    case_id = stage.case_id
    ids = {"none": [], "three": [m.pk for m in party.members[:3]], "probationary": [party.probationary.pk]}[who]
    refused(party.secretary, case_id, "appoint_trainers", {"date": "2023-09-20", "person_ids": ids}, code)


@pytest.mark.parametrize(
    ("stage", "action"),
    [("appoint_trainers",) * 2, ("set_introducers",) * 2],
    indirect=["stage"],
    ids=["trainers", "introducers"],
)
def test_trainers_and_introducers_come_from_the_cases_own_organisation_tree(party, stage, action):
    """Issue 15 item 7: a full member of another bureau is never named on the case."""
    stranger = UserFactory(
        real_name="外县党员", party_standing=PartyStanding.FULL, party_standing_since=datetime.date(2010, 1, 1)
    )
    grant(stranger, party.tree.other_branch, Role.MEMBER, valid_from=datetime.date(2020, 1, 1))
    case_id = stage.case_id
    payload = payload_of(party, action)
    ids = [stranger.pk] if action == "appoint_trainers" else [party.members[0].pk, stranger.pk]
    body = refused(party.secretary, case_id, action, {**payload, "person_ids": ids}, "person_outside_organisation")
    assert body["fields"]["person_ids"] == [str(stranger.pk)]


def late_activist_path(p):
    """The A7 dates: activist 2025-12-01, designation wanted on 2026-10-15."""
    path = [step for step in standard_path(p) if step[1] != "record_half_year_assessment"]
    dates = {
        "record_talk": "2025-10-20",
        "designate_activist": "2025-12-01",
        "file_activist": "2025-12-05",
        "appoint_trainers": "2025-12-05",
    }
    out = []
    for actor, code, payload, *rest in path:
        if code in dates:
            payload = {**payload, "date": dates[code]}
            if "meeting" in payload:
                payload["meeting"] = minutes(p, dates[code])
        out.append((actor, code, payload, *rest))
    return out


def test_a7_a_development_target_before_one_year_is_blocked_and_names_the_earliest_date(party):
    case_id = submit(party, date="2025-10-01")
    path = late_activist_path(party)
    for actor, code, payload, *_ in path[:4]:
        assert run(actor, case_id, code, payload).status_code == 200
    attempt = {"date": "2026-10-15", "meeting": minutes(party, "2026-10-15"), "opinions": OPINIONS, "reason": "x"}
    body = refused(party.secretary, case_id, "designate_dev_object", attempt, "cultivation_under_one_year")
    assert body["fields"]["earliest"] == ["2026-12-01"]
    # The secretary cannot override; only the higher committee, with a reason, and it is logged.
    refused(
        party.secretary, case_id, "designate_dev_object", {**attempt, "override": True}, "cultivation_under_one_year"
    )
    granted = run(
        party.committeemen[0],
        case_id,
        "grant_override",
        {"date": "2026-10-14", "code": "cultivation_under_one_year", "reason": "援藏返校，组织同意"},
    )
    assert granted.status_code == 200, granted.content
    response = run(party.secretary, case_id, "designate_dev_object", attempt)
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(pk=response.json()["event_id"])
    assert "cultivation_under_one_year" in event.warnings and event.override_approver == party.committeemen[0]
    assert "援藏返校" in event.reason


@pytest.mark.parametrize("who", ["one", "three", "under_watch", "probationary"])
@at("set_introducers")
def test_a8_introducers_are_exactly_two_full_members_with_rights(party, stage, who):
    case_id = stage.case_id
    watched = full_member(party_watch_until=datetime.date(2027, 6, 30))
    grant(watched, party.branch, Role.MEMBER, valid_from=datetime.date(2020, 1, 1))
    ids = {
        "one": [party.members[0].pk],
        "three": [m.pk for m in party.members[:3]],
        "under_watch": [party.members[0].pk, watched.pk],
        "probationary": [party.members[0].pk, party.probationary.pk],
    }[who]
    code = "introducer_count" if who in ("one", "three") else "introducer_not_eligible"
    refused(party.secretary, case_id, "set_introducers", {"date": "2024-10-10", "person_ids": ids}, code)


@at("complete_political_review")
def test_a9_a_failed_political_review_stops_the_admission(party, stage):
    case_id = stage.case_id
    run(
        party.secretary,
        case_id,
        "complete_political_review",
        {"date": "2024-11-05", "passed": False, "summary": "不合格"},
    )
    run(party.orgmember, case_id, "complete_training", payload_of(party, "complete_training"))
    refused(
        party.secretary,
        case_id,
        "branch_committee_review",
        payload_of(party, "branch_committee_review"),
        "political_review_missing",
    )
    refused(
        party.secretary,
        case_id,
        "record_admission_vote",
        payload_of(party, "record_admission_vote"),
        "political_review_missing",
    )


@at("complete_political_review")
def test_a9_the_vote_before_any_political_review_is_refused(party, stage):
    case_id = stage.case_id
    refused(
        party.secretary,
        case_id,
        "record_admission_vote",
        payload_of(party, "record_admission_vote"),
        "political_review_missing",
    )


@pytest.mark.parametrize(("days", "hours"), [("2", 16)])
@at("complete_training")
def test_a10_short_training_is_refused_unless_the_committee_allows_it(party, stage, days, hours):
    case_id = stage.case_id
    short = {"date": "2024-11-20", "days": days, "hours": hours}
    refused(party.orgmember, case_id, "complete_training", short, "training_insufficient")
    run(
        party.committeemen[0],
        case_id,
        "grant_override",
        {"date": "2024-11-19", "code": "training_insufficient", "reason": "因病缺课，已补学"},
    )
    assert run(party.orgmember, case_id, "complete_training", short).status_code == 200


@at("pre_review")
def test_a11_the_form_before_pre_review_is_refused(party, stage):
    case_id = stage.case_id
    refused(stage.applicant, case_id, "fill_form", {"date": "2024-12-10", "form_number": "x"}, "form_before_pre_review")


def vote_payload(party, **meeting):
    return {"date": "2024-12-20", "reported_date": "2024-12-23", "meeting": branch_vote(party, **meeting)}


@at("record_admission_vote")
def test_a13_without_quorum_no_resolution_is_recorded(party, stage):
    case_id = stage.case_id
    refused(party.secretary, case_id, "record_admission_vote", vote_payload(party, present=4, yes=4), "quorum_not_met")


@at("record_admission_vote")
def test_a14_a_majority_of_those_present_is_not_a_majority_of_the_expected(party, stage):
    case_id = stage.case_id
    refused(
        party.secretary, case_id, "record_admission_vote", vote_payload(party, present=7, yes=4), "majority_not_reached"
    )


@at("record_admission_vote")
def test_a15_a_probationary_member_counted_is_refused(party, stage):
    case_id = stage.case_id
    meeting = branch_vote(party)
    meeting["present_ids"] = meeting["present_ids"] + [party.probationary.pk]
    refused(
        party.secretary,
        case_id,
        "record_admission_vote",
        {"date": "2024-12-20", "meeting": meeting},
        "probationary_cannot_vote",
    )


@at("record_admission_vote")
def test_a16_two_candidates_in_one_ballot_are_refused(party, stage):
    case_id = stage.case_id
    meeting = branch_vote(party)
    meeting["ballot"]["candidate_ids"] = [case_id, case_id + 1000]
    refused(
        party.secretary,
        case_id,
        "record_admission_vote",
        {"date": "2024-12-20", "meeting": meeting},
        "one_vote_per_candidate",
    )


def approval_case(party, reported="2026-03-01"):
    path = standard_path(party)
    case_id = case_before(party, "record_admission_vote", path=path)
    vote = {"date": reported, "reported_date": reported, "meeting": branch_vote(party)}
    assert run(party.secretary, case_id, "record_admission_vote", vote).status_code == 200
    run(party.organizer, case_id, "parent_interview", {"date": reported, "interviewer_name": "x", "notes": "x"})
    return case_id


@at("late_approval")
def test_a18_approval_after_three_months_needs_a_special_case_reason(party, stage):
    case_id = stage.case_id
    late = {"date": "2026-06-15", "meeting": committee_vote(party)}
    assert refused(party.committeemen[0], case_id, "parent_approve", late, "reason_required")["fields"]["warnings"] == [
        "approval_overdue"
    ]
    response = run(party.committeemen[0], case_id, "parent_approve", {**late, "reason": "特殊情况：外调未回"})
    assert response.status_code == 200 and response.json()["warnings"] == ["approval_overdue"]


@at("late_approval")
def test_a18_approval_after_six_months_is_a_hard_error(party, stage):
    case_id = stage.case_id
    refused(
        party.committeemen[0],
        case_id,
        "parent_approve",
        {"date": "2026-09-02", "meeting": committee_vote(party), "reason": "x", "override": True},
        "approval_window_exceeded",
    )


@at("parent_interview")
def test_a19_approval_without_interview_or_before_the_meeting_is_refused(party, stage):
    case_id = stage.case_id
    refused(party.committeemen[0], case_id, "parent_approve", payload_of(party, "parent_approve"), "interview_missing")
    run(party.organizer, case_id, "parent_interview", payload_of(party, "parent_interview"))
    refused(
        party.committeemen[0],
        case_id,
        "parent_approve",
        {"date": "2024-12-19", "meeting": committee_vote(party)},
        "date_order",
    )


@at("record_full_membership_vote")
def test_a20_the_full_membership_meeting_before_probation_ends_is_refused(party, stage):
    case_id = stage.case_id
    refused(
        party.secretary,
        case_id,
        "record_full_membership_vote",
        {"date": "2025-12-19", "meeting": branch_vote(party)},
        "probation_not_ended",
    )


def extend(party, case_id, months=6, date="2025-12-22"):
    response = run(
        party.secretary,
        case_id,
        "record_extension_vote",
        {"date": date, "months": months, "meeting": branch_vote(party)},
    )
    assert response.status_code == 200, response.content
    response = run(
        party.committeemen[0], case_id, "parent_approve_extension", {"date": date, "meeting": committee_vote(party)}
    )
    assert response.status_code == 200, response.content
    return response.json()["case"]


@at("record_full_membership_vote")
def test_a21_a_second_extension_is_refused(party, stage):
    case_id = stage.case_id
    case = extend(party, case_id)
    assert case["case_status"] == "PROBATION_EXTENDED" and case["extension_end"] == "2026-06-20"
    assert run(stage.applicant, case_id, "apply_full_membership", {"date": "2026-05-20"}).status_code == 200
    refused(
        party.secretary,
        case_id,
        "record_extension_vote",
        {"date": "2026-06-22", "months": 6, "meeting": branch_vote(party)},
        "extension_already_used",
    )


@pytest.mark.parametrize("months", [3, 18])
@at("record_full_membership_vote")
def test_a22_an_extension_outside_six_to_twelve_months_is_refused(party, stage, months):
    case_id = stage.case_id
    refused(
        party.secretary,
        case_id,
        "record_extension_vote",
        {"date": "2025-12-22", "months": months, "meeting": branch_vote(party)},
        "extension_length",
    )


@at("parent_approve_full")
def test_a23_a_typed_full_membership_date_is_corrected_to_the_probation_end(party, stage):
    case_id = stage.case_id
    response = run(
        party.committeemen[0],
        case_id,
        "parent_approve_full",
        {"date": "2026-01-10", "meeting": committee_vote(party), "full_membership_date": "2026-01-10"},
    )
    assert response.status_code == 200
    assert response.json()["warnings"] == ["full_membership_date_corrected"]
    assert response.json()["case"]["full_membership_date"] == "2025-12-20"


@at("pre_review")
def test_a24_a_target_leaving_within_three_months_is_blocked(party, stage):
    case_id = stage.case_id
    refused(
        party.committeemen[0],
        case_id,
        "pre_review",
        {"date": "2024-12-05", "opinion": "x", "expected_departure_date": "2025-02-05"},
        "leaving_within_three_months",
    )


@at("record_admission_vote")
def test_a25_a_written_opinion_after_the_meeting_does_not_count(party, stage):
    case_id = stage.case_id
    absent = party.full_ids[-1]
    meeting = branch_vote(party, present=7, yes=4)
    meeting["written"] = [{"member_id": absent, "submitted_on": "2024-12-21", "choice": "yes"}]
    refused(
        party.secretary,
        case_id,
        "record_admission_vote",
        {"date": "2024-12-20", "meeting": meeting},
        "majority_not_reached",
    )
    meeting["ballot"]["yes"], meeting["result"] = 5, "passed"
    response = run(party.secretary, case_id, "record_admission_vote", {"date": "2024-12-20", "meeting": meeting})
    assert response.status_code == 200 and response.json()["warnings"] == ["written_opinion_late"]
    assert MeetingDecision.objects.get(case_id=case_id).written_counted == 0


@at("archive_materials")
def test_a26_archiving_without_the_political_review_file_is_refused(party, stage):
    case_id = stage.case_id
    materials = {item: pdf(party.secretary, f"{item}.pdf") for item in ARCHIVE_ITEMS if item != "political_review"}
    body = refused(
        party.secretary,
        case_id,
        "archive_materials",
        {"date": "2026-02-01", "materials": materials},
        "archive_incomplete",
    )
    assert body["fields"]["materials"] == ["political_review"]


@at("record_admission_vote")
def test_a27_per_voter_choices_in_an_anonymous_ballot_are_refused(party, stage):
    case_id = stage.case_id
    meeting = branch_vote(party)
    meeting["ballot"]["per_voter_choices"] = [{"member_id": party.full_ids[0], "choice": "yes"}]
    refused(
        party.secretary,
        case_id,
        "record_admission_vote",
        {"date": "2024-12-20", "meeting": meeting},
        "anonymous_ballot_choices",
    )


def test_a_second_open_case_for_the_same_person_is_refused(party):
    submit(party, date="2026-10-01")
    before = snapshot()
    response = api(party.applicant).post(
        "/api/v1/party/cases/", {"branch_id": party.branch.pk, "date": "2026-11-01"}, format="json"
    )
    assert response.json()["code"] == "case_already_open" and snapshot() == before
