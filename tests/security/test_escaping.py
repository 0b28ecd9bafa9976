"""Script in every free-text input comes back as text: the pages escape it, plain-text emails keep it as typed (and
have no HTML part), and spreadsheets never run a cell that starts like a formula."""

import io
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from accounts.models import Organisation
from accounts.roles import Role
from audit.models import AuditEvent
from core.spreadsheets import neutralised, restored
from forms.services import attachment_create
from notifications.delivery import send_email
from notifications.models import Notification
from tests.factories import UserFactory, grant
from tests.workflows.community.factories import FEATURE_FORM, HELP_FORM, draft
from tests.workflows.community.factories import run_action as community_action
from tests.workflows.evaluation.conftest import ON_TIME, open_year, routine, score_items
from tests.workflows.evaluation.conftest import run_action as run_evaluation_action
from tests.workflows.party.conftest import api, run, submit
from workflows.community.models import Kind
from workflows.evaluation.export import workbook
from workflows.evaluation.models import Track
from workflows.evaluation.schemes import snapshot

pytestmark = pytest.mark.django_db
SCRIPT, IMAGE = "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'
XSS = SCRIPT + IMAGE
RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"  # the text as the escaped page shows it
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x")']


def page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def assert_escaped(user, url, *, shows=True) -> None:
    html = page(user, url)
    for raw in RAW:
        assert raw not in html, (url, raw)
    if shows:
        assert SHOWN in html, url


def upload(user, name) -> int:
    file = SimpleUploadedFile(name, b"%PDF-1.4 x", content_type="application/pdf")
    return attachment_create(uploaded_by=user, upload=file).pk


def test_a_party_case_shows_script_in_names_steps_comments_and_files_as_text(party):
    Organisation.objects.filter(pk=party.branch.pk).update(name="第一支部" + XSS)
    party.applicant.real_name = "陈" + IMAGE
    party.applicant.save(update_fields=["real_name"])
    case_id = submit(party, date="2026-10-01")
    file_id = upload(party.secretary, XSS + ".pdf")
    talk = {
        "date": "2026-10-05",
        "talker_name": IMAGE,
        "content": XSS,
        "comment": XSS,
        "reason": XSS,
        "attachment_ids": [file_id],
    }
    assert run(party.secretary, case_id, "record_talk", talk).status_code == 200
    task = api(party.secretary).get("/api/v1/tasks/").json()["results"][0]["task_id"]
    comment = {"body": XSS, "attachment_ids": [upload(party.secretary, SCRIPT + ".pdf")]}
    assert api(party.secretary).post(f"/api/v1/tasks/{task}/comment/", comment, format="json").status_code == 201
    api(party.applicant).post(f"/api/v1/cases/party/{case_id}/cc/", {"user_ids": [party.orgmember.pk]}, format="json")
    auditor = UserFactory(real_name="谢审计")
    grant(auditor, party.tree.bureau, Role.AUDITOR)

    assert_escaped(party.secretary, f"/party/{case_id}/")
    assert_escaped(party.secretary, "/party/")
    for box in ("todo", "done"):
        assert_escaped(party.secretary, f"/tasks/?box={box}", shows=False)
    assert_escaped(party.applicant, "/tasks/?box=initiated", shows=False)
    assert_escaped(party.orgmember, "/tasks/?box=cc", shows=False)
    assert_escaped(party.applicant, "/notifications/", shows=False)
    assert_escaped(auditor, f"/audit/cases/party/{case_id}/")
    assert_escaped(auditor, f"/audit/people/{party.applicant.pk}/", shows=False)
    assert_escaped(auditor, "/audit/?q=" + party.applicant.real_name, shows=False)
    client = Client()
    client.force_login(party.secretary)
    bundle = client.post(f"/party/{case_id}/bundle.pdf")  # its paragraphs read markup: the texts go in escaped
    assert bundle.status_code == 200 and bundle.content.startswith(b"%PDF")


