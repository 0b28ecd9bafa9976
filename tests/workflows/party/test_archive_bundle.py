"""The party archive bundle (入党材料, DOMAIN §2.7): one PDF with a contents page, and a zip with that PDF, every
original file of the case and a manifest tying their hashes to the case's audit trail."""

import hashlib
import io
import json
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from pypdf import PdfReader

from audit.models import AuditEvent
from forms.models import Attachment
from tests.workflows.party.conftest import ARCHIVE_ITEMS, api, pdf, standard_path, submit
from tests.workflows.party.factories import run_action
from workflows.party.models import PartyCase, PoliticalReview

pytestmark = pytest.mark.django_db

REVIEW_TEXT = "经函调，本人及直系亲属政治历史清楚，无违法违纪记录"
REVIEW_FILE = "政审函调材料.pdf"
# Section titles as the branch reads them (the 25 steps and their stages, DOMAIN §2.3), in the bundle's order.
TITLES = [
    "递交入党申请书",
    "与申请人谈话",
    "确定入党积极分子",
    "培养教育考察",
    "确定发展对象",
    "政治审查",
    "集中培训",
    "预备党员的接收",
    "预备党员的教育考察和转正",
    "材料归档",
    "审计记录",
]


def reviewed_path(p):
    """The standard path, with a political review whose text and file are recognisable."""
    path = standard_path(p)
    for number, (actor, code, payload, *rest) in enumerate(path):
        if code == "complete_political_review":
            payload = {**payload, "summary": REVIEW_TEXT, "attachment_ids": [pdf(p.secretary, REVIEW_FILE)]}
            path[number] = (actor, code, payload, *rest)
    return path


def walked_case(p, until: str | None = None) -> int:
    """A case through the standard path up to (not including) ``until``, or to the end (archived). The steps run
    through the engine directly: the API's own walk is tested elsewhere, and this halves the time."""
    case_id = submit(p)
    for actor, code, payload, *_rest in reviewed_path(p):
        if code == until:
            break
        run_action(case_id=case_id, code=code, actor=actor, payload=payload)
    return case_id


def bundle(user, case_id, kind="zip"):
    response = api(user).post(f"/api/v1/party/cases/{case_id}/bundle/?kind={kind}")
    assert response.status_code == 200, response.content
    return response.content


def pdf_pages(body: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


def zip_of(body: bytes) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return archive, json.loads(archive.read("manifest.json"))


def exports(case_id) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(case_id=case_id, action="archive_bundle_export").order_by("pk"))


def test_the_pdf_has_a_contents_page_the_person_key_dates_and_chinese_section_titles(party):
    case_id = walked_case(party)
    case = PartyCase.objects.get(pk=case_id)

    pages = pdf_pages(bundle(party.secretary, case_id, "pdf"))

    cover, contents = pages[0], pages[1]
    assert "陈申请" in cover and "第一支部" in cover
    for label, day in [
        ("收到申请书", "2023-03-01"),
        ("确定为入党积极分子", "2023-09-15"),
        ("确定为发展对象", "2024-09-25"),
        ("支部大会（接收）", "2024-12-20"),
        ("预备期开始", "2024-12-20"),
        ("预备期满", case.probation_end.isoformat()),
        ("转正日期", case.full_membership_date.isoformat()),
        ("归档日期", "2026-02-01"),
    ]:
        assert re.search(rf"{label}\s*{day}", cover), label
    with translation.override("zh-hans"):
        assert contents.startswith(translation.gettext("Contents"))
    for number, title in enumerate(TITLES, start=1):
        # The contents page names each section with the page it starts on (the dotted leader and the page number
        # come out before the title), and the section is there.
        start = next(i for i, text in enumerate(pages) if f"{number}. {title}" in text) + 1
        assert start > 2 and re.search(rf"\. {start}\n{title}\n", contents), title
    assert all(f"第 {n} 页，共 {len(pages)} 页" in text for n, text in enumerate(pages, start=1))
    body = "\n".join(pages[1:])
    assert "了解入党动机" in body  # the talk record
    assert "思想汇报" in body and "表现良好" in body  # the written report and the half-year assessments
    assert "ZZ2024-001" in body  # the membership form
    assert "城关一小党委〔2026〕1号" in body  # the committee's approval
    assert "转正申请" in body


def test_the_zip_holds_the_pdf_every_original_file_and_a_manifest_of_their_hashes(party, people):
    case_id = walked_case(party)
    last = AuditEvent.objects.filter(case_id=case_id, process="party").order_by("pk").last()

    archive, manifest = zip_of(bundle(party.secretary, case_id))

    assert set(archive.namelist()) == {row["path"] for row in manifest["files"]} | {"manifest.json", "SHA256SUMS"}
    for row in manifest["files"]:
        content = archive.read(row["path"])
        assert hashlib.sha256(content).hexdigest() == row["sha256"]
        assert len(content) == row["size"]
    originals = {row["original_name"] for row in manifest["files"]}
    assert {f"{item}.pdf" for item in ARCHIVE_ITEMS} | {REVIEW_FILE} <= originals
    pdf_path = manifest["files"][0]["path"]
    assert pdf_path.endswith(".pdf") and "陈申请" in pdf_pages(archive.read(pdf_path))[0]
    assert manifest["last_event_hash"] == last.event_hash
    sums = archive.read("SHA256SUMS").decode().splitlines()
    assert sums == [f"{row['sha256']}  {row['path']}" for row in manifest["files"]]
    (export,) = exports(case_id)
    assert export.prev_hash == last.event_hash  # the export extends exactly the trail the bundle shows
    assert [f["sha256"] for f in export.data["files"]] == [row["sha256"] for row in manifest["files"]]
    # Whoever may not read the political review gets neither its own file nor the archive's copy of it.
    _archive, audited = zip_of(bundle(people.auditor, case_id))
    assert originals - {row["original_name"] for row in audited["files"]} == {REVIEW_FILE, "political_review.pdf"}


