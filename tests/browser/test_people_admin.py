"""People administration (issue 17 item 2), at desktop width and at 375 px: an organisation administrator adds a
person with their first role and prints their activation slip (QR code and code); the person opens the activation
page, types the code, chooses their own password, is signed in, and later signs in with it through the login form.
Every page is screenshot and checked with axe-core (tests/browser/journey.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.identity import make_id_number, mask_id_number
from accounts.models import Membership, User
from accounts.roles import Role
from audit.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
PASSWORD = "Osmanthus-2026-tea"
ID_NUMBER = make_id_number("330102", datetime.date(1996, 5, 6), 8)  # even sequence: a woman


@pytest.mark.parametrize("size", sorted(SIZES))
def test_an_administrator_adds_a_person_and_prints_the_code_and_the_person_activates_and_signs_in(
    tree, people, journey, size
):
    walk = journey(f"people-admin-{size}")
    admin = walk.person("administrator")
    admin.set_viewport_size(SIZES[size])
    walk.sign_in(admin, people.org_admin.username)
    admin.goto(reverse("people-list"))
    expect(admin.locator("main table")).to_contain_text(people.member.real_name)
    walk.shot(admin, "people-list")

    admin.locator(f'main a[href="{reverse("person-create")}"]').click()
    admin.locator("#id_username").fill("wang.fang")
    admin.locator("#id_real_name").fill("王芳")
    admin.locator("#id_gender").select_option("F")
    admin.locator("#id_phone").fill("12345")  # a typo: refused, nothing saved
    admin.locator("#id_organisation").select_option(str(tree.branch_a.pk))
    admin.locator("#id_role").select_option(Role.MEMBER)
    walk.shot(admin, "add-a-person")
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator(".field.has-error #id_phone")).to_be_visible()
    assert not User.objects.filter(username="wang.fang").exists()
    walk.shot(admin, "add-a-person-refused")
    admin.locator("#id_phone").fill("13912345678")
    admin.locator("#id_id_number").fill(ID_NUMBER)
    admin.locator("main form button[type=submit]").click()
    person = User.objects.get(username="wang.fang")
    admin.wait_for_url(re.compile(rf"/people/{person.pk}/$"))
    assert Membership.objects.get(user=person).organisation == tree.branch_a
    expect(admin.locator("main")).to_contain_text(mask_id_number(ID_NUMBER))  # masked once entered
    expect(admin.locator("main")).not_to_contain_text(ID_NUMBER)
    walk.shot(admin, "person-added")

    # Showing the whole number is a deliberate act, on the audit trail.
    admin.locator(f'main form[action="{reverse("person-identity", args=[person.pk])}"] button').click()
    expect(admin.locator("main dl")).to_contain_text(ID_NUMBER)
    assert AuditEvent.objects.filter(action="read_identity", actor=people.org_admin).count() == 1
    walk.shot(admin, "id-number-shown")
    admin.goto(reverse("person-detail", args=[person.pk]))

    admin.locator(f'main form[action="{reverse("people-activation")}"] button[value=print]').click()
    expect(admin.locator(".slip")).to_have_count(1)
    expect(admin.locator(".slip svg")).to_be_visible()  # the QR code, drawn by the server
    code = admin.locator(".slip .code").inner_text()
    link = admin.locator(".slip-url a").get_attribute("href")
    assert re.fullmatch(r"[2-9A-Z]{4}(-[2-9A-Z]{4}){3}", code) and link.endswith(f"/activate/{code}/")
    walk.shot(admin, "activation-slip")

    newcomer = walk.person("newcomer")
    newcomer.set_viewport_size(SIZES[size])
    newcomer.goto(reverse("login"))  # where a newcomer arrives: the sign-in page leads to activation
    walk.shot(newcomer, "sign-in-leads-to-activation")
    newcomer.locator(f'main a[href="{reverse("activate-start")}"]').click()
    newcomer.wait_for_url(re.compile(r"/activate/$"))
    newcomer.locator("#id_code").fill(code.replace("-", "").lower())  # as typed from the slip
    walk.shot(newcomer, "type-the-code")
    newcomer.locator("main form button[type=submit]").click()
    newcomer.wait_for_url(re.compile(r"/activate/[2-9A-Z-]+/$"))
    expect(newcomer.locator("main")).to_contain_text("wang.fang")
    newcomer.locator("#id_new_password1").fill("short")
    newcomer.locator("#id_new_password2").fill("short")
    newcomer.locator("main form button[type=submit]").click()
    expect(newcomer.locator(".field.has-error").first).to_be_visible()  # Django's password rules apply
    walk.shot(newcomer, "password-refused")
    newcomer.locator("#id_new_password1").fill(PASSWORD)
    newcomer.locator("#id_new_password2").fill(PASSWORD)
    newcomer.locator("main form button[type=submit]").click()
    newcomer.wait_for_url(lambda url: "/activate/" not in url)
    expect(newcomer.locator(".messages li.success")).to_be_visible()
    expect(newcomer.locator(".topbar .who")).to_have_text("王芳")
    walk.shot(newcomer, "signed-in")

    # Later, in a new session, the person signs in with the password only they know.
    newcomer.context.clear_cookies()
    newcomer.goto(reverse("login"))
    newcomer.locator("#id_username").fill("wang.fang")
    newcomer.locator("#id_password").fill(PASSWORD)
    newcomer.locator("main form button[type=submit]").click()
    newcomer.wait_for_url(lambda url: "/login/" not in url)
    expect(newcomer.locator(".topbar .who")).to_have_text("王芳")

    admin.goto(reverse("person-detail", args=[person.pk]))
    expect(admin.locator("main")).to_contain_text(str(Role.MEMBER.label))
    walk.shot(admin, "person-signs-in")
    # The two refused submissions answer 422 on purpose (the form again, with its errors); Chromium logs each as a
    # failed load. Anything else the journey saw still fails it.
    origin = link.split("/activate/")[0]
    refused = [f"status of 422 (Unprocessable Content) ({url})" for url in (origin + reverse("person-create"), link)]
    walk.problems = [p for p in walk.problems if not any(p.endswith(r) for r in refused)]
    walk.finish()
