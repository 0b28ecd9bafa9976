"""DOMAIN §3.6 B1–B7: refused with a stable code and nothing written, or accepted with a flag."""

import datetime

import pytest
from django.test import override_settings

from core.dates import business_today
from core.exceptions import ApplicationError
from tests.workflows.community.factories import HELP_FORM, draft, pdf, ready_to_submit, run_action, submitted
from workflows.community.models import Application, Kind, SchoolYearSetting, Status
from workflows.kit.engine import start_case

pytestmark = pytest.mark.django_db


def refused(expected, **call):
    with pytest.raises(ApplicationError) as error:
        run_action(**call)
    assert error.value.code == expected


def test_b1_feature_plan_without_core_school_opinion(yuhuan, unchanged):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.FEATURE)
    with unchanged():
        refused("consultation_missing", case_id=application.pk, code="submit", actor=o.member_lead, payload={})
    run_action(case_id=application.pk, code="request_consultation", actor=o.member_lead, payload={})
    with unchanged():  # asked, but the core school has not answered yet
        refused("consultation_missing", case_id=application.pk, code="submit", actor=o.member_lead, payload={})


def test_b2_help_project_with_only_the_core_schools_confirmation(yuhuan, unchanged):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    run_action(case_id=application.pk, code="send_for_agreement", actor=o.core_lead, payload={})
    run_action(case_id=application.pk, code="confirm", actor=o.core_lead, payload={})
    with unchanged():
        refused("joint_agreement_missing", case_id=application.pk, code="submit", actor=o.core_lead, payload={})
    assert Application.objects.get(pk=application.pk).stage == Status.AWAITING_AGREEMENT


def test_the_member_school_cannot_confirm_before_the_core_school(yuhuan, unchanged):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    run_action(case_id=application.pk, code="send_for_agreement", actor=o.core_lead, payload={})
    with unchanged():
        refused("not_your_turn", case_id=application.pk, code="confirm", actor=o.member_lead, payload={})


@pytest.mark.parametrize("kind", [Kind.HELP_PROJECT, Kind.FEATURE])
def test_b3_missing_implementation_plan(yuhuan, unchanged, kind):
    o = yuhuan
    application = draft(o, o.fusion_member, kind, with_plan=False)
    owner = o.core_lead if kind == Kind.HELP_PROJECT else o.member_lead
    code = "send_for_agreement" if kind == Kind.HELP_PROJECT else "request_consultation"
    with unchanged():
        refused("attachment_missing", case_id=application.pk, code=code, actor=owner, payload={})


def test_b3_missing_form(yuhuan, unchanged):
    o = yuhuan
    payload = {
        "kind": Kind.HELP_PROJECT,
        "community": o.fusion.pk,
        "member_school": o.fusion_member.pk,
        "school_year": 2026,
        "title": "无表",
    }
    application = start_case(process="community", actor=o.core_lead, payload=payload).case
    with unchanged():
        refused("form_missing", case_id=application.pk, code="send_for_agreement", actor=o.core_lead, payload={})


def test_b3_incomplete_form_is_refused_with_the_field(yuhuan, unchanged):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    with unchanged(), pytest.raises(ApplicationError) as error:
        run_action(case_id=application.pk, code="edit", actor=o.core_lead, payload={"form": {**HELP_FORM, "goals": ""}})
    assert error.value.code == "invalid" and "goals" in error.value.fields


@override_settings(COMMUNITY_COLLABORATION_FEATURES="refuse")
def test_b4_collaboration_feature_refused_when_the_deployment_says_so(yuhuan, unchanged):
    o = yuhuan
    application = ready_to_submit(o, o.collab_member, Kind.FEATURE)
    with unchanged():
        refused("feature_not_assessed", case_id=application.pk, code="submit", actor=o.collab_member_lead, payload={})


def test_b4_collaboration_feature_warned_by_default(yuhuan):
    o = yuhuan
    application = submitted(o, o.collab_member, Kind.FEATURE)
    assert application.assessed is False and application.stage == Status.SUBMITTED


def test_b5_late_submission_is_accepted_and_flagged(yuhuan):
    o = yuhuan
    SchoolYearSetting.objects.create(school_year=2026, application_deadline=datetime.date(2026, 9, 25))
    on_time = submitted(o, o.fusion_member, Kind.HELP_PROJECT, today=datetime.date(2026, 9, 25))
    late = submitted(o, o.fusion_member2, Kind.HELP_PROJECT, today=datetime.date(2026, 9, 26))
    assert on_time.late is False and late.late is True and late.stage == Status.SUBMITTED
    assert late.deadline == datetime.date(2026, 9, 25)


