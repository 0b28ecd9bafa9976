"""The assessment's pages (Chinese, phone first): what each person sees and may do on them."""

import io

import pytest
from openpyxl import load_workbook

from programmes.assessment import services
from programmes.assessment.hub import entries
from programmes.assessment.models import Sheet
from tests.programmes.assessment.conftest import full_marks

pytestmark = pytest.mark.django_db


def test_the_organiser_scores_a_sheet_on_its_page_and_a_bad_score_re_renders_with_422(
    w, client, programme, assessment, listed
):
    hai, _chen = listed
    client.force_login(w.secretary)
    url = f"/programmes/assessment/{programme.pk}/sheets/{hai.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "示范课" in page.content.decode()
    data = {f"score_{i['indicator']}": i["score"] for i in full_marks(assessment)}
    data |= {f"reason_{i['indicator']}": "评定" for i in full_marks(assessment)}
    assert client.post(url, {**data, "score_D1": "21"}).status_code == 422 and not Sheet.objects.exists()
    assert client.post(url, data).status_code == 302 and Sheet.objects.get().total == 100
    overview = client.get(f"/programmes/assessment/{programme.pk}/")
    assert overview.status_code == 200 and "100.00" in overview.content.decode()
    assert client.get(f"/programmes/assessment/{programme.pk}/scheme/").status_code == 200


def test_the_results_export_as_xlsx_with_labels(w, client, programme, assessment, listed):
    for person in listed:
        services.sheet_score(actor=w.secretary, assessment=assessment, participant=person, items=full_marks(assessment))
    client.force_login(w.secretary)
    response = client.get(f"/programmes/assessment/{programme.pk}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    first = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert "示范课" in first and "D1" not in first
    names = {row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert names == {"周海涛", "陈思远"}


def test_a_participant_sees_only_their_own_published_sheet(w, client, programme, assessment, listed):
    hai, chen = listed
    for person in listed:
        services.sheet_score(actor=w.secretary, assessment=assessment, participant=person, items=full_marks(assessment))
    client.force_login(w.member)
    url = f"/programmes/assessment/{programme.pk}/sheets/{hai.pk}/"
    assert client.get(url).status_code == 403
    assert client.get(f"/programmes/assessment/{programme.pk}/").status_code == 403
    services.assessment_publish(actor=w.secretary, assessment=assessment)
    page = client.get(url)
    assert page.status_code == 200 and "<form" not in page.content.decode().split('id="main"')[1]
    assert client.get(f"/programmes/assessment/{programme.pk}/sheets/{chen.pk}/").status_code == 403
    client.force_login(w.outsider)
    assert client.get(url).status_code == 404


def test_the_organiser_edits_the_indicator_set_on_its_page(w, client, programme, assessment):
    client.force_login(w.secretary)
    url = f"/programmes/assessment/{programme.pk}/scheme/"
    data = {"title": "考核办法（支部修订）"}
    for n, i in enumerate(assessment.scheme.indicators.order_by("order")):
        data |= {f"i{n}-code": i.code, f"i{n}-title": i.title, f"i{n}-max_score": str(i.max_score)}
        data |= {f"i{n}-rule": i.rule, f"i{n}-count": str(i.count), f"i{n}-kinds": i.kinds}
    data |= {"i5-remove": "on", "i6-code": "N7", "i6-title": "家访", "i6-max_score": "15", "i6-rule": "NONE"}
    data |= {"i6-count": "1"}
    for n, g in enumerate(assessment.scheme.grades):
        data |= {f"g{n}-label": g["label"], f"g{n}-min": g["min"]}
    assert client.post(url, data).status_code == 302
    titles = list(assessment.scheme.indicators.order_by("order").values_list("title", flat=True))
    assert titles[-2:] == ["辅导学生竞赛", "家访"] and len(titles) == 6
    assert client.post(url, {**data, "g3-min": "5"}).status_code == 422  # the lowest grade must start at 0


def test_the_hub_offers_the_assessment_to_its_organisers_and_a_sheet_once_published(w, programme, assessment, listed):
    assert [e["url"] for e in entries(w.secretary)] == [f"/programmes/assessment/{programme.pk}/"]
    assert entries(w.member) == []
    for person in listed:
        services.sheet_score(actor=w.secretary, assessment=assessment, participant=person, items=full_marks(assessment))
    services.assessment_publish(actor=w.secretary, assessment=assessment)
    assert [e["url"] for e in entries(w.member)] == ["/programmes/assessment/"]
