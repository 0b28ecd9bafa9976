"""Issue 19's browser journey for activity records: a teacher records a 听课 on a 375 px phone (the kind's big button,
class and subject, the record, suggestions and reflection, a photo as evidence, one submit); the 党小组长 confirms it
from 待确认; the branch secretary sees the school's progress chart (desktop and phone). Screenshots in
test-artifacts/programme-records/ (axe-core and the other journey checks run on each)."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from core.dates import business_today
from programmes.models import Direction, Participant, ParticipantStatus
from programmes.records.models import ActivityRecord, RecordStatus
from tests.browser.journey import ROOT
from tests.factories import OrganisationFactory, UserFactory, grant
from tests.programmes.records.conftest import make_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 812}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PNG += b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"


def test_a_teacher_records_on_a_phone_the_group_leader_confirms_the_secretary_sees_the_chart(tree, journey):
    today = business_today()
    group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=tree.branch_a, name="低段语文党小组")
    secretary = UserFactory.create(real_name="林晓红")
    grant(secretary, tree.branch_a, Role.BRANCH_SECRETARY)
    leader = UserFactory.create(real_name="赵敏")
    grant(leader, group, Role.PARTY_GROUP)
    teacher = UserFactory.create(real_name="周海涛")
    grant(teacher, tree.branch_a, Role.MEMBER)
    # a programme whose first term holds today, whatever day the journey runs
    terms = [(today - datetime.timedelta(days=60), today + datetime.timedelta(days=60))]
    programme = make_programme(tree.branch_a, secretary, year=today.year, terms=terms)
    Participant.objects.create(
        programme=programme,
        person=teacher,
        direction=Direction.TO_BACKBONE,
        status=ParticipantStatus.LISTED,
        responsible=leader,
        added_by=secretary,
    )
    walk = journey("programme-records")
    walk.folder = ROOT / "test-artifacts" / "programme-records"
    walk.folder.mkdir(parents=True, exist_ok=True)
    for old in walk.folder.glob("*.png"):
        old.unlink()

    # 1. the teacher, on a phone: pick 听课, fill it in, add a photo, submit
    phone = walk.person("teacher")
    phone.set_viewport_size(PHONE)
    walk.sign_in(phone, teacher.username)
    phone.goto(reverse("programmes-records-new"))
    walk.shot(phone, "teacher-pick-kind")
    phone.locator("a.kind-button[href$='kind=OBSERVATION']").click()
    form = phone.locator("#record-form")
    expect(form.locator("#id_date")).to_have_value(today.isoformat())
    form.locator("#id_class_name").fill("二(1)班")
    form.locator("#id_subject").fill("语文")
    form.locator("#id_topic").fill("《秋天》")
    form.locator("#id_notes").fill("导入自然，学生朗读积极。")
    form.locator("#id_suggestions").fill("小组合作前明确分工。")
    form.locator("#id_reflection").fill("识字环节可以借鉴游戏化设计。")
    form.locator("#id_evidence").set_input_files(files=[{"name": "课堂.png", "mimeType": "image/png", "buffer": PNG}])
    walk.shot(phone, "teacher-observation-form")
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the form is wider than the phone: {width}px"
    form.locator("button[type=submit]").click()
    phone.wait_for_url(re.compile(reverse("programmes-records-mine") + "$"))
    expect(phone.locator(".messages li.success")).to_be_visible()
    walk.shot(phone, "teacher-recorded")
    record = ActivityRecord.objects.get(person=teacher)
    assert record.status == RecordStatus.SUBMITTED and record.evidence.count() == 1
    assert record.details["class_name"] == "二(1)班"

    # 2. the 党小组长 confirms it from 待确认
    desk = walk.person("group leader")
    walk.sign_in(desk, leader.username)
    desk.goto(reverse("programmes-records-inbox"))
    row = desk.locator("#records-inbox .inbox-row").filter(has_text="周海涛")
    expect(row).to_have_count(1)
    walk.shot(desk, "leader-inbox")
    row.locator("a").click()
    desk.wait_for_url(re.compile(rf"/programmes/records/{record.pk}/$"))
    expect(desk.locator("main")).to_contain_text("识字环节可以借鉴游戏化设计。")
    walk.shot(desk, "leader-record")
    desk.locator("#record-confirm button[type=submit]").click()
    expect(desk.locator(".messages li.success")).to_be_visible()
    record.refresh_from_db()
    assert (record.status, record.decided_by_id) == (RecordStatus.CONFIRMED, leader.pk)
    walk.shot(desk, "leader-confirmed")

    # 3. the secretary sees the school's progress chart, on a desktop and on a phone
    office = walk.person("secretary")
    walk.sign_in(office, secretary.username)
    office.goto(reverse("programmes-records-school", args=[programme.pk]))
    chart = office.locator(".records-chart")
    expect(chart.locator("svg.chart-bar").first).to_be_visible()
    expect(chart.locator("#records-chart-table")).to_contain_text("1")
    expect(office.locator("#progress-table")).to_contain_text("周海涛")
    walk.shot(office, "secretary-progress-chart")
    office.set_viewport_size(PHONE)
    office.reload()
    walk.shot(office, "secretary-progress-chart-phone")
    walk.finish()