def test_b5_default_deadline_when_the_bureau_set_none(yuhuan):
    o = yuhuan
    late = submitted(o, o.fusion_member, Kind.FEATURE, today=datetime.date(2026, 10, 8))
    assert late.deadline == datetime.date(2026, 9, 30) and late.late is True


def test_b6_return_without_reasons(yuhuan, unchanged):
    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
    with unchanged():
        refused("return_reason_required", case_id=application.pk, code="return", actor=o.basic_edu, payload={})
    with unchanged():
        refused(
            "return_reason_required", case_id=application.pk, code="return", actor=o.basic_edu, payload={"reason": " "}
        )


@pytest.mark.parametrize("school", ["collab_member", "other_member", "collab_core"])
def test_the_member_school_must_be_a_school_of_the_community(yuhuan, unchanged, school):
    """Issue 15 item 7: a school of another community or bureau would get the pair's steps, then a 404."""
    o = yuhuan
    payload = {
        "kind": Kind.HELP_PROJECT,
        "community": o.fusion.pk,
        "member_school": getattr(o, school).pk,
        "school_year": 2026,
        "title": "跨共同体",
        "form": HELP_FORM,
        "plan_id": pdf(o.core_lead),
    }
    with unchanged(), pytest.raises(ApplicationError) as caught:
        start_case(process="community", actor=o.core_lead, payload=payload)
    assert caught.value.code == "member_school_ineligible" and "member_school" in caught.value.fields


def test_b7_member_paired_in_another_community_this_year_is_warned(yuhuan):
    """B7 stays a warning for a school paired elsewhere this year before it moved into this community."""
    o = yuhuan
    elsewhere = draft(o, o.collab_member, Kind.FEATURE)
    Application.objects.filter(pk=elsewhere.pk).update(community=o.other_community)
    result = start_case(
        process="community",
        actor=o.collab_core_lead,
        payload={
            "kind": Kind.HELP_PROJECT,
            "community": o.collab.pk,
            "member_school": o.collab_member.pk,
            "school_year": 2026,
            "title": "帮扶项目",
            "form": HELP_FORM,
            "plan_id": pdf(o.collab_core_lead),
        },
    )
    assert result.warnings == ["member_in_two_communities"]
    assert result.event.warnings == ["member_in_two_communities"]


def test_one_application_per_pair_kind_and_year(yuhuan, unchanged):
    o = yuhuan
    draft(o, o.fusion_member, Kind.HELP_PROJECT)
    with unchanged(), pytest.raises(ApplicationError) as error:
        draft(o, o.fusion_member, Kind.HELP_PROJECT)
    assert error.value.code == "application_exists"


def test_withdraw_only_before_the_bureau_acts(yuhuan, unchanged):
    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
    run_action(case_id=application.pk, code="withdraw", actor=o.core_lead, payload={})
    assert Application.objects.get(pk=application.pk).stage == Status.WITHDRAWN
    run_action(case_id=application.pk, code="send_for_agreement", actor=o.core_lead, payload={})
    run_action(case_id=application.pk, code="confirm", actor=o.core_lead, payload={})
    run_action(case_id=application.pk, code="confirm", actor=o.member_lead, payload={})
    run_action(case_id=application.pk, code="submit", actor=o.core_lead, payload={})
    payload = {"filing_number": "备-1", "filing_date": business_today()}
    run_action(case_id=application.pk, code="file", actor=o.basic_edu, payload=payload)
    with unchanged():
        refused("action_not_available", case_id=application.pk, code="withdraw", actor=o.core_lead, payload={})


def test_filing_number_is_unique_and_the_date_sensible(yuhuan, unchanged):
    o = yuhuan
    first = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
    second = submitted(o, o.fusion_member2, Kind.HELP_PROJECT)
    day = business_today()
    run_action(case_id=first.pk, code="file", actor=o.basic_edu, payload={"filing_number": "备-7", "filing_date": day})
    with unchanged():
        refused(
            "filing_number_taken",
            case_id=second.pk,
            code="file",
            actor=o.basic_edu,
            payload={"filing_number": "备-7", "filing_date": day},
        )
    with unchanged():
        tomorrow = day + datetime.timedelta(days=1)
        refused(
            "filing_date_invalid",
            case_id=second.pk,
            code="file",
            actor=o.basic_edu,
            payload={"filing_number": "备-8", "filing_date": tomorrow},
        )
