"""Issue 18's browser journey: a process administrator of the bureau designs 示范课申报 (a choice 级别, a number 天数;
a conditional branch where 区级 goes to two named people in 会签 and the default branch is empty; a 抄送 node),
simulates it and publishes; a teacher starts it on a 375 px phone; both approvers act from 待办; the copied person
finds it in 抄送我的; the auditor reads the case's history and verifies the chain. Screenshots in
test-artifacts/designer-journey/ (axe-core and the other journey checks run on each)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from accounts.roles import Role
from audit.labels import action_name
from audit.models import VerificationRun
from designer.models import DefinitionVersion, DesignedCase, Stage
from tests.browser.journey import ROOT
from tests.factories import UserFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 812}
NAME = "示范课申报"


def _pick(scope, label: str, name: str) -> None:
    """A designer picker: type the name into the search box, choose the match."""
    scope.get_by_label(label).fill(name)
    scope.locator(".dz-result", has_text=name).first.click()


def _add_field(page: Page, kind: str | None, kind_name: str, label: str) -> None:
    """Choose the type (unless chosen already: kind None), add the field, name it and make it required."""
    form = page.locator("#form-canvas")
    if kind is not None:
        form.get_by_label("字段类型").select_option(kind)
    form.get_by_role("button", name="添加字段").click()
    expect(form.locator(".dz-field-row.is-selected .flow-summary")).to_have_text(kind_name)
    form.locator(".dz-field-editor").get_by_label("字段名称").fill(label)
    form.locator(".dz-field-editor").get_by_label("必填").check()


def _saved(page: Page) -> None:
    expect(page.locator("#designer-status")).to_have_text("草稿已保存", timeout=10000)


def _design(walk, page: Page, bureau, principal, director, clerk, teacher) -> None:
    page.goto(reverse("designer-list"))
    new = page.locator("#definition-new")
    new.locator("#id_new-name").fill(NAME)
    new.locator("#id_new-code").fill("demo-lesson")
    new.locator("#id_new-category").fill("教学")
    new.locator("#id_new-owner").select_option(str(bureau.pk))
    new.locator("#id_new-shared").check()
    walk.shot(page, "new-process")
    new.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/designer/\d+/$"))

    # 表单: 级别 (校级/区级) and 天数
    page.get_by_role("tab", name="表单").click()
    _add_field(page, "choice", "单选", "级别")
    page.locator("#form-canvas .dz-field-editor").get_by_label("选项（每行一个）").fill("校级\n区级")
    # the check of that change comes back while the next type is chosen (the focus out of the form, so the form
    # is drawn again): the type chosen stays chosen
    page.locator("main h1").click()
    with page.expect_response(lambda response: response.url.endswith(reverse("api-designer-validate"))):
        page.locator("#form-canvas").get_by_label("字段类型").select_option("number")
    _add_field(page, None, "数字", "天数")
    _saved(page)
    draft = DefinitionVersion.objects.get(definition__code="demo-lesson", number__isnull=True)
    fields = draft.document["form"]["fields"]
    assert [(f["type"], f["label"], f.get("options"), f["required"]) for f in fields] == [
        ("choice", "级别", ["校级", "区级"], True),
        ("number", "天数", None, True),
    ]
    walk.shot(page, "form")

    # 流程: a conditional branch; 区级 → 区级审核 (吴校长 and 钱主任, 会签); the default branch stays empty
    page.get_by_role("tab", name="流程").click()
    canvas = page.locator("#flow-canvas")
    panel = page.locator("#designer-panel")
    canvas.get_by_role("button", name="在流程开头添加节点").click()
    canvas.locator(".flow-menu:not([hidden]) button[data-type=condition]").click()
    canvas.locator(".flow-branch-head", has_text="条件1").click()
    panel.get_by_role("button", name="添加条件").click()
    panel.get_by_label("区级").check()
    expect(canvas.locator(".flow-branch-head", has_text="条件1")).to_contain_text("级别 属于 区级")

    canvas.get_by_role("button", name="在分支「条件1」开头添加节点").click()
    canvas.locator(".flow-menu:not([hidden]) button[data-type=approval]").click()
    panel.get_by_label("节点名称").fill("区级审核")
    panel.get_by_label("人员来源").select_option("people")
    _pick(panel, "查找成员", principal.real_name)
    _pick(panel, "查找成员", director.real_name)
    panel.get_by_label("会签（须全部同意）").check()
    card = canvas.locator(".flow-card.kind-approval")
    expect(card).to_contain_text("会签")
    expect(card).to_contain_text(principal.real_name)

    # after the branches: 抄送 to 孙干事
    canvas.locator(".flow-lane > ol > li.flow-split > .flow-gap .flow-add").first.click()
    canvas.locator(".flow-menu:not([hidden]) button[data-type=cc]").click()
    panel.get_by_label("人员来源").select_option("people")
    _pick(panel, "查找成员", clerk.real_name)
    expect(canvas.locator(".flow-card.kind-cc")).to_contain_text(clerk.real_name)
    expect(canvas.locator(".has-problem")).to_have_count(0)
    expect(page.locator("#designer-problems li")).to_have_count(0)
    _saved(page)
    walk.shot(page, "flow")
    draft = DefinitionVersion.objects.get(definition__code="demo-lesson", number__isnull=True).document
    assert [node["type"] for node in draft["nodes"]] == ["condition", "cc"]
    branches = draft["nodes"][0]["branches"]
    chosen = next(b for b in branches if not b.get("default"))
    assert [n["mode"] for n in chosen["nodes"]] == ["all"]
    assert sorted(chosen["nodes"][0]["who"]["people"]) == sorted([principal.pk, director.pk])
    assert next(b for b in branches if b.get("default"))["nodes"] == []

    # 模拟: the teacher starts it with 区级 — both approvers are on the path
    page.get_by_role("tab", name="模拟").click()
    sim = page.locator("#simulate-canvas")
    _pick(sim, "发起人", teacher.real_name)
    sim.get_by_label("级别").select_option("区级")
    sim.get_by_label("天数").fill("2")
    sim.get_by_role("button", name="运行模拟").click()
    visits = sim.locator(".dz-visits")
    expect(visits).to_contain_text("区级审核")
    expect(visits).to_contain_text(principal.real_name)
    expect(visits).to_contain_text(director.real_name)
    expect(visits).to_contain_text(clerk.real_name)
    assert not re.search(r"[A-Za-z]", visits.inner_text())  # kinds, modes and people in words, no code
    walk.shot(page, "simulated")

    page.locator("#designer-publish").click()
    expect(page.locator("#designer-status")).to_contain_text("已发布为第 1 版", timeout=10000)
    walk.shot(page, "published")
    assert DefinitionVersion.objects.filter(definition__code="demo-lesson", number=1).exists()


def _approve(walk, page: Page, case: DesignedCase, shot: str) -> None:
    page.goto(reverse("my-tasks"))
    row = page.locator("#task-list li.task-row").filter(has_text=case.title)
    expect(row).to_have_count(1)
    walk.shot(page, f"{shot}-tasks")
    row.locator("a").first.click()  # the step's action: its own page
    page.wait_for_url(re.compile(rf"/designed/{case.pk}/act/approve/"))
    expect(page.locator("main h1")).to_contain_text("区级审核")
    walk.shot(page, f"{shot}-step")
    page.locator("#step-approve button[type=submit].primary").click()
    expect(page.locator(".messages li.success")).to_be_visible()
    walk.shot(page, f"{shot}-approved")


def test_a_designed_process_from_the_designer_to_the_auditors_verified_chain(tree, journey):
    admin = UserFactory.create(real_name="方设计")
    grant(admin, tree.bureau, Role.PROCESS_ADMIN)
    teacher = UserFactory.create(real_name="周老师")
    grant(teacher, tree.school, Role.SCHOOL_DEPT)
    principal = UserFactory.create(real_name="吴校长")
    grant(principal, tree.school, Role.CORE_SCHOOL)
    director = UserFactory.create(real_name="钱主任")
    grant(director, tree.school, Role.SCHOOL_DEPT)
    clerk = UserFactory.create(real_name="孙干事")
    grant(clerk, tree.bureau, Role.BUREAU_BASIC_EDU)
    auditor = UserFactory.create(real_name="谢审计")
    grant(auditor, tree.bureau, Role.AUDITOR)
    walk = journey("designer-journey")
    walk.folder = ROOT / "test-artifacts" / "designer-journey"
    walk.folder.mkdir(parents=True, exist_ok=True)
    for old in walk.folder.glob("*.png"):
        old.unlink()

    # 1. the administrator designs, simulates and publishes
    designer = walk.person("administrator")
    walk.sign_in(designer, admin.username)
    _design(walk, designer, tree.bureau, principal, director, clerk, teacher)

    # 2. the teacher starts it on a phone
    phone = walk.person("teacher")
    phone.set_viewport_size(PHONE)
    walk.sign_in(phone, teacher.username)
    phone.goto(reverse("designed-start"))
    walk.shot(phone, "teacher-start-list")
    phone.locator("main a.tile", has_text=NAME).click()
    phone.get_by_label("级别").select_option("区级")
    phone.get_by_label("天数").fill("2")
    walk.shot(phone, "teacher-form")
    phone.locator("#start button[type=submit]").click()
    current = phone.locator(".flow-read .flow-card.is-current")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("区级审核")
    expect(current).to_have_attribute("aria-current", "step")
    expect(current.locator(".flow-waiting")).to_contain_text(f"{principal.real_name}、{director.real_name}")
    assert not re.search(r"[A-Za-z]", phone.locator(".flow-read").inner_text())
    walk.shot(phone, "teacher-case")
    case = DesignedCase.objects.get(definition__code="demo-lesson")
    assert case.initiator_id == teacher.pk and "区级" in case.values.values()

    # 3. both approvers act from 待办; then the case is 已通过 and the copied person has it
    for person, shot in ((principal, "principal"), (director, "director")):
        page = walk.person(person.real_name)
        walk.sign_in(page, person.username)
        _approve(walk, page, case, shot)
    case.refresh_from_db()
    assert case.stage == Stage.APPROVED
    phone.goto(reverse("designed-case", args=[case.pk]))
    with translation.override("zh-hans"):
        approved = str(Stage.APPROVED.label)  # 已通过 once the coordinator's catalogue is compiled
    assert approved != "Approved"
    expect(phone.locator("main h1")).to_contain_text(approved)
    walk.shot(phone, "teacher-case-approved")
    copied = walk.person(clerk.real_name)
    walk.sign_in(copied, clerk.username)
    copied.goto(reverse("my-tasks") + "?box=cc")
    expect(copied.locator("#task-list li.task-row").filter(has_text=case.title)).to_have_count(1)
    walk.shot(copied, "cc-box")

    # 4. the auditor reads the case's history in Chinese and verifies the chain
    reader = walk.person("auditor")
    walk.sign_in(reader, auditor.username)
    reader.goto(reverse("audit-case", args=["designed", case.pk]))
    events = reader.locator("main table tbody tr")
    expect(events.first).to_be_visible()
    actions = events.locator("td:nth-child(3)").all_inner_texts()  # the action and the states, in words
    actors = events.locator("td:nth-child(5)").all_inner_texts()  # who, in which role
    assert len(actions) >= 3, actions  # the start and two approvals
    for words in actions + actors:
        assert not re.search(r"[A-Za-z]", words), words  # no code: action, state and role names in Chinese
    with translation.override("zh-hans"):
        started = action_name("designed", "start")
    assert started in actions[0] and teacher.real_name in actors[0]
    approvers = [who.split("\n")[0] for what, who in zip(actions, actors, strict=True) if "同意" in what.split("\n")[0]]
    assert approvers == [principal.real_name, director.real_name], list(zip(actions, actors, strict=True))
    walk.shot(reader, "auditor-case-timeline")
    reader.goto(reverse("audit-console"))
    reader.locator(f'form[action="{reverse("audit-verify")}"] button').click()
    run = VerificationRun.objects.latest("pk")
    assert run.intact and run.checked >= 3
    expect(reader.locator("main")).to_contain_text(str(run.checked))
    walk.shot(reader, "auditor-chain-verified")
    walk.finish()
