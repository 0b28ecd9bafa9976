"""The designer page in a real browser (issue 18 item 7): a process administrator adds an approval node and a
conditional branch with a condition on a choice field, sees the draft saved and checked, simulates a start by a
teacher and publishes; desktop and 375 px. The 发起人 panel hides a field from the initiator (settings.fields), and
the simulation then asks only for what the initiator fills in. Screenshots in test-artifacts/designer/ (axe-core
runs on each)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from designer import services
from designer.models import DefinitionVersion
from tests.browser.journey import ROOT
from tests.factories import UserFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 812}
DOCUMENT = {
    "format": 1,
    "form": {
        "fields": [{"key": "level", "type": "choice", "label": "级别", "required": True, "options": ["校级", "区级"]}]
    },
    "nodes": [],
    "settings": {"withdraw": True},
}


def _drag(page, handle, target):
    """Drag by the mouse, in steps (SortableJS follows the pointer)."""
    start, end = handle.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 4, start["y"] + 4)
    page.mouse.down()
    goal = end["y"] + end["height"] * 0.75
    for step in range(1, 16):
        page.mouse.move(start["x"] + 4, start["y"] + 4 + (goal - start["y"] - 4) * step / 15)
        page.wait_for_timeout(30)  # a pointer moves over time; SortableJS reacts per animation frame
    page.mouse.up()


def test_an_administrator_builds_a_branching_process_simulates_it_and_publishes(tree, journey):
    designer = UserFactory(real_name="方设计")
    grant(designer, tree.school, Role.PROCESS_ADMIN)
    teacher = UserFactory(real_name="周老师")
    grant(teacher, tree.school, Role.SCHOOL_DEPT)
    principal = UserFactory(real_name="吴校长")
    grant(principal, tree.school, Role.CORE_SCHOOL)
    definition = services.definition_create(
        actor=designer, owner=tree.school, code="training", name="外出培训申请", document=DOCUMENT
    )
    walk = journey("designer")
    walk.folder = ROOT / "test-artifacts" / "designer"
    walk.folder.mkdir(parents=True, exist_ok=True)
    for old in walk.folder.glob("*.png"):
        old.unlink()

    page = walk.person("designer")
    walk.sign_in(page, designer.username)
    page.goto(reverse("designer-edit", args=[definition.pk]))
    canvas = page.locator("#flow-canvas")
    expect(canvas.locator(".flow-start")).to_contain_text("发起人")

    # + → 审批人: the node appears with who acts in words, and the side panel opens on its name
    canvas.get_by_role("button", name="在流程开头添加节点").click()
    canvas.locator(".flow-menu:not([hidden]) button[data-type=approval]").click()
    card = canvas.locator(".flow-card.kind-approval")
    expect(card).to_contain_text("依次审批 · 主管（向上1级）")
    panel = page.locator("#designer-panel")
    expect(panel.get_by_label("节点名称")).to_be_focused()
    panel.get_by_label("节点名称").fill("校长审批")
    panel.get_by_label("会签（须全部同意）").check()
    expect(card).to_contain_text("会签 · 主管（向上1级）")

    # a 抄送人 put first, then dragged (by its handle) below 校长审批
    canvas.get_by_role("button", name="在流程开头添加节点").click()
    canvas.locator(".flow-menu:not([hidden]) button[data-type=cc]").click()
    expect(canvas.locator(".flow-main ~ .flow-lane .flow-card")).to_have_count(2)
    _drag(page, canvas.locator(".flow-card.kind-cc .flow-handle"), canvas.locator(".flow-card.kind-approval"))
    expect(canvas.locator(".flow-card").nth(1)).to_contain_text("校长审批")
    expect(canvas.locator(".flow-card").nth(2)).to_contain_text("发起人本人")

    # + after 校长审批 → 条件分支, then the first branch gets a condition on 级别
    canvas.get_by_role("button", name="在「校长审批」之后添加节点").click()
    canvas.locator(".flow-menu:not([hidden]) button[data-type=condition]").click()
    expect(canvas.locator(".flow-branch")).to_have_count(2)
    # live validation: the new branch has no condition yet, and its column says so in words
    unmet = canvas.locator(".flow-branch", has=page.locator(".flow-branch-head.has-problem"))
    expect(unmet).to_have_count(1)
    expect(unmet.locator(".flow-note")).not_to_be_empty()
    expect(page.locator("#designer-problems li")).to_have_count(1)
    canvas.locator(".flow-branch-head", has_text="条件1").click()
    expect(panel.locator(".dz-problems li")).to_have_count(1)  # the panel names it too
    panel.get_by_role("button", name="添加条件").click()
    panel.get_by_label("区级").check()
    expect(canvas.locator(".flow-branch-head", has_text="条件1")).to_contain_text("级别 属于 区级")
    expect(canvas.locator(".has-problem")).to_have_count(0)
    expect(panel.locator(".dz-problems li")).to_have_count(0)
    expect(page.locator("#designer-problems li")).to_have_count(0)
    expect(page.locator("#designer-status")).to_have_text("草稿已保存", timeout=10000)
    walk.shot(page, "flow-with-branch")
    saved = DefinitionVersion.objects.get(definition=definition, number__isnull=True).document
    assert [node["type"] for node in saved["nodes"]] == ["approval", "condition", "cc"]
    branch = next(b for b in saved["nodes"][1]["branches"] if not b.get("default"))
    assert branch["when"] == {"all": [{"field": "level", "op": "in", "value": ["区级"]}]}
    assert saved["nodes"][0]["mode"] == "all"

    # 表单: a money field added and named
    page.get_by_role("tab", name=re.compile("表单|Form")).click()
    form = page.locator("#form-canvas")
    form.get_by_label("字段类型").select_option("money")
    form.get_by_role("button", name="添加字段").click()
    form.locator(".dz-field-editor").get_by_label("字段名称").fill("预算")
    form.locator(".dz-field-editor").get_by_label("最大值").fill("5000")
    walk.shot(page, "form")
    expect(page.locator("#designer-status")).to_have_text("草稿已保存", timeout=10000)
    fields = DefinitionVersion.objects.get(definition=definition, number__isnull=True).document["form"]["fields"]
    assert [(f["type"], f["label"], f.get("max")) for f in fields] == [
        ("choice", "级别", None),
        ("money", "预算", "5000"),
    ]

    # 发起人: 预算 is filled in later (hidden from the initiator); only that key is stored in settings.fields
    page.get_by_role("tab", name=re.compile("流程|Flow")).click()
    canvas.locator(".flow-start .flow-open").click()
    expect(panel.locator("#designer-panel-title")).to_have_text("发起人")
    expect(panel.get_by_label("「级别」的权限")).to_have_value("edit")
    panel.get_by_label("「预算」的权限").select_option("hidden")
    expect(canvas.locator(".flow-start")).to_contain_text("1 个字段发起时不填")
    expect(page.locator("#designer-status")).to_have_text("草稿已保存", timeout=10000)
    walk.shot(page, "initiator-fields")
    saved = DefinitionVersion.objects.get(definition=definition, number__isnull=True).document
    budget = next(f["key"] for f in saved["form"]["fields"] if f["label"] == "预算")
    assert saved["settings"] == {"withdraw": True, "fields": {budget: "hidden"}}

    # 模拟: the teacher starts it, filling in only what an initiator fills; the principal would approve
    page.get_by_role("tab", name=re.compile("模拟|Simulate")).click()
    sim = page.locator("#simulate-canvas")
    expect(sim.get_by_label("预算")).to_have_count(0)
    expect(sim.locator(".dz-sim-note")).to_be_visible()
    sim.get_by_label("发起人").fill("周老师")
    sim.get_by_role("button", name=re.compile("周老师")).click()
    sim.get_by_label("级别").select_option("区级")
    sim.get_by_role("button", name="运行模拟").click()
    visits = sim.locator(".dz-visits")
    expect(visits).to_contain_text("校长审批")
    expect(visits).to_contain_text("吴校长")
    walk.shot(page, "simulated")

    # 375 px: the panel is a sheet over the flow
    page.set_viewport_size(PHONE)
    page.get_by_role("tab", name=re.compile("流程|Flow")).click()
    panel.get_by_role("button", name=re.compile("关闭|Close")).click()  # the branch chosen before
    canvas.locator(".flow-card.kind-approval .flow-open").click()
    expect(panel).to_be_visible()
    expect(panel.get_by_label("节点名称")).to_have_value("校长审批")
    walk.shot(page, "node-panel-phone")
    panel.get_by_role("button", name=re.compile("关闭|Close")).click()
    expect(panel).to_be_hidden()

    page.locator("#designer-publish").click()
    expect(page.locator("#designer-status")).to_contain_text("已发布为第 1 版", timeout=10000)
    assert DefinitionVersion.objects.filter(definition=definition, number=1).exists()
    walk.shot(page, "published-phone")
    walk.finish()
