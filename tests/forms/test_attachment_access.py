"""Files are attached by id, and ids are sequential: naming a file someone else uploaded (another county's
political review, say) is refused with attachment_unknown and changes nothing, in every process's input."""

import pytest

from audit.models import AuditEvent
from tests.workflows.community.factories import HELP_FORM, draft
from tests.workflows.community.factories import pdf as community_pdf
from tests.workflows.party.conftest import ARCHIVE_ITEMS, api, case_before, pdf, run, submit
from workflows.community.models import Kind
from workflows.models import Comment
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


def refused(response):
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "attachment_unknown"
    return response.json()["fields"]["attachment_ids"]


def test_a_party_step_takes_only_the_actors_own_uploads(party):
    case_id = submit(party, date="2026-10-01")
    theirs = pdf(party.outsider, "外单位的材料.pdf")
    payload = {"date": "2026-10-05", "talker_name": "林书记", "content": "谈话", "attachment_ids": [theirs]}
    assert refused(run(party.secretary, case_id, "record_talk", payload)) == [theirs]
    payload["attachment_ids"] = [pdf(party.secretary, "谈话记录.pdf")]
    assert run(party.secretary, case_id, "record_talk", payload).status_code == 200


def test_an_application_takes_only_the_applicants_own_uploads(party):
    theirs = pdf(party.secretary, "书记的文件.pdf")
    body = {"branch_id": party.branch.pk, "date": "2026-10-01", "attachment_ids": [theirs]}
    assert refused(api(party.applicant).post("/api/v1/party/cases/", body, format="json")) == [theirs]
    assert not PartyCase.objects.exists()


def test_a_comment_takes_only_the_authors_own_uploads(party):
    case = PartyCase.objects.get(pk=submit(party, date="2026-10-01"))
    task = case.task_set.get(flow_task_type="HUMAN", status="NEW")
    body = {"body": "请看附件", "attachment_ids": [pdf(party.outsider, "外单位的材料.pdf")]}
    before = AuditEvent.objects.count()
    refused(api(party.secretary).post(f"/api/v1/tasks/{task.pk}/comment/", body, format="json"))
    assert (AuditEvent.objects.count(), Comment.objects.count()) == (before, 0)


def test_the_archive_takes_only_the_secretarys_own_uploads(party):
    case_id = case_before(party, "archive_materials")
    materials = {item: pdf(party.secretary, f"{item}.pdf") for item in ARCHIVE_ITEMS}
    materials["application"] = pdf(party.applicant, "入党申请书.pdf")
    response = run(party.secretary, case_id, "archive_materials", {"date": "2026-02-01", "materials": materials})
    assert refused(response) == [materials["application"]]


def test_a_community_application_takes_only_the_leads_own_uploads(yuhuan):
    body = {
        "community": yuhuan.fusion.pk,
        "member_school": yuhuan.fusion_member.pk,
        "school_year": 2026,
        "title": "帮扶项目",
        "form": HELP_FORM,
        "plan_id": community_pdf(yuhuan.outsider),
    }
    refused(api(yuhuan.core_lead).post("/api/v1/community/projects/", body, format="json"))
    application = draft(yuhuan, yuhuan.fusion_member, Kind.HELP_PROJECT)
    edit = {"form": HELP_FORM, "plan_id": community_pdf(yuhuan.member_lead)}
    url = f"/api/v1/community/projects/{application.pk}/actions/edit/"
    refused(api(yuhuan.core_lead).post(url, edit, format="json"))
    assert application.versions.count() == 1
