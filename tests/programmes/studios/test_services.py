"""A studio term from plan to archive bundle through the services, and the bad input they refuse (with a stable
code, writing nothing)."""

import datetime
import hashlib
import io
import json
import subprocess
import zipfile

import pytest

from audit.models import AuditEvent
from core.dates import business_today
from core.exceptions import ApplicationError
from programmes.studios import bundle, selectors, services
from programmes.studios.models import (
    Activity,
    ActivityKind,
    Agreement,
    AnnualEvaluation,
    FileKind,
    Grade,
    Level,
    PlanItem,
    Pool,
    PoolEntry,
    StudioPerson,
    StudioRole,
    TermPlan,
)
from tests.programmes.studios.conftest import pdf, png, stored

pytestmark = pytest.mark.django_db


def this_term():
    today = business_today()
    year, term = selectors.term_of(today)
    starts, ends = selectors.term_dates(year, term)
    return year, term, starts, max(ends, today)


def published_plan(p, studio):
    year, term, starts, ends = this_term()
    plan = services.plan_create(actor=p.lead, studio=studio, school_year=year, term=term, starts=starts, ends=ends)
    services.plan_item_add(
        actor=p.lead, plan=plan, kind=ActivityKind.SHOWCASE, responsible=p.lead, planned_count=2, topic="名师展示课"
    )
    services.plan_item_add(actor=p.lead, plan=plan, kind=ActivityKind.REPORT_LESSON, responsible=p.member)
    return services.plan_publish(actor=p.lead, plan=plan)


def refused(code, call, *models):
    before = [m.objects.count() for m in (AuditEvent, *models)]
    with pytest.raises(ApplicationError) as raised:
        call()
    assert raised.value.code == code
    assert [m.objects.count() for m in (AuditEvent, *models)] == before


def test_a_studio_term_runs_from_its_plan_to_the_archive_bundle(studio_people, studio):
    p = studio_people
    year, term, starts, ends = this_term()
    today = business_today()
    # The school's mentor pool, an agreement both acknowledge, the plan published.
    services.pool_add(actor=p.secretary, organisation=p.school, pool=Pool.MENTOR, person=p.member, reason="市级名师")
    agreement = services.agreement_create(
        actor=p.lead,
        studio=studio,
        mentor=p.member,
        apprentice=p.apprentice,
        school_year=year,
        term=term,
        mentor_duties="每月听徒弟两节课",
        apprentice_goals="一学期上一节汇报课",
    )
    services.agreement_acknowledge(actor=p.member, agreement=agreement)
    agreement = services.agreement_acknowledge(actor=p.apprentice, agreement=agreement)
    assert agreement.frozen
    signed = stored(p.lead, png("签字仪式.png"))
    services.studio_file_add(
        actor=p.lead, studio=studio, kind=FileKind.AGREEMENT, title="签字仪式", attachment=signed, agreement=agreement
    )
    founding = stored(p.lead, png("揭牌.png", b"\x89PNG\r\n\x1a\n" + b"\x01" * 64))
    services.studio_file_add(actor=p.lead, studio=studio, kind=FileKind.FOUNDING, title="揭牌仪式", attachment=founding)
    plan = published_plan(p, studio)
    showcase, report_lesson = plan.items.order_by("pk")
    # Two activities held; the apprentice records the one they took part in.
    photo = stored(p.apprentice, png("汇报课.png", b"\x89PNG\r\n\x1a\n" + b"\x02" * 64))
    services.activity_record(
        actor=p.apprentice,
        studio=studio,
        kind=ActivityKind.REPORT_LESSON,
        held_on=today,
        level=Level.SCHOOL,
        record="徒弟上汇报课，导师点评",
        participants=[p.apprentice, p.member],
        plan_item=report_lesson,
        photos=[photo],
        as_participant=True,
    )
    services.activity_record(
        actor=p.lead,
        studio=studio,
        kind=ActivityKind.SHOWCASE,
        held_on=today,
        level=Level.AREA,
        record="片区展示课",
        participants=[p.lead],
        plan_item=showcase,
    )
    progress = {row.item.pk: (row.held, row.planned) for row in selectors.plan_progress(plan)}
    assert progress == {showcase.pk: (1, 2), report_lesson.pk: (1, 1)}
    # An amendment continues the items: what was held still counts.
    amended = services.plan_amend(actor=p.lead, plan=plan)
    services.plan_publish(actor=p.lead, plan=amended)
    assert sorted((r.held, r.planned) for r in selectors.plan_progress(amended)) == [(1, 1), (1, 2)]
    report_file = stored(p.lead, pdf("学期总结.pdf"))
    services.report_write(
        actor=p.lead,
        studio=studio,
        school_year=year,
        term=term,
        title="学期工作汇报",
        text="本学期开展展示课……",
        files=[report_file],
    )
    evaluation = services.evaluation_record(actor=p.evaluator, studio=studio, school_year=year, grade=Grade.EXCELLENT)
    services.evaluation_confirm(actor=p.checker, evaluation=evaluation)

    made = bundle.bundle_export(actor=p.lead, studio=studio)

    archive = zipfile.ZipFile(io.BytesIO(made.body))
    manifest = json.loads(archive.read("manifest.json"))
    assert {f["original_name"] for f in manifest["files"][1:]} == {
        "签字仪式.png",
        "揭牌.png",
        "汇报课.png",
        "学期总结.pdf",
    }
    for row in manifest["files"]:
        assert hashlib.sha256(archive.read(row["path"])).hexdigest() == row["sha256"]
    assert archive.read("SHA256SUMS").decode().count("\n") == len(manifest["files"])
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=archive.read(manifest["files"][0]["path"]), capture_output=True, check=True
    ).stdout.decode()
    for name in ("吴晓燕语文名师工作室", "吴晓燕", "周海涛", "陈思远", "每月听徒弟两节课", "片区展示课"):
        assert name in text
    assert "MEMBER" not in text and "SHOWCASE" not in text and "EXCELLENT" not in text
    assert AuditEvent.objects.filter(process="studios", action="archive_bundle_export").count() == 1


