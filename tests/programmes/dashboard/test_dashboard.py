"""The programmes' dashboard: its figures against the hand-made set (conftest.py), each figure's link leading to
exactly its rows, the exports, who gets what (404 to whoever sees no organisation), and its query count."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from audit.models import AuditEvent
from programmes.dashboard import selectors, views
from programmes.dashboard.access import place_for_user
from programmes.models import Direction
from tests.factories import UserFactory, grant
from tests.programmes.dashboard.conftest import listed, record

pytestmark = pytest.mark.django_db

URL = reverse("programmes-dashboard")


@pytest.fixture
def today(w, monkeypatch):
    monkeypatch.setattr(views, "business_today", lambda: w.today)
    return w.today


def values(board) -> dict:
    return {s.name: s.values for s in board.chart.series}


def boards_of(w, user, org):
    place = place_for_user(user, org.pk)
    with translation.override("en"):  # the series by their English names
        return {b.chart.key: b for b in selectors.boards(place, w.year, w.today)}


def test_the_figures_match_the_hand_made_set(w):
    found = boards_of(w, w.secretary, w.school)
    progress = found["progress"]
    assert [c.split(" (")[0] for c in progress.chart.categories] == ["Lesson observation", "Paper"]
    assert values(progress) == {"On track": [2, 0], "Behind": [1, 2]}
    assert progress.chart.categories[0].endswith("(confirmed 3 of 6)")  # 3 people × 2
    assert values(found["participants"]) == {"On track": [1], "Behind": [2]}
    pledges = values(found["pledges"])  # kept, partly, not kept, not reviewed yet
    assert pledges == {"Personal plan (个人计划)": [0, 0, 0, 1], "Pledge (承诺)": [1, 1, 0, 0]}
    stars = values(found["stars"])  # the last five school years, this one last
    assert (
        stars["教学之星"] == [0, 0, 0, 0, 1] and stars["德育之星"] == [0, 0, 0, 1, 0] and stars["科学之星"] == [0] * 5
    )
    assert found["grades"].chart.categories == ["优秀", "合格"] and values(found["grades"]) == {"People": [1, 1]}
    baseline = values(found["baseline"])
    assert baseline["Teachers"][-2:] == [6, 6]
    assert baseline["Party members"][-1] == 4
    assert baseline["Backbone teachers"][-2:] == [1, 2]
    assert baseline["Backbone teachers among party members"][-2:] == [0, 1]
    assert baseline["Non-party advanced teachers among backbones"][-2:] == [1, 1]
    ratios = found["baseline"].extra["ratios"][-1]["cells"]
    assert [(r["numerator"], r["denominator"], str(r["percent"])) for r in ratios][1] == (1, 4, "25.0")


def test_the_progress_figure_leads_to_exactly_its_rows(w, client, today):
    client.force_login(w.secretary)
    page = client.get(URL, {"org": w.school.pk})
    assert page.status_code == 200
    board = next(b for b in page.context["boards"] if b.chart.key == "progress")
    behind = board.chart.series[1].urls[0]  # 听课, behind: 吴晓燕 only
    assert behind.replace("&", "&amp;") in page.content.decode()
    rows = client.get(behind)
    assert rows.status_code == 200
    body = rows.content.decode()
    assert body.count("<tr><td data-label=") == board.chart.series[1].values[0] == 1
    assert "吴晓燕" in body and "周海涛" not in body


def test_a_baseline_figure_leads_to_the_baseline_teachers_list_with_its_rows(w, client, today):
    client.force_login(w.secretary)
    page = client.get(URL, {"org": w.school.pk})
    board = next(b for b in page.context["boards"] if b.chart.key == "baseline")
    series = board.chart.series[selectors.BASELINE_SERIES.index("backbones")]
    listing = client.get(series.urls[-1])
    assert listing.status_code == 200
    assert {row.person.pk for row in listing.context["rows"]} == {w.member.pk, w.dept.pk}
    assert len(listing.context["rows"]) == series.values[-1]


def test_the_pledges_and_stars_rows_are_those_counted(w, client, today):
    client.force_login(w.secretary)
    query = {"org": w.school.pk, "year": w.year}
    partly = client.get(reverse("programmes-dashboard-rows"), query | {"chart": "pledges", "s": 1, "c": 1})
    assert [row["cells"][0][1] for row in partly.context["shown"]] == ["吴晓燕"]
    assert partly.context["rows"][0]["cells"][3] == 2  # the revised version, not the first
    stars = client.get(reverse("programmes-dashboard-rows"), query | {"chart": "stars", "s": 1, "c": 4})
    assert [row["cells"][0] for row in stars.context["rows"]] == ["周海涛"]


def test_the_table_and_a_figures_rows_export_to_excel_with_labels_and_an_audit_row(w, client, today):
    w.member2.real_name = "=HYPERLINK(1)"
    w.member2.save(update_fields=["real_name"])
    client.force_login(w.secretary)
    query = {"org": w.school.pk, "year": w.year, "chart": "progress"}
    table = client.get(reverse("programmes-dashboard-export"), query)
    assert table.status_code == 200
    sheet = load_workbook(io.BytesIO(table.content)).active
    with translation.override("zh-hans"):  # the site's default language: labels, never keys
        header = [gettext("Category"), gettext("On track"), gettext("Behind")]
    assert [c.value for c in sheet[2]][:3] == header
    assert [c.value for c in sheet[3]][1:3] == [2, 1]
    rows = client.get(reverse("programmes-dashboard-export"), query | {"s": 1, "c": 0})
    sheet = load_workbook(io.BytesIO(rows.content)).active
    assert [sheet.cell(row=3, column=1).value] == ["'=HYPERLINK(1)"]
    assert sheet.max_row == 3
    assert AuditEvent.objects.filter(process="programmes", action="list_export").count() == 2


def test_the_page_offers_only_the_organisations_the_person_reads(w, client, today):
    client.force_login(w.secretary)
    page = client.get(URL)
    assert {o.pk for o in page.context["choices"]} == {w.school.pk, w.branch.pk}
    client.force_login(w.leading)
    page = client.get(URL, {"org": w.bureau.pk})
    assert page.status_code == 200
    assert w.other_bureau.pk not in {o.pk for o in page.context["choices"]}


def test_someone_who_sees_no_organisation_or_asks_for_another_gets_404(w, client, today):
    client.force_login(w.teacher)  # a non-party teacher of the branch: a participant, no reading right
    assert client.get(URL).status_code == 404
    client.force_login(w.secretary)
    assert client.get(URL, {"org": w.other_school.pk}).status_code == 404
    assert client.get(URL, {"org": w.bureau.pk}).status_code == 404
    rows = reverse("programmes-dashboard-rows")
    assert client.get(rows, {"org": w.school.pk, "chart": "progress", "s": 9, "c": 0}).status_code == 404
    assert client.get(rows, {"org": w.school.pk, "chart": "nothing", "s": 0, "c": 0}).status_code == 404
    client.force_login(w.outsider)
    assert client.get(rows, {"org": w.school.pk, "chart": "progress", "s": 0, "c": 0}).status_code == 404


def _queries(client, org) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"org": org}).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_whatever_the_number_of_participants(w, client, today):
    client.force_login(w.secretary)
    before = _queries(client, w.school.pk)
    for n in range(4):
        person = UserFactory(real_name=f"新教师{n}")
        grant(person, w.branch, "MEMBER")
        listed(w.programme, person, Direction.TO_BACKBONE, w.leader)
        record(w.programme, person, w.today.replace(day=1))
    assert _queries(client, w.school.pk) == before


def test_a_county_counts_the_stars_of_every_school_below_it(w):
    stars = values(boards_of(w, w.leading, w.bureau)["stars"])
    assert stars["教学之星"][-1] == 2  # 周海涛's and the other school's
    assert values(boards_of(w, w.secretary, w.branch)["stars"])["教学之星"][-1] == 1  # a branch: its school's
