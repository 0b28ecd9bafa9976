"""The application pages: a help project goes from the new-application page to filing, all by form posts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.workflows.community.factories import FEATURE_FORM, HELP_FORM, draft
from workflows.community.models import Application, Kind, Status

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post(user, application, action, data=None, status=302):
    response = client_for(user).post(f"/community/{application.pk}/act/{action}/", data or {})
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def test_a_help_project_through_the_pages(yuhuan):
    o = yuhuan
    core = client_for(o.core_lead)
    page = core.get("/community/new/?kind=HELP_PROJECT")
    assert page.status_code == 200 and "附件3" in page.content.decode()
    plan = SimpleUploadedFile("实施方案.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    form = {
        "kind": "HELP_PROJECT",
        "community": o.fusion.pk,
        "member_school": o.fusion_member.pk,
        "school_year": 2026,
        "title": "同伴互助",
        **HELP_FORM,
        "plan": plan,
    }
    response = core.post("/community/new/", form)
    assert response.status_code == 302
    application = Application.objects.get(title="同伴互助")
    post(o.core_lead, application, "send_for_agreement")
    post(o.core_lead, application, "confirm", {"comment": "同意"})
    post(o.member_lead, application, "confirm")
    post(o.core_lead, application, "submit")
    refused = post(o.basic_edu, application, "return", {"reason": ""}, status=422)
    assert "return_reason_required" in refused.content.decode()
    post(o.basic_edu, application, "file", {"filing_number": "玉教备-1", "filing_date": refused.context["today"]})
    application.refresh_from_db()
    assert application.stage == Status.FILED
    detail = client_for(o.auditor).get(f"/community/{application.pk}/").content.decode()
    assert "玉教备-1" in detail and "实施方案.pdf" in detail
    listing = client_for(o.basic_edu).get("/community/").content.decode()
    assert "同伴互助" in listing


def test_editing_on_the_page_adds_a_version_with_its_changes(yuhuan):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    post(o.core_lead, application, "edit", {**HELP_FORM, "measures": "每两周一次联合教研"})
    page = client_for(o.member_lead).get(f"/community/{application.pk}/").content.decode()
    assert "每两周一次联合教研" in page and "每月一次联合教研" in page  # the change: before → after
    assert application.versions.count() == 2


def test_a_collaboration_feature_plan_through_the_pages(yuhuan):
    o = yuhuan
    member = client_for(o.collab_member_lead)
    plan = SimpleUploadedFile("特色方案.pdf", b"%PDF-1.4 feature", content_type="application/pdf")
    form = {
        "kind": "FEATURE",
        "community": o.collab.pk,
        "member_school": o.collab_member.pk,
        "school_year": 2026,
        "title": "港湾研学",
        **FEATURE_FORM,
        "plan": plan,
    }
    assert member.post("/community/new/", form).status_code == 302
    application = Application.objects.get(title="港湾研学")
    refused = post(o.collab_member_lead, application, "submit", status=422)  # B1: no opinion yet
    assert "consultation_missing" in refused.content.decode()
    post(o.collab_member_lead, application, "request_consultation")
    opinion = SimpleUploadedFile("意见.pdf", b"%PDF-1.4 opinion", content_type="application/pdf")
    day = refused.context["today"]
    post(
        o.collab_core_lead, application, "record_consultation", {"opinion": "同意", "date": day, "attachment": opinion}
    )
    response = member.post(f"/community/{application.pk}/act/submit/", follow=True)
    follow = response.content.decode()
    assert "协作型共同体的特色发展申报予以备案，但不计分" in follow  # B4, shown in Chinese
    post(o.basic_edu, application, "file", {"filing_number": "玉教备-2", "filing_date": day})
    application.refresh_from_db()
    assert application.stage == Status.FILED and application.assessed is False
    assert application.consultations.get().attachment.original_name == "意见.pdf"


def test_a_confirmation_is_offered_only_to_the_school_whose_turn_it_is(yuhuan):
    o = yuhuan
    application = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    post(o.core_lead, application, "send_for_agreement")
    confirm = f'href="/community/{application.pk}/act/confirm/"'
    assert confirm in client_for(o.core_lead).get(f"/community/{application.pk}/").content.decode()
    post(o.core_lead, application, "confirm")
    assert confirm not in client_for(o.core_lead).get(f"/community/{application.pk}/").content.decode()  # decided
    assert confirm in client_for(o.member_lead).get(f"/community/{application.pk}/").content.decode()


def test_the_list_filters_by_kind_stage_year_and_community_and_ignores_bad_values(yuhuan):
    o = yuhuan
    help_project = draft(o, o.fusion_member, Kind.HELP_PROJECT)
    feature = draft(o, o.collab_member, Kind.FEATURE)
    bureau = client_for(o.basic_edu)

    def listed(**params) -> set[int]:
        return {application.pk for application in bureau.get("/community/", params).context["page"].object_list}

    assert listed() == {help_project.pk, feature.pk}
    assert listed(kind="FEATURE") == {feature.pk}
    assert listed(stage="DRAFT", year=2026, org=o.fusion.pk) == {help_project.pk}
    assert listed(year=2025) == listed(stage="FILED") == set()
    assert listed(kind="NO_SUCH", stage="late", year="soon") == {help_project.pk, feature.pk}
