"""Journey (issue 16 item 2): a teacher appointed to an evaluation's inspection team (督查组) gets the on-site check in
待办 while the page is open, the moment the leading group appoints them, and records it from there; then the panel
member, on a phone, enters the panel's scores on the score sheet (one row per indicator) from the case page."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import expect
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from tests.workflows.community.factories import ensure_forms
from tests.workflows.evaluation.conftest import ON_TIME, act, file_year, open_year, project, score_items
from workflows.evaluation.models import ProjectStatus, SchemeVersion, Track

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def self_evaluated(yuhuan):
    """The 城关 community's year, whose first pair's help project the core school has self-evaluated: the leading
    group has the appointment in its 待办, nobody is appointed yet."""
    o = yuhuan
    ensure_forms()  # a transactional test's flush removes what the migrations installed
    if not SchemeVersion.objects.filter(is_default=True).exists():
        importlib.import_module("workflows.evaluation.migrations.0002_default_scheme").install(django_apps, None)
    file_year(o, o.fusion)
    case = open_year(o, o.fusion)
    target = project(case, o.fusion_member, Track.PROJECT)
    payload = {"project_id": target.pk, "scores": score_items(case, Track.PROJECT, 32), "summary": "自评报告"}
    act(case, "self_evaluate", o.core_lead, payload, ON_TIME["year_end"])
    return SimpleNamespace(o=o, case=case, target=target)


def test_an_appointed_inspector_gets_the_on_site_check_live_and_records_it(self_evaluated, journey):
    o, case, target = self_evaluated.o, self_evaluated.case, self_evaluated.target
    walk = journey("evaluation-inspector")
    inspector = walk.person("inspector")
    walk.sign_in(inspector, o.inspector.username)
    inspector.locator(f'nav a[href="{reverse("my-tasks")}"]').click()
    rows = inspector.locator("#task-list li.task-row")
    expect(rows).to_have_count(0)  # nothing to do yet
    walk.shot(inspector, "inspector-inbox-empty")
    inspector.evaluate("() => { window.stayedOnPage = true; }")

    # The leading group finds the appointment in its own 待办 and appoints the teacher and a panel member.
    leading = walk.person("leading group")
    walk.sign_in(leading, o.leading.username)
    leading.locator(f'nav a[href="{reverse("my-tasks")}"]').click()
    appoint_row = leading.locator("#task-list li.task-row").filter(has_text=o.fusion_member.name)
    expect(appoint_row).to_have_count(1)
    walk.shot(leading, "leading-group-inbox")
    appoint_row.locator(".task-main a").first.click()
    leading.wait_for_url(re.compile(rf"/evaluation/{case.pk}/act/appoint/"))
    leading.locator(f'input[name="inspector_ids"][value="{o.inspector.pk}"]').check()
    leading.locator(f'input[name="panel_ids"][value="{o.basic_edu2.pk}"]').check()
    walk.shot(leading, "appointment-form")
    leading.locator("main form button[type=submit].primary").click()
    expect(leading.locator(".messages li.success")).to_be_visible()

    # The inspector's open page updates itself: the step, its notice and the 待办 count arrive over the websocket.
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text(o.fusion_member.name)
    expect(inspector.locator('nav [data-count="todo"]')).to_have_text("1")
    assert inspector.evaluate("() => window.stayedOnPage === true")  # no reload
    walk.shot(inspector, "inspector-inbox-live-arrival")

    # From the row to the form of this very evaluation, and the visit recorded.
    row.locator(".task-main a").first.click()
    inspector.wait_for_url(re.compile(rf"/evaluation/{case.pk}/act/record_visit/\?project_id={target.pk}"))
    walk.shot(inspector, "on-site-check-form")
    inspector.locator("#id_findings").fill("台账齐全，课堂开放周资料完整")
    for box in inspector.locator('input[type="checkbox"][name^="checklist__"][name$="__verified"]').all():
        box.check()
    inspector.locator("main form button[type=submit].primary").click()
    inspector.wait_for_url(re.compile(rf"/evaluation/{case.pk}/$"))
    expect(inspector.locator(".messages li.success")).to_be_visible()
    walk.shot(inspector, "on-site-check-recorded")

    inspector.locator(f'nav a[href="{reverse("my-tasks")}"]').click()
    expect(rows).to_have_count(0)
    walk.shot(inspector, "inspector-inbox-done")
    step = Task.objects.get(process__evaluationprocess__case=case, flow_task_type="HUMAN", owner=o.inspector)
    assert step.status == STATUS.DONE and step.flow_task.name == "record_visit"
    events = AuditEvent.objects.filter(process="evaluation", case_id=case.pk, action="record_visit")
    assert events.count() == 1 and events.get().actor_id == o.inspector.pk
    assert project(case, o.fusion_member, Track.PROJECT).status == ProjectStatus.PANEL_REVIEW

    # The panel member, on a phone: the case page offers the score sheet of this very track.
    panel = walk.person("panel member")
    panel.set_viewport_size({"width": 375, "height": 740})
    walk.sign_in(panel, o.basic_edu2.username)
    panel.goto(reverse("evaluation-case", args=[case.pk]))
    walk.shot(panel, "case-page-phone")
    panel.locator(f'#actions a[href$="/act/panel_score/?project_id={target.pk}"]').click()
    walk.shot(panel, "score-sheet-phone")
    sheet = panel.locator('input[name^="scores__"][name$="__score"]')
    expect(sheet).to_have_count(len(score_items(case, Track.PROJECT, 30)))
    for row in sheet.all():
        row.fill("5")
    panel.locator("main form button[type=submit].primary").click()
    panel.wait_for_url(re.compile(rf"/evaluation/{case.pk}/$"))
    expect(panel.locator(".messages li.success")).to_be_visible()
    walk.shot(panel, "panel-scores-entered-phone")
    assert AuditEvent.objects.filter(process="evaluation", case_id=case.pk, action="panel_score").count() == 1
    walk.finish()
