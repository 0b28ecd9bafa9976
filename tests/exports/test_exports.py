"""List exports: the file holds exactly the rows the list shows (same visibility, same filters) under Chinese
headers; a long list is written in the background with its progress counted and the owner told; nobody else
sees the job; no cell is a formula; every export is an audit event."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit.exports import COLUMNS as AUDIT_COLUMNS
from audit.models import AuditEvent
from exports import jobs, xlsx
from exports.models import ExportJob, Status
from exports.specs import SPECS, ExportSpec
from notifications.models import Notification
from tests.workflows.party.conftest import new_case

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


def test_a_small_list_downloads_at_once_with_chinese_headers_and_only_visible_rows(tree, people):
    new_case(tree.branch_a, "张三")
    new_case(tree.branch_a, "李四")
    new_case(tree.other_branch, "外人")
    response = signed_in(people.secretary).post(reverse("export-start", args=["party-cases"]) + "?q=张")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = sheet_rows(response.content)
    assert header[:4] == ("姓名", "党支部", "身份", "状态")
    assert [row[0] for row in rows] == ["张三"]
    event = AuditEvent.objects.get(action="list_export", actor=people.secretary)
    assert event.data["list"] == "party-cases" and event.data["filter"] == {"q": "张"} and event.data["rows"] == 1


def test_times_are_written_as_read_in_shanghai():
    instant = datetime.datetime(2026, 12, 5, 16, 30, tzinfo=datetime.UTC)
    body = xlsx.to_bytes(title="t", headers=["时间"], rows=[[instant]])
    assert sheet_rows(body)[1] == (datetime.datetime(2026, 12, 6, 0, 30),)


def test_a_cell_that_looks_like_a_formula_is_written_as_text(tree, people):
    new_case(tree.branch_a, '=HYPERLINK("http://x")')
    response = signed_in(people.secretary).post(reverse("export-start", args=["party-cases"]))
    _header, row = sheet_rows(response.content)
    assert row[0] == '\'=HYPERLINK("http://x")'


def test_a_long_list_is_written_in_the_background_and_its_owner_is_told(
    tree, people, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    for n in range(3):
        new_case(tree.branch_a, f"申请人{n}")
    client = signed_in(people.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("export-start", args=["party-cases"]))
    job = ExportJob.objects.get(user=people.secretary)
    assert response.status_code == 302 and response.url == reverse("export-job", args=[job.pk])
    assert job.status == Status.DONE and job.total == job.done == 3
    status = client.get(reverse("export-status", args=[job.pk])).json()
    assert status["percent"] == 100 and status["download"] == reverse("export-download", args=[job.pk])
    download = client.get(reverse("export-download", args=[job.pk]))
    _header, *rows = sheet_rows(b"".join(download.streaming_content))
    assert sorted(row[0] for row in rows) == ["申请人0", "申请人1", "申请人2"]
    assert Notification.objects.filter(recipient=people.secretary, kind="export_ready").count() == 1
    assert client.get(reverse("export-job", args=[job.pk])).status_code == 200
    assert AuditEvent.objects.get(action="list_export").data["background"] is True


def test_progress_is_saved_while_the_file_is_written(tree, people, monkeypatch):
    seen = []

    def source(user, params, today):
        def cells(item):
            seen.append(ExportJob.objects.get(user=people.secretary).done)
            return [item]

        return list(range(7)), cells

    monkeypatch.setitem(SPECS, "numbers", ExportSpec("numbers", "numbers", ("n",), source))
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    job = ExportJob.objects.create(user=people.secretary, kind="numbers", params={}, total=7)
    jobs.export_run(job.pk)
    assert seen == [0, 0, 2, 2, 4, 4, 6]
    job.refresh_from_db()
    assert job.status == Status.DONE and job.done == 7
    jobs.export_run(job.pk)  # a second delivery of the same job writes nothing
    assert len(seen) == 7


def test_nobody_else_sees_a_job_and_restricted_lists_are_refused(tree, people):
    job = ExportJob.objects.create(user=people.secretary, kind="party-cases", params={}, status=Status.DONE)
    other = signed_in(people.member)
    for name in ("export-job", "export-status", "export-download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert other.post(reverse("export-start", args=["audit-events"])).status_code == 403
    assert other.post(reverse("export-start", args=["grades"])).status_code == 403
    assert other.post(reverse("export-start", args=["no-such-list"])).status_code == 404
    assert Client().post(reverse("export-start", args=["party-cases"])).status_code == 302
    assert not AuditEvent.objects.filter(action__in=["list_export", "audit_export"]).exists()


def test_too_many_running_exports_are_refused(tree, people, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    new_case(tree.branch_a)
    for _ in range(settings.EXPORT_MAX_RUNNING_PER_USER):
        ExportJob.objects.create(user=people.secretary, kind="party-cases", params={})
    response = signed_in(people.secretary).post(reverse("export-start", args=["party-cases"]), follow=True)
    page = response.content.decode()
    assert "请等待您的其他导出完成后再试。" in page and "too_many_exports" not in page  # said in words, no code
    assert ExportJob.objects.count() == settings.EXPORT_MAX_RUNNING_PER_USER


@pytest.mark.parametrize("key", ["tasks", "community-applications", "evaluations"])
def test_every_list_exports_with_its_headers(tree, people, key):
    response = signed_in(people.secretary).post(reverse("export-start", args=[key]))
    assert response.status_code == 200
    header, *_rows = sheet_rows(response.content)
    assert list(header) == [str(h) for h in SPECS[key].headers]


def test_the_audit_search_exports_through_the_same_exporter(tree, people):
    new_case(tree.branch_a)
    response = signed_in(people.auditor).post(reverse("audit-export", args=["xlsx"]) + "?process=party")
    header, *rows = sheet_rows(response.content)
    # Chinese headers: the event in words, then its sealed columns for an offline check (audit.exports).
    assert list(header) == [str(column) for column in AUDIT_COLUMNS] and len(rows) >= 1
    assert AuditEvent.objects.filter(action="audit_export", actor=people.auditor).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/exports/party-cases.xlsx",
        "/audit/export.csv",
        "/audit/export.xlsx",
        "/party/{case}/bundle.zip",
        "/party/{case}/bundle.pdf",
    ],
)
def test_a_get_someone_was_navigated_to_records_nothing(tree, people, url):
    """Exports and bundles are audit events in the user's name: a link (or an image) must not write one. They take
    a POST with the CSRF token, from the buttons on the pages."""
    case = new_case(tree.branch_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.auditor)
    before = AuditEvent.objects.count()
    assert client.get(url.format(case=case)).status_code == 405
    assert client.post(url.format(case=case)).status_code == 403  # a forged form without the token
    assert AuditEvent.objects.count() == before