def test_outsiders_get_404_and_insiders_without_the_right_403(party, people):
    case_id = submit(party)
    url = f"/api/v1/party/cases/{case_id}/bundle/"

    assert api(party.outsider).post(url).status_code == 404
    assert api(party.applicant).post(url).status_code == 403  # sees their own case
    assert api(people.org_admin).post(url).status_code == 403  # sees the bureau's cases
    for allowed in (party.orgmember, party.committeemen[0], people.auditor):
        assert api(allowed).post(url).status_code == 200
    events = AuditEvent.objects.count()
    assert api(party.orgmember).get(url).status_code == 405  # a link followed records nothing
    assert AuditEvent.objects.count() == events
    assert exports(case_id)[-1].actor_role == "AUDITOR"


def test_the_pages_link_and_serve_the_bundle_to_those_allowed_only(party, client):
    case_id = submit(party)
    client.force_login(party.applicant)
    assert f"/party/{case_id}/bundle.zip" not in client.get(f"/party/{case_id}/").content.decode()
    assert client.post(f"/party/{case_id}/bundle.zip").status_code == 403
    client.force_login(party.outsider)
    assert client.post(f"/party/{case_id}/bundle.pdf").status_code == 404
    client.force_login(party.secretary)
    assert f"/party/{case_id}/bundle.zip" in client.get(f"/party/{case_id}/").content.decode()
    response = client.post(f"/party/{case_id}/bundle.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_political_review_details_reach_only_those_who_may_read_them(party, people):
    case_id = walked_case(party, until="complete_training")
    review = PoliticalReview.objects.get(case_id=case_id)

    secretary = "\n".join(pdf_pages(bundle(party.secretary, case_id, "pdf")))
    officer = "\n".join(pdf_pages(bundle(party.orgmember, case_id, "pdf")))
    _archive, audited = zip_of(bundle(people.auditor, case_id))
    _archive, read = zip_of(bundle(party.committeemen[0], case_id))

    assert REVIEW_TEXT in secretary
    assert REVIEW_TEXT not in officer and REVIEW_FILE not in officer
    for text in (secretary, officer):
        assert re.search(r"结果\s*合格", text) and re.search(r"政审结论日期\s*2024-11-05", text)
    assert REVIEW_FILE not in {row["original_name"] for row in audited["files"]}
    assert (audited["political_review"], audited["withheld_files"]) == ("conclusion_only", 1)
    assert REVIEW_FILE in {row["original_name"] for row in read["files"]}
    assert (read["political_review"], read["withheld_files"]) == ("full", 0)
    recorded = [(e.actor_id, e.data["political_review_ids"]) for e in exports(case_id)]
    assert recorded == [
        (party.secretary.pk, [review.pk]),
        (party.orgmember.pk, None),
        (people.auditor.pk, None),
        (party.committeemen[0].pk, [review.pk]),
    ]


def test_a_tampered_attachment_is_refused_and_nothing_is_recorded(party, client):
    attachment = Attachment.objects.get(pk=pdf(party.applicant, "入党申请书.pdf"))
    case_id = submit(party, attachment_ids=[attachment.pk])
    storage, name = attachment.file.storage, attachment.file.name
    storage.delete(name)
    assert storage.save(name, ContentFile(b"%PDF-1.4 altered afterwards")) == name
    events = AuditEvent.objects.filter(case_id=case_id).count()

    response = api(party.secretary).post(f"/api/v1/party/cases/{case_id}/bundle/")

    assert response.status_code == 409
    assert response.json()["code"] == "attachment_corrupted"
    client.force_login(party.secretary)
    page = client.post(f"/party/{case_id}/bundle.zip", follow=True)
    assert page.redirect_chain[-1][0] == f"/party/{case_id}/"
    shown = page.content.decode()
    assert "SHA-256" in shown and "attachment_corrupted" not in shown  # the message, never its code
    assert AuditEvent.objects.filter(case_id=case_id).count() == events


def test_files_are_shipped_under_the_extension_of_their_checked_type_never_an_executable_one(party):
    """A file that starts with %PDF- passes the type check whatever it is called (issue 15 item 5): in the zip it
    is named after its checked type, so a double-click opens a PDF, never a batch file or an HTML application."""
    names = ["申请书.bat", "说明.hta", "附件.html", "note.PDF.exe"]
    case_id = submit(party, attachment_ids=[pdf(party.applicant, name) for name in names])

    archive, manifest = zip_of(bundle(party.secretary, case_id))

    shipped = {row["original_name"]: row["path"] for row in manifest["files"][1:]}
    assert set(names) <= set(shipped)
    for name in names:
        stem = name.rsplit(".", 1)[0]
        assert shipped[name].endswith(f"_{stem}.pdf"), shipped[name]
    for path in archive.namelist():
        assert not re.search(r"\.(bat|hta|html?|exe|cmd|js|vbs|scr)$", path, re.IGNORECASE), path
