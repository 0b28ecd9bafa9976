import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from programmes.baseline.importer import template_bytes
from programmes.baseline.models import Distinction

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_schools_page_shows_its_figures_and_teachers(counted):
    response = client_of(counted.secretary).get(reverse("programmes-baseline-school", args=[counted.school.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "群众乙" in body and "?figure=advanced" in body


def test_the_school_is_hidden_from_another_county_and_refused_to_one_who_only_belongs(counted):
    url = reverse("programmes-baseline-school", args=[counted.school.pk])
    assert client_of(counted.outsider).get(url).status_code == 404
    assert client_of(counted.dept).get(url).status_code == 403  # 教导处: sees the school, reads no baseline


def test_a_reader_may_not_record(counted):
    url = reverse("programmes-baseline-person", args=[counted.n1.pk])
    assert client_of(counted.basic_edu).get(url).status_code == 200
    assert client_of(counted.basic_edu).post(url, {}).status_code == 403
    assert client_of(counted.outsider).get(url).status_code == 404


def test_recording_and_withdrawing_on_the_persons_page(county):
    client = client_of(county.secretary)
    url = reverse("programmes-baseline-person", args=[county.n1.pk])
    evidence = SimpleUploadedFile("证书.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")
    data = {"title": "TEACHING_EXPERT", "level": "2", "awarded_on": "2025-09-01", "evidence": evidence}
    assert client.post(url, data).status_code == 302
    distinction = Distinction.objects.get(person=county.n1)
    download = client.get(reverse("programmes-baseline-evidence", args=[distinction.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        client_of(county.outsider).get(reverse("programmes-baseline-evidence", args=[distinction.pk])).status_code
        == 404
    )
    withdraw = reverse("programmes-baseline-withdraw", args=[distinction.pk])
    assert client.post(withdraw, {"reason": "录错了"}).status_code == 302
    distinction.refresh_from_db()
    assert distinction.withdrawn_at is not None


def test_a_future_date_on_the_page_is_refused_with_422(county):
    url = reverse("programmes-baseline-person", args=[county.n1.pk])
    data = {"title": "TEACHING_EXPERT", "level": "2", "awarded_on": "2099-09-01"}
    assert client_of(county.secretary).post(url, data).status_code == 422
    assert not Distinction.objects.exists()


def test_the_import_page_lists_each_bad_row(county):
    from tests.programmes.baseline.test_importer import sheet

    upload = sheet(["外县教师", county.foreign_teacher.username, "骨干称号", "教学骨干", "县级", "2025-9-1", ""])
    file = SimpleUploadedFile("名单.xlsx", upload.getvalue())
    response = client_of(county.secretary).post(reverse("programmes-baseline-import"), {"file": file})
    assert response.status_code == 422
    assert "baseline-import-errors" in response.content.decode()
    assert not Distinction.objects.exists()
    assert client_of(county.basic_edu).get(reverse("programmes-baseline-import")).status_code == 403


def test_the_template_and_the_exports_are_workbooks_with_labels(counted):
    client = client_of(counted.basic_edu)
    template = client_of(counted.secretary).get(reverse("programmes-baseline-import-template"))
    assert template.status_code == 200
    assert (
        load_workbook(io.BytesIO(template.content)).sheetnames == load_workbook(io.BytesIO(template_bytes())).sheetnames
    )
    figures = client.get(reverse("programmes-baseline-figures-export", args=[counted.bureau.pk]))
    rows = list(load_workbook(io.BytesIO(figures.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "城关中学" and rows[1][1:6] == (8, 4, 3, 1, 2)
    teachers = client.get(reverse("programmes-baseline-teachers-export", args=[counted.school.pk]) + "?figure=advanced")
    names = {row[0] for row in list(load_workbook(io.BytesIO(teachers.content)).active.iter_rows(values_only=True))[1:]}
    assert names == {"群众甲", "群众乙"}


def test_the_targets_page_offers_branch_staff_the_party_application(counted):
    from accounts.roles import Role
    from tests.factories import grant

    grant(counted.n1, counted.branch, Role.APPLICANT)
    response = client_of(counted.secretary).get(reverse("programmes-baseline-targets", args=[counted.school.pk]))
    assert response.status_code == 200
    assert reverse("party-case-new") in response.content.decode()
    unoffered = client_of(counted.basic_edu).get(reverse("programmes-baseline-targets", args=[counted.school.pk]))
    assert reverse("party-case-new") not in unoffered.content.decode()
