"""Who may open a stored file (forms.access.attachment_for_user): whoever sees the case it is attached to — by a step,
a comment, evidence, an archive item — as the process decides; its uploader until then. 404 to whoever may not see
it, 403 to whoever sees the case but not the file (the political review's, which need read_political_review), and
every opening of such a restricted file is an audit event of the case, with the client's address."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import AuditEvent
from forms.services import attachment_create
from tests.clients import api
from tests.workflows.evaluation.conftest import ON_TIME, act, leads, open_year, routine, score_items
from tests.workflows.party.conftest import case_before, pdf, run, submit
from workflows.evaluation.models import Track
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


def opened(user, pk, how="download", **extra) -> int:
    client = Client(**extra)
    client.force_login(user)
    return client.get(f"/attachments/{pk}/{how}/").status_code


def political_review_document(party) -> tuple[int, int]:
    case_id = case_before(party, "complete_political_review")
    document = pdf(party.secretary, "政审综合材料.pdf")
    payload = {"date": "2024-11-05", "passed": True, "summary": "政治审查合格", "attachment_ids": [document]}
    assert run(party.secretary, case_id, "complete_political_review", payload).status_code == 200
    return case_id, document


def test_an_upload_not_attached_yet_opens_for_its_uploader_only(party):
    mine = pdf(party.secretary, "草稿.pdf")
    assert opened(party.secretary, mine) == 200
    assert opened(party.orgmember, mine) == 404  # even a colleague of the same branch
    assert opened(party.secretary, 10**9) == 404


def test_a_file_of_a_step_opens_for_whoever_sees_the_case_and_for_nobody_else(party):
    case_id = submit(party, date="2026-10-01")
    record = pdf(party.secretary, "谈话记录.pdf")
    talk = {"date": "2026-10-05", "talker_name": "林书记", "content": "谈话", "attachment_ids": [record]}
    assert run(party.secretary, case_id, "record_talk", talk).status_code == 200

    assert opened(party.applicant, record) == 200  # the case is theirs
    assert opened(party.committeemen[0], record, "preview") == 200  # the committee above sees the branch's cases
    assert opened(party.outsider, record) == 404  # another branch's secretary
    assert opened(party.members[0], record) == 404  # a member of the branch who does not see cases
    assert not AuditEvent.objects.filter(action="attachment_download").exists()  # not restricted: not recorded


def test_a_comments_file_opens_for_whoever_sees_the_case(party):
    case = PartyCase.objects.get(pk=submit(party, date="2026-10-01"))
    task = case.task_set.get(flow_task_type="HUMAN", status="NEW")
    file = pdf(party.secretary, "补充说明.pdf")
    body = {"body": "请看附件", "attachment_ids": [file]}
    assert api(party.secretary).post(f"/api/v1/tasks/{task.pk}/comment/", body, format="json").status_code == 201
    assert opened(party.applicant, file) == 200
    assert opened(party.outsider, file) == 404


def test_the_political_reviews_file_is_refused_to_an_insider_without_the_right(party):
    case_id, document = political_review_document(party)
    assert opened(party.applicant, document) == 403  # sees the case, never their own review
    assert opened(party.applicant, document, "preview") == 403
    assert opened(party.outsider, document) == 404  # does not see the case at all
    assert opened(party.members[0], document) == 404
    assert not AuditEvent.objects.filter(case_id=case_id, action="attachment_download").exists()


def test_opening_a_restricted_file_is_an_audit_event_of_the_case_with_the_clients_address(party, settings):
    settings.TRUSTED_PROXIES = 1
    case_id, document = political_review_document(party)

    status = opened(party.secretary, document, "preview", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert status == 200
    event = AuditEvent.objects.get(process="party", case_id=case_id, action="attachment_download")
    assert (event.actor, event.ip, event.client_type) == (party.secretary, "203.0.113.9", "web")
    assert event.organisation == party.branch
    assert event.data["attachment_id"] == document and event.data["how"] == "preview"
    assert event.attachments == []  # it names the file by id and hash only: opening it attaches it nowhere
    assert opened(party.committeemen[0], document) == 200  # the committee reads political reviews too
    assert AuditEvent.objects.filter(case_id=case_id, action="attachment_download").count() == 2


def test_a_file_uploaded_again_by_someone_else_is_not_attached_by_the_other_copy(party):
    """The trail names a file by its content and its uploader: uploading the same bytes does not reach a case."""
    case_id = submit(party, date="2026-10-01")
    record = pdf(party.secretary, "谈话记录.pdf")
    talk = {"date": "2026-10-05", "talker_name": "林书记", "content": "谈话", "attachment_ids": [record]}
    assert run(party.secretary, case_id, "record_talk", talk).status_code == 200
    same_bytes = b"%PDF-1.4 " + "谈话记录.pdf".encode()  # what tests.workflows.party.conftest.pdf uploads
    upload = SimpleUploadedFile("谈话记录.pdf", same_bytes, content_type="application/pdf")
    copy = attachment_create(uploaded_by=party.outsider, upload=upload).pk
    assert opened(party.outsider, copy) == 200  # their own upload, attached nowhere
    assert opened(party.applicant, copy) == 404  # not the case's file, though its bytes are the same


def test_evaluation_evidence_opens_for_whoever_sees_the_evaluation(yuhuan):
    o = yuhuan
    case = open_year(o, o.fusion)
    lead = leads(o)[o.fusion_core.pk]
    evidence = pdf(lead, "自评佐证材料.pdf")
    scores = score_items(case, Track.ROUTINE, 80, attachment_ids=[evidence])
    act(case, "self_evaluate", lead, {"routine_id": routine(case, o.fusion_core, 1).pk, "scores": scores}, ON_TIME[1])

    assert opened(o.basic_edu, evidence) == 200  # the bureau assesses it
    assert opened(o.member_lead, evidence, "preview") == 200  # a school of the same community sees the case
    assert opened(o.outsider, evidence) == 404  # another county