def test_a_mentor_paired_with_themself_is_refused(studio_people, studio):
    p = studio_people
    year, term, *_ = this_term()
    refused(
        "pair_with_self",
        lambda: services.agreement_create(
            actor=p.lead,
            studio=studio,
            mentor=p.member,
            apprentice=p.member,
            school_year=year,
            term=term,
            mentor_duties="x",
            apprentice_goals="y",
        ),
        Agreement,
    )


def test_an_agreement_both_acknowledged_is_frozen_and_changes_as_a_new_one(studio_people, studio):
    p = studio_people
    year, term, *_ = this_term()
    agreement = services.agreement_create(
        actor=p.lead,
        studio=studio,
        mentor=p.lead,
        apprentice=p.apprentice,
        school_year=year,
        term=term,
        mentor_duties="听课",
        apprentice_goals="汇报课",
    )
    services.agreement_acknowledge(actor=p.lead, agreement=agreement)
    services.agreement_acknowledge(actor=p.apprentice, agreement=agreement)
    refused(
        "agreement_frozen",
        lambda: services.agreement_update(actor=p.lead, agreement=agreement, mentor_duties="改", apprentice_goals="改"),
        Agreement,
    )
    revised = services.agreement_revise(actor=p.lead, agreement=agreement, mentor_duties="新", apprentice_goals="新")
    agreement.refresh_from_db()
    assert revised.supersedes == agreement and agreement.mentor_duties == "听课" and not revised.frozen


def test_an_activity_in_the_future_or_outside_the_term_is_refused(studio_people, studio):
    p = studio_people
    plan = published_plan(p, studio)
    item = plan.items.first()
    common = {"actor": p.lead, "studio": studio, "kind": ActivityKind.SHOWCASE, "level": Level.SCHOOL, "record": "r"}
    tomorrow = business_today() + datetime.timedelta(days=1)
    refused(
        "activity_in_future",
        lambda: services.activity_record(**common, held_on=tomorrow, participants=[p.lead]),
        Activity,
    )
    refused(
        "activity_outside_term",
        lambda: services.activity_record(
            **common, held_on=plan.starts - datetime.timedelta(days=1), participants=[p.lead], plan_item=item
        ),
        Activity,
    )


def test_a_published_plan_is_locked(studio_people, studio):
    p = studio_people
    plan = published_plan(p, studio)
    refused(
        "plan_published",
        lambda: services.plan_item_add(actor=p.lead, plan=plan, kind=ActivityKind.OUTREACH, responsible=p.lead),
        PlanItem,
    )
    refused("plan_published", lambda: services.plan_item_remove(actor=p.lead, item=plan.items.first()), PlanItem)
    refused(
        "plan_exists",
        lambda: services.plan_create(actor=p.lead, studio=studio, school_year=plan.school_year, term=plan.term),
        TermPlan,
    )


def test_a_person_out_of_the_schools_reach_is_refused(studio_people, studio):
    p = studio_people
    plan = published_plan(p, studio)
    draft = services.plan_amend(actor=p.lead, plan=plan)
    calls = [
        (
            lambda: services.studio_person_add(actor=p.lead, studio=studio, person=p.outsider, role="MEMBER"),
            StudioPerson,
        ),
        (
            lambda: services.pool_add(
                actor=p.secretary, organisation=p.school, pool=Pool.RESERVE, person=p.outsider, reason="x"
            ),
            PoolEntry,
        ),
        (
            lambda: services.plan_item_add(actor=p.lead, plan=draft, kind=ActivityKind.READING, responsible=p.outsider),
            PlanItem,
        ),
        (
            lambda: services.activity_record(
                actor=p.lead,
                studio=studio,
                kind=ActivityKind.READING,
                level=Level.SCHOOL,
                record="r",
                held_on=business_today(),
                participants=[p.lead, p.outsider],
            ),
            Activity,
        ),
    ]
    for call, model in calls:
        refused("person_out_of_reach", call, model)


