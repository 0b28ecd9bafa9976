"""Process B applications built through the real services, for Process B and C tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from forms.services import attachment_create
from workflows.community.models import Application, Kind
from workflows.kit import engine
from workflows.kit.engine import start_case


def run_action(**call):
    """The kit's engine on a Process B application."""
    return engine.run_action(process="community", **call)


def open_task(application, node: str):
    return engine.open_task(engine.PROCESS_TYPES["community"], application, node)


HELP_FORM = {
    "project_name": "青年教师同伴互助",
    "goals": "一年内成员校青年教师课堂达标率提升",
    "content": "结对上课、同课异构",
    "measures": "每月一次联合教研",
    "schedule": "第一学期启动，第二学期展示",
    "responsible": "马俊、朱红梅",
}
FEATURE_FORM = {
    "direction": "海洋文化特色课程",
    "basis": "已有海洋文化社团",
    "goals": "形成校本课程",
    "measures": "开发三门拓展课",
    "schedule": "学年内完成",
    "responsible": "朱红梅",
}


def pdf(user, name="plan.pdf") -> int:
    upload = SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), content_type="application/pdf")
    return attachment_create(uploaded_by=user, upload=upload).pk


def leads(o, member_school):
    """(core lead, member lead) of the pair in the ``yuhuan`` fixture."""
    core_lead = o.core_lead if member_school.path.startswith(o.fusion.path) else o.collab_core_lead
    by_school = {
        o.fusion_member.pk: o.member_lead,
        o.fusion_member2.pk: o.member2_lead,
        o.collab_member.pk: o.collab_member_lead,
    }
    return core_lead, by_school[member_school.pk]


def draft(o, member_school, kind, school_year=2026, *, with_plan=True, today=None):
    core_lead, member_lead = leads(o, member_school)
    owner = core_lead if kind == Kind.HELP_PROJECT else member_lead
    community = o.fusion if member_school.path.startswith(o.fusion.path) else o.collab
    payload = {
        "kind": kind,
        "community": community.pk,
        "member_school": member_school.pk,
        "school_year": school_year,
        "title": "帮扶项目" if kind == Kind.HELP_PROJECT else "特色发展",
        "form": HELP_FORM if kind == Kind.HELP_PROJECT else FEATURE_FORM,
    }
    if with_plan:
        payload["plan_id"] = pdf(owner)
    return start_case(process="community", actor=owner, payload=payload, today=today).case


def ready_to_submit(o, member_school, kind, school_year=2026, today=None):
    """Drafted, then jointly agreed (help project) or consulted (feature plan)."""
    core_lead, member_lead = leads(o, member_school)
    application = draft(o, member_school, kind, school_year, today=today)
    if kind == Kind.HELP_PROJECT:
        run_action(case_id=application.pk, code="send_for_agreement", actor=core_lead, payload={}, today=today)
        run_action(case_id=application.pk, code="confirm", actor=core_lead, payload={}, today=today)
        run_action(case_id=application.pk, code="confirm", actor=member_lead, payload={}, today=today)
    else:
        run_action(case_id=application.pk, code="request_consultation", actor=member_lead, payload={}, today=today)
        day = (today or datetime.date(school_year, 9, 10)).isoformat()
        opinion = {"opinion": "同意该特色方向", "date": day}
        run_action(case_id=application.pk, code="record_consultation", actor=core_lead, payload=opinion, today=today)
    application.refresh_from_db()
    return application


def submitted(o, member_school, kind, school_year=2026, today=None):
    core_lead, member_lead = leads(o, member_school)
    application = ready_to_submit(o, member_school, kind, school_year, today)
    owner = core_lead if kind == Kind.HELP_PROJECT else member_lead
    run_action(case_id=application.pk, code="submit", actor=owner, payload={}, today=today)
    application.refresh_from_db()
    return application


def filed_application(o, member_school, kind, school_year=2026, today=None):
    """An application of the pair (the community's core school and ``member_school``) filed by the bureau."""
    today = today or datetime.date(school_year, 9, 20)
    application = submitted(o, member_school, kind, school_year, today)
    number = f"YH-{school_year}-{application.pk}"
    payload = {"filing_number": number, "filing_date": today.isoformat()}
    run_action(case_id=application.pk, code="file", actor=o.basic_edu, payload=payload, today=today)
    application.refresh_from_db()
    return application


def file_over_http(o, member_school, kind, school_year=2026, *, pages=False):
    """The same as ``filed_application``, every step through the API (or the pages): create, agree or consult,
    submit, file. Business dates are the clock's (the caller sets it)."""
    from django.test import Client
    from rest_framework.test import APIClient

    core_lead, member_lead = leads(o, member_school)
    owner = core_lead if kind == Kind.HELP_PROJECT else member_lead
    community = o.fusion if member_school.path.startswith(o.fusion.path) else o.collab
    form = HELP_FORM if kind == Kind.HELP_PROJECT else FEATURE_FORM
    collection = "projects" if kind == Kind.HELP_PROJECT else "features"

    def as_user(user):
        client = Client() if pages else APIClient()
        client.force_login(user) if pages else client.force_authenticate(user)
        return client

    def act(user, pk, action, data=None):
        if pages:
            response = as_user(user).post(f"/community/{pk}/act/{action}/", data or {})
            assert response.status_code == 302, response.content.decode()[:500]
        else:
            response = as_user(user).post(
                f"/api/v1/community/{collection}/{pk}/actions/{action}/", data or {}, format="json"
            )
            assert response.status_code == 200, response.json()

    payload = {"community": community.pk, "member_school": member_school.pk, "school_year": school_year, "title": "x"}
    if pages:
        upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
        response = as_user(owner).post("/community/new/", {**payload, "kind": kind, **form, "plan": upload})
        assert response.status_code == 302, response.content.decode()[:500]
        pk = int(response.url.strip("/").split("/")[-1])
    else:
        body = {**payload, "form": form, "plan_id": pdf(owner)}
        response = as_user(owner).post(f"/api/v1/community/{collection}/", body, format="json")
        assert response.status_code == 201, response.json()
        pk = response.json()["case"]["id"]
    if kind == Kind.HELP_PROJECT:
        act(core_lead, pk, "send_for_agreement")
        act(core_lead, pk, "confirm")
        act(member_lead, pk, "confirm")
    else:
        act(member_lead, pk, "request_consultation")
        day = str(AuditEvent.objects.get(process="community", case_id=pk, action="create").business_date)
        act(core_lead, pk, "record_consultation", {"opinion": "同意", "date": day})
    act(owner, pk, "submit")
    submitted_on = Application.objects.get(pk=pk).submitted_on
    act(o.basic_edu, pk, "file", {"filing_number": f"HTTP-{pk}", "filing_date": str(submitted_on)})
    return Application.objects.get(pk=pk)


def ensure_forms() -> None:
    """Publish the two application forms if a transactional test's flush removed the migration's rows."""
    import importlib

    from forms.models import FormDefinition
    from forms.services import definition_publish

    shipped = importlib.import_module("workflows.community.migrations.0002_application_forms").FORMS
    for code, (title, fields) in shipped.items():
        if not FormDefinition.objects.filter(code=code).exists():
            definition_publish(code=code, title=title, fields=fields)
