"""The person and organisation pickers in a real browser, by keyboard only (issue 17 item 3): a bureau reviewer hands
their place in a review (转交) to one of two colleagues of the same name, found by pinyin initials and told apart by
the tail of the phone number; then narrows the bureau dashboard to a community found in the organisation tree by its
pinyin initials. axe-core runs on every screenshot (tests/browser/journey.py); desktop and 375 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import UserFactory, grant
from tests.workflows.community.factories import ensure_forms, open_task, submitted
from workflows.community.models import Kind
from workflows.models import ApprovalSlot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def test_a_reviewer_finds_one_of_two_namesakes_by_pinyin_and_phone_tail_and_hands_over(yuhuan, journey):
    ensure_forms()
    application = submitted(yuhuan, yuhuan.fusion_member, Kind.FEATURE)
    review = open_task(application, "review")
    namesakes = [UserFactory(real_name="周新", phone=f"1390000{n:04d}") for n in (1111, 2222)]
    for person in namesakes:
        grant(person, yuhuan.bureau, Role.BUREAU_BASIC_EDU)
    walk = journey("pickers")

    reviewer = walk.person("reviewer")
    walk.sign_in(reviewer, yuhuan.basic_edu.username)
    reviewer.goto(reverse("community-application", args=[application.pk]))
    copies = reviewer.locator("details.cc-list")  # 抄送: the people around the case's organisation, a long list
    copies.locator("summary").click()
    find = copies.get_by_role("searchbox", name=re.compile("查找|Find"))
    find.fill("zx")
    rows = copies.locator('input[name="user"]')
    expect(rows.filter(visible=True)).to_have_count(2)
    assert rows.count() > 2
    expect(copies.get_by_role("status")).to_contain_text(re.compile(rf"2 / 共 {rows.count()}|2 of {rows.count()}"))
    walk.shot(reviewer, "copy-list-searched")
    copies.locator("summary").click()
    card = reviewer.locator(f"#step-{review.pk}")
    card.locator("details", has=reviewer.locator('select[name="to_user_id"]')).locator("summary").click()
    combobox = card.get_by_role("combobox", name=re.compile("转交给|Hand over to"))
    combobox.focus()
    combobox.press_sequentially("zx")
    listbox = card.get_by_role("listbox")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    labels = options.all_inner_texts()
    assert labels[0] != labels[1] and all("周新" in label and "玉环" in label for label in labels)
    assert {label[-4:] for label in labels} == {"1111", "2222"}
    expect(card.get_by_role("status")).to_contain_text("2")
    walk.shot(reviewer, "two-namesakes-told-apart")  # its checks move the focus away: the unfinished search goes
    combobox.press_sequentially("zx")
    combobox.press("Escape")  # closes the list, keeps nothing half-typed
    expect(listbox).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")
    combobox.press_sequentially("zx 2222")
    expect(options).to_have_count(1)
    combobox.press("ArrowDown")
    combobox.press("Enter")
    expect(combobox).to_have_value(re.compile("周新.*2222"))
    expect(card.locator('select[name="to_user_id"]')).to_have_value(str(namesakes[1].pk))
    expect(listbox).to_be_hidden()
    reviewer.keyboard.press("Tab")
    reviewer.keyboard.type("回避：曾指导该校特色课程")
    reviewer.set_viewport_size(PHONE)
    walk.shot(reviewer, "namesake-chosen-phone")
    reviewer.set_viewport_size(DESKTOP)
    card.locator('form[action$="/transfer/"] button[type=submit]').click()
    expect(reviewer.locator(".messages li.success")).to_be_visible()
    places = dict(ApprovalSlot.objects.filter(approval__task=review).values_list("user_id", "status"))
    assert places[namesakes[1].pk] == "active" and namesakes[0].pk not in places

    reviewer.goto(reverse("dashboard-bureau"))
    organisation = reviewer.get_by_role("combobox", name=re.compile("组织|Organisation"))
    organisation.press_sequentially("cgjy")  # 城关教育共同体
    found = reviewer.locator("form.filters").get_by_role("listbox").get_by_role("option")
    expect(found).to_have_count(1)
    expect(found).to_have_text("城关教育共同体")  # below the bureau, which is offered too
    walk.shot(reviewer, "organisation-tree-picker")  # its checks move the focus away: the unfinished search goes
    expect(organisation).to_have_value("")
    organisation.press_sequentially("cgjy")
    organisation.press("Enter")
    expect(reviewer.locator("#f-org")).to_have_value(str(yuhuan.fusion.pk))
    reviewer.locator("form.filters button[type=submit]").click()
    reviewer.wait_for_url(re.compile(r"org=\d+"))
    expect(reviewer.get_by_role("combobox", name=re.compile("组织|Organisation"))).not_to_have_value("")
    reviewer.set_viewport_size(PHONE)
    walk.shot(reviewer, "dashboard-narrowed-phone")
    walk.finish()