def test_a_member_records_only_activities_they_took_part_in(studio_people, studio):
    p = studio_people
    refused(
        "recorder_not_participant",
        lambda: services.activity_record(
            actor=p.member,
            studio=studio,
            kind=ActivityKind.READING,
            level=Level.SCHOOL,
            record="r",
            held_on=business_today(),
            participants=[p.lead],
            as_participant=True,
        ),
        Activity,
    )


def test_the_mentor_pool_takes_party_members_only(studio_people):
    p = studio_people
    refused(
        "mentor_not_party_member",
        lambda: services.pool_add(
            actor=p.secretary, organisation=p.school, pool=Pool.MENTOR, person=p.apprentice, reason="x"
        ),
        PoolEntry,
    )


def test_an_evaluation_needs_a_second_person_and_is_corrected_by_a_new_record(studio_people, studio):
    p = studio_people
    year, *_ = this_term()
    evaluation = services.evaluation_record(actor=p.evaluator, studio=studio, school_year=year, grade=Grade.GOOD)
    refused("second_person_required", lambda: services.evaluation_confirm(actor=p.evaluator, evaluation=evaluation))
    refused(
        "evaluation_exists",
        lambda: services.evaluation_record(actor=p.checker, studio=studio, school_year=year, grade=Grade.PASS),
        AnnualEvaluation,
    )
    correction = services.evaluation_record(
        actor=p.checker, studio=studio, school_year=year, grade=Grade.EXCELLENT, corrects=evaluation, reason="漏计"
    )
    assert selectors.evaluations_current(studio) == [correction]
    assert AnnualEvaluation.objects.get(pk=evaluation.pk).grade == Grade.GOOD


def test_photos_are_pictures(studio_people, studio):
    p = studio_people
    document = stored(p.lead, pdf("not-a-photo.pdf"))
    refused(
        "photo_not_image",
        lambda: services.activity_record(
            actor=p.lead,
            studio=studio,
            kind=ActivityKind.READING,
            level=Level.SCHOOL,
            record="r",
            held_on=business_today(),
            participants=[p.lead],
            photos=[document],
        ),
        Activity,
    )


def test_people_leave_and_their_history_stays(studio_people, studio):
    p = studio_people
    row = StudioPerson.objects.get(studio=studio, person=p.member)
    services.studio_person_leave(actor=p.lead, row=row)
    again = services.studio_person_add(actor=p.lead, studio=studio, person=p.member, role=StudioRole.MEMBER)
    assert StudioPerson.objects.filter(studio=studio, person=p.member).count() == 2 and again.left is None
    lead_row = StudioPerson.objects.get(studio=studio, person=p.lead)
    refused("lead_cannot_leave", lambda: services.studio_person_leave(actor=p.lead, row=lead_row))


def test_a_studio_is_set_up_from_an_approved_application_once(studio_people):
    from accounts.roles import Role
    from tests.designer.world import act as designed_act
    from tests.designer.world import approval, document, people, published, start
    from tests.factories import UserFactory, grant

    p = studio_people
    designer = UserFactory(username="s_designer")
    grant(designer, p.tree.bureau, Role.PROCESS_ADMIN)
    fields = {
        "fields": [
            {"key": "studio_name", "type": "text", "label": "工作室名称", "required": True},
            {"key": "studio_lead", "type": "person", "label": "工作室领衔人", "required": True},
            {"key": "subject", "type": "choice", "label": "学科领域", "options": ["语文", "数学"]},
        ]
    }
    owner = type("W", (), {"designer": designer, "bureau": p.tree.bureau})
    definition = published(
        owner, document(approval("bureau", people(p.evaluator)), fields=fields), code=selectors.APPLICATION_CODE
    )
    case = start(definition, p.secretary, {"studio_name": "申报的工作室", "studio_lead": p.lead.pk, "subject": "数学"})
    assert selectors.approved_applications(p.school).count() == 0
    designed_act(case, p.evaluator)
    assert list(selectors.approved_applications(p.school)) == [case]
    prefill = selectors.application_prefill(case)
    assert prefill == {"name": "申报的工作室", "lead": p.lead.pk, "subject": "数学"}
    studio = services.studio_create(
        actor=p.secretary,
        school=p.school,
        name=prefill["name"],
        lead=p.lead,
        subject=prefill["subject"],
        founded_on=business_today(),
        application=case,
    )
    assert studio.application == case
    refused(
        "application_used",
        lambda: services.studio_create(
            actor=p.secretary,
            school=p.school,
            name="又一个",
            lead=p.lead,
            founded_on=business_today(),
            application=case,
        ),
    )
