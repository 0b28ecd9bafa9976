"""The auditor console: search within one's subtree only, timelines, a person's record, exports, verification."""

import io
import zoneinfo

import pytest
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from accounts.roles import Role
from audit.exports import read_csv
from audit.models import AuditEvent, VerificationRun
from audit.services import audit_record
from tests.factories import UserFactory, grant

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


def page_for(user):
    client = Client()
    client.force_login(user)
    return client


def event(organisation, action="record_talk", case_id=1, actor_name="林书记"):
    with transaction.atomic():
        return audit_record(
            process="party", case_id=case_id, action=action, actor=None, organisation=organisation, comment=actor_name
        )


def test_an_auditor_sees_their_subtree_only(tree, people):
    mine = event(tree.branch_a)
    theirs = event(tree.other_branch, case_id=2)
    html = page_for(people.auditor).get("/audit/", {"process": "party"}).content.decode()
    assert f'href="/audit/cases/party/{mine.case_id}/"' in html
    assert f'href="/audit/cases/party/{theirs.case_id}/"' not in html
    other_auditor = UserFactory()
    grant(other_auditor, tree.other_bureau, Role.AUDITOR)
    assert page_for(other_auditor).get("/audit/cases/party/1/").status_code == 404  # another bureau's case
    assert page_for(people.auditor).get("/audit/cases/party/1/").status_code == 200


def test_people_without_the_right_get_403(tree, people):
    assert page_for(people.secretary).get("/audit/").status_code == 403
    assert page_for(people.secretary).post("/audit/export.csv").status_code == 403


def test_search_filters_and_exports_carry_the_hashes(tree, people):
    first = event(tree.branch_a, action="record_talk")
    event(tree.branch_b, action="designate_activist", case_id=3)
    client = page_for(people.auditor)
    only_a = client.get("/audit/", {"organisation": tree.branch_a.pk, "action": "record_talk"}).content.decode()
    assert 'href="/audit/cases/party/1/"' in only_a and 'href="/audit/cases/party/3/"' not in only_a
    exported = client.post(f"/audit/export.csv?organisation={tree.branch_a.pk}")
    event_rows = [r for r in read_csv(exported.content.decode("utf-8")) if r["process"] == "party"]
    assert len(event_rows) == 1 and event_rows[0]["event_hash"] == first.event_hash
    book = load_workbook(io.BytesIO(client.post("/audit/export.xlsx").content))
    assert book.active.max_row >= 3
    exports = AuditEvent.objects.filter(action="audit_export", actor=people.auditor)
    assert exports.count() == 2 and exports.first().data["filter"] == {"organisation": str(tree.branch_a.pk)}


def test_the_console_verifies_in_the_background_and_shows_the_result(tree, people, django_capture_on_commit_callbacks):
    event(tree.branch_a)
    client = page_for(people.auditor)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/audit/verify/", follow=True)
    run = VerificationRun.objects.get()  # started, not finished: the request does not wait for the whole trail
    assert run.finished_at is None and run.run_by == people.auditor and len(queued) == 1
    page = response.content.decode()
    assert "Verification started" in page or "已开始校验" in page
    assert run.started_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") in page  # shown as under way

    with django_capture_on_commit_callbacks(execute=True) as again:  # a second press while it runs starts nothing
        client.post("/audit/verify/")
    assert VerificationRun.objects.count() == 1 and not again

    queued[0]()  # the Celery task (eager here, a worker in production)
    run.refresh_from_db()
    assert run.intact and run.finished_at is not None and run.checked >= 1
    page = client.get("/audit/").content.decode()
    assert "✓" in page and "…" not in page


def test_a_verification_that_died_does_not_block_the_next(tree, people, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    event(tree.branch_a)
    dead = VerificationRun.objects.create(run_by=people.auditor)
    VerificationRun.objects.filter(pk=dead.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        page_for(people.auditor).post("/audit/verify/")
    latest = VerificationRun.objects.latest("pk")
    assert latest.pk != dead.pk and latest.intact and latest.finished_at is not None


def test_an_exported_row_verifies_offline(tree, people):
    from audit.exports import offline_hash

    first = event(tree.branch_a, action="record_talk")
    second = event(tree.branch_a, action="designate_activist")
    exported = page_for(people.auditor).post("/audit/export.csv?process=party")
    rows = {int(r["id"]): r for r in read_csv(exported.content.decode("utf-8"))}
    for stored in (first, second):
        row = rows[stored.pk]
        assert offline_hash(row) == row["event_hash"] == stored.event_hash
    assert rows[second.pk]["prev_hash"] == rows[first.pk]["event_hash"]
    tampered = {**rows[second.pk], "comment": "改过"}
    assert offline_hash(tampered) != rows[second.pk]["event_hash"]


def test_filters_are_saved_on_the_server_and_shared(tree, people):
    from workflows.models import SavedFilter

    client = page_for(people.auditor)
    client.post("/audit/filters/", {"name": "第一支部谈话", "action": "record_talk", "shared_with": tree.bureau.pk})
    saved = SavedFilter.objects.get(scope="audit")
    assert saved.params == {"action": "record_talk"} and saved.shared_with == tree.bureau
    colleague = UserFactory()
    grant(colleague, tree.bureau, Role.AUDITOR)
    assert "第一支部谈话" in page_for(colleague).get("/audit/").content.decode()
    assert not SavedFilter.objects.filter(scope="inbox").exists()  # not offered in the task inbox
    assert page_for(people.secretary).post("/audit/filters/", {"name": "x", "action": "y"}).status_code == 403
