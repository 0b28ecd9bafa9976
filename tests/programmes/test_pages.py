"""The programme pages: the list, a programme's page and its edit pages for the organiser, 404 to whoever does not
see a programme and 403 to whoever sees it without organising it, refusals re-rendered with 422, the lists' export."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.dates import business_today
from programmes import services
from programmes.models import ActivityKind, Direction, ProgrammeKind, Quota
from programmes.selectors import quota_words

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def listed(w, programme):
    services.participant_add(
        actor=w.secretary, programme=programme, person=w.member, direction=Direction.TO_BACKBONE, responsible=w.leader
    )
    candidate = services.participant_add(
        actor=w.secretary, programme=programme, person=w.teacher, direction=Direction.TO_MEMBER, responsible=w.leader
    )
    services.invitation_create(
        actor=w.leader, participant=candidate, meeting_date=business_today(), title="第一党支部组织生活会"
    )
    return candidate


def test_the_secretary_sees_the_programme_with_its_stages_quotas_and_lists(client, w, programme, listed):
    page = _as(client, w.secretary).get(reverse("programmes-programme-detail", args=[programme.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    observation = programme.quotas.get(kind=ActivityKind.OBSERVATION, audience="ALL")
    assert "摸清底子" in text and quota_words(observation) in text  # 每学期听课不少于20节 in Chinese
    assert "周海涛" in text and "陈思远" in text and "第一党支部组织生活会" in text
    assert reverse("programmes-programme-quotas", args=[programme.pk]) in text
    assert "TO_BACKBONE" not in text.replace('id="list-to_backbone"', "").replace("direction=TO_BACKBONE", "")


def test_the_list_offers_new_programmes_to_organisers_only(client, w, programme):
    page = _as(client, w.secretary).get(reverse("programmes-programme-list"))
    assert page.status_code == 200 and programme.name in page.content.decode()
    assert reverse("programmes-programme-new") in page.content.decode()
    member = _as(client, w.member).get(reverse("programmes-programme-list"))
    assert reverse("programmes-programme-new") not in member.content.decode()
    assert _as(client, w.member).get(reverse("programmes-programme-new")).status_code == 403


def test_a_member_sees_the_programme_but_may_not_edit_it(client, w, programme):
    client = _as(client, w.member)
    assert client.get(reverse("programmes-programme-detail", args=[programme.pk])).status_code == 200
    assert client.get(reverse("programmes-programme-quotas", args=[programme.pk])).status_code == 403


def test_another_school_does_not_see_the_programme(client, w, programme):
    client = _as(client, w.stranger)
    assert client.get(reverse("programmes-programme-detail", args=[programme.pk])).status_code == 404
    assert client.get(reverse("programmes-programme-quotas", args=[programme.pk])).status_code == 404


def test_a_quota_below_zero_comes_back_on_the_form(client, w, programme):
    url = reverse("programmes-programme-quotas", args=[programme.pk])
    data = {"kind": ActivityKind.OBSERVATION, "period": "TERM", "count": "-3", "audience": "ALL"}
    answer = _as(client, w.secretary).post(url, data)
    assert answer.status_code == 422 and "quota_below_zero" not in answer.content.decode()
    assert Quota.objects.get(programme=programme, kind=ActivityKind.OBSERVATION, audience="ALL").count == 20


def test_the_secretary_creates_a_programme(client, w):
    data = {"kind": ProgrammeKind.DUAL, "organisation": w.branch.pk, "school_year": w.year, "name": ""}
    answer = _as(client, w.secretary).post(reverse("programmes-programme-new"), data)
    assert answer.status_code == 302
    assert w.branch.programmes.get().stages.count() == 4


def test_the_branch_adopts_the_bureaus_programme_from_the_list(client, w):
    source = services.programme_create(
        actor=w.leading, kind=ProgrammeKind.DUAL, organisation=w.bureau, school_year=w.year
    )
    client = _as(client, w.secretary)
    assert source.name in client.get(reverse("programmes-programme-list")).content.decode()
    answer = client.post(reverse("programmes-programme-adopt", args=[source.pk]), {"organisation": w.branch.pk})
    assert answer.status_code == 302
    assert w.branch.programmes.get().adopted_from == source
    assert _as(client, w.stranger).get(reverse("programmes-programme-adopt", args=[source.pk])).status_code == 404


def test_terms_move_together(client, w, programme):
    data = {
        "t1-starts": f"{w.year}-09-01",
        "t1-ends": f"{w.year + 1}-02-10",
        "t2-starts": f"{w.year + 1}-02-11",
        "t2-ends": f"{w.year + 1}-07-10",
    }
    answer = _as(client, w.secretary).post(reverse("programmes-programme-terms", args=[programme.pk]), data)
    assert answer.status_code == 302
    assert programme.terms.get(number=1).ends == datetime.date(w.year + 1, 2, 10)


def test_the_responsible_person_records_attendance(client, w, programme, listed):
    invitation = listed.invitations.get()
    url = reverse("programmes-programme-attendance", args=[invitation.pk])
    assert _as(client, w.member).post(url, {"attended": "YES"}).status_code == 403
    assert _as(client, w.leader).post(url, {"attended": "YES"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.attended == "YES"


def test_the_lists_export_with_labels(client, w, programme, listed):
    answer = _as(client, w.secretary).get(reverse("programmes-programme-export", args=[programme.pk]))
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert "陈思远" in cells and "赵敏" in cells
    assert not {"LISTED", "TO_MEMBER", "UNKNOWN"} & set(cells)


def test_whoever_may_start_the_nomination_process_gets_its_link(client, w, programme):
    from tests.programmes.world import publish_nomination

    definition = publish_nomination(w)
    page = _as(client, w.secretary).get(reverse("programmes-programme-detail", args=[programme.pk]))
    assert reverse("designed-new", args=[definition.pk]) in page.content.decode()


def test_the_programme_page_reads_as_many_queries_however_long_its_lists(client, w, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _as(client, w.secretary)
    url = reverse("programmes-programme-detail", args=[programme.pk])

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.participant_add(actor=w.secretary, programme=programme, person=w.member, direction=Direction.TO_BACKBONE)
    few = counted()
    for person in (w.member2, w.leader):
        services.participant_add(actor=w.secretary, programme=programme, person=person, direction=Direction.TO_BACKBONE)
    services.participant_add(actor=w.secretary, programme=programme, person=w.teacher, direction=Direction.TO_MEMBER)
    assert counted() == few
