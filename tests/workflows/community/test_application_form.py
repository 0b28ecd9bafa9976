"""The application form as a guide: what the application needs and the deadline of its school year, refusals
next to the field they concern, and a private draft (保存草稿) of the unfinished form."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from audit.models import AuditEvent
from core.dates import business_today
from core.school_year import school_year_of
from forms.models import Draft
from tests.workflows.community.factories import HELP_FORM, draft, submitted
from workflows.community.actions import application_deadline
from workflows.community.form_help import AGREEMENT
from workflows.community.models import Application, Kind

pytestmark = pytest.mark.django_db
NEW = "/community/new/?kind=HELP_PROJECT"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def input_error(page: str, input_id: str) -> str:
    found = re.search(rf'<div class="error" id="{input_id}_error">(.*?)</div>\s*</div>', page, re.S)
    return found.group(1) if found else ""


def test_the_new_application_page_gives_the_rules_and_the_deadline_of_the_school_year(yuhuan):
    page = client_for(yuhuan.core_lead).get(NEW).content.decode()
    deadline = application_deadline(school_year_of(business_today()))
    assert f'<time datetime="{deadline.isoformat()}">' in page
    assert escape(str(AGREEMENT[Kind.HELP_PROJECT])) in page


def test_a_refused_application_shows_the_error_next_to_the_field_and_creates_nothing(yuhuan, unchanged):
    o = yuhuan
    form = {
        "kind": "HELP_PROJECT",
        "community": o.fusion.pk,
        "member_school": o.fusion_core.pk,  # the core school cannot be its own member school
        "school_year": 2026,
        "title": "同伴互助",
        **HELP_FORM,
    }
    core = client_for(o.core_lead)
    with unchanged():
        response = core.post("/community/new/", form)
    page = response.content.decode()
    assert response.status_code == 422 and "member_school_invalid" in page
    assert input_error(page, "id_member_school")
    form |= {"member_school": o.fusion_member.pk, "title": ""}
    with unchanged():
        response = core.post("/community/new/", form)
    assert response.status_code == 422 and input_error(response.content.decode(), "id_title")


def test_a_draft_of_the_new_application_is_private_and_cleared_when_the_application_is_created(yuhuan):
    o = yuhuan
    core, other = client_for(o.core_lead), client_for(o.member_lead)
    events = AuditEvent.objects.count()
    typed = {"kind": "HELP_PROJECT", "community": o.fusion.pk, "title": "同伴互助（未完）", "goals": "提升课堂达标率"}
    saved = core.post("/community/new/", {**typed, "intent": "save_draft"})
    assert saved.status_code == 302 and saved["Location"] == NEW
    assert not Application.objects.exists() and AuditEvent.objects.count() == events

    page = core.get(NEW).content.decode()
    assert "同伴互助（未完）" in page and "提升课堂达标率" in page
    response = other.get(NEW)
    other = response.content.decode()
    assert response.status_code == 200
    assert "同伴互助（未完）" not in other and "提升课堂达标率" not in other

    form = {**typed, "member_school": o.fusion_member.pk, "school_year": 2026, "title": "同伴互助", **HELP_FORM}
    assert core.post("/community/new/", form).status_code == 302
    assert not Draft.objects.exists()


def test_a_draft_of_an_edit_is_shown_to_its_author_only(yuhuan):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    url = f"/community/{application.pk}/"
    core = client_for(o.core_lead)
    saved = core.post(f"{url}act/edit/", {"intent": "save_draft", "measures": "每两周一次（草稿）"})
    assert saved.status_code == 302 and application.versions.count() == 1
    assert "每两周一次（草稿）" in core.get(f"{url}act/edit/").content.decode()  # the edit's own page
    other = client_for(o.member_lead)
    assert "每两周一次（草稿）" not in other.get(url).content.decode()
    assert "每两周一次（草稿）" not in other.get(f"{url}act/edit/").content.decode()
    assert core.post(f"{url}act/edit/", {**HELP_FORM, "measures": "每两周一次"}).status_code == 302
    assert application.versions.count() == 2 and not Draft.objects.exists()


def test_a_return_without_reasons_is_marked_on_the_reason_field(yuhuan):
    o = yuhuan
    application = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
    response = client_for(o.basic_edu).post(f"/community/{application.pk}/act/return/", {"reason": ""})
    assert response.status_code == 422 and input_error(response.content.decode(), "id_reason")