def test_a_community_application_shows_script_in_its_title_form_opinion_and_reason_as_text(yuhuan):
    project = draft(yuhuan, yuhuan.fusion_member, Kind.HELP_PROJECT)
    edit = {"title": XSS, "form": dict.fromkeys(HELP_FORM, XSS)}
    community_action(case_id=project.pk, code="edit", actor=yuhuan.core_lead, payload=edit)
    feature = draft(yuhuan, yuhuan.fusion_member, Kind.FEATURE)
    edit = {"title": XSS, "form": dict.fromkeys(FEATURE_FORM, XSS)}
    community_action(case_id=feature.pk, code="edit", actor=yuhuan.member_lead, payload=edit)
    community_action(case_id=feature.pk, code="request_consultation", actor=yuhuan.member_lead, payload={})
    opinion = {"opinion": XSS, "date": "2026-09-10", "attachment_id": upload(yuhuan.core_lead, XSS + ".pdf")}
    community_action(case_id=feature.pk, code="record_consultation", actor=yuhuan.core_lead, payload=opinion)

    assert_escaped(yuhuan.core_lead, f"/community/{project.pk}/")
    assert_escaped(yuhuan.core_lead, f"/community/{feature.pk}/")
    assert_escaped(yuhuan.core_lead, "/community/")
    assert_escaped(yuhuan.basic_edu, "/community/")


def test_evaluation_scores_notes_and_comments_show_as_text_and_export_without_formulas(yuhuan):
    case = open_year(yuhuan, yuhuan.fusion)
    target = routine(case, yuhuan.fusion_member, 1)
    scores = [{**item, "note": XSS} for item in score_items(case, Track.ROUTINE, 80)]
    payload = {"routine_id": target.pk, "scores": scores, "summary": XSS}
    run_evaluation_action(
        case_id=case.pk, code="self_evaluate", actor=yuhuan.member_lead, payload=payload, today=ON_TIME[1]
    )
    assessed = [{**item, "comment": FORMULAS[0]} for item in score_items(case, Track.ROUTINE, 78)]
    run_evaluation_action(
        case_id=case.pk,
        code="term_evaluate",
        actor=yuhuan.basic_edu,
        payload={"routine_id": target.pk, "scores": assessed, "comment": XSS},
        today=ON_TIME[1],
    )
    assert_escaped(yuhuan.member_lead, f"/evaluation/{case.pk}/")
    assert_escaped(yuhuan.basic_edu, f"/evaluation/{case.pk}/")

    result = SimpleNamespace(
        rows=[],
        scheme=snapshot(case.scheme),
        reading="R1",
        community_type="FUSION",
        version=1,
        get_status_display=lambda: "草稿",
    )
    book = load_workbook(io.BytesIO(workbook(case, result)))
    comments = [row[-1].value for row in book.worksheets[1].iter_rows(min_row=2)]
    assert "'" + FORMULAS[0] in comments
    assert not any(cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row)


def test_plain_text_emails_keep_the_text_as_typed_in_one_subject_line(party):
    party.secretary.email = "secretary@example.com"
    party.secretary.save(update_fields=["email"])
    notification = Notification.objects.create(
        recipient=party.secretary, kind="mention", title=XSS + "\n抄送", body=XSS, url="/party/1/"
    )
    send_email(notification)
    message = mail.outbox[-1]
    assert XSS in message.body and "&lt;" not in message.body  # text/plain is not HTML: nothing to escape
    assert "\n" not in message.subject and XSS in message.subject
    assert not getattr(message, "alternatives", [])  # no HTML part that could run it


@pytest.mark.parametrize("value", [*FORMULAS, "'=already quoted", "\t=tab", "普通文字", "-"])
def test_a_spreadsheet_cell_is_neutralised_and_restored_exactly(value):
    cell = neutralised(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restored(cell) == value


def test_the_audit_csv_escapes_formulas_and_still_verifies_offline(party):
    from audit.exports import offline_hash, read_csv

    case_id = submit(party, date="2026-10-01")
    talk = {"date": "2026-10-05", "talker_name": "林书记", "content": "谈话", "comment": FORMULAS[0]}
    assert run(party.secretary, case_id, "record_talk", talk).status_code == 200
    auditor = UserFactory()
    grant(auditor, party.tree.bureau, Role.AUDITOR)
    client = Client()
    client.force_login(auditor)
    exported = client.post("/audit/export.csv?process=party").content.decode("utf-8-sig")
    rows = read_csv(exported)  # the hashed columns, by position: the headers people read are Chinese
    event = AuditEvent.objects.get(process="party", case_id=case_id, action="record_talk")
    row = next(r for r in rows if int(r["id"]) == event.pk)
    assert row["comment"] == "'" + FORMULAS[0]
    assert offline_hash(row) == event.event_hash
