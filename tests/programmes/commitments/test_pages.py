"""The pages and the API of pairs, plans and pledges and letters: who sees what (404 for whoever may not see a pair,
403 for whoever sees it without the right), the 公开承诺 page, refusals in words, the export."""

import pytest
from django.test import Client
from django.urls import reverse

from programmes.commitments import services
from programmes.commitments.hub import entries
from programmes.commitments.models import Pledge, PledgeKind
from programmes.models import Pair

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pair(branch):
    return services.pair_create(
        actor=branch.secretary,
        programme=branch.programme,
        mentor=branch.mentor,
        mentee=branch.mentee,
        goals="上好一节公开课",
        duties="每周听课一节",
    )


def test_a_pair_is_seen_by_its_two_people_the_mentees_responsible_person_and_the_organisers_only(branch, pair):
    url = reverse("programmes-pairs-pair", args=[pair.pk])
    for person in (branch.mentor, branch.mentee, branch.groupleader, branch.secretary):
        page = client_of(person).get(url)
        assert page.status_code == 200, person
        assert "上好一节公开课" in page.content.decode()
    for person in (branch.stranger, branch.member):  # another branch's teacher; a member of the branch
        assert client_of(person).get(url).status_code == 404
    # Acknowledging is the two people's: the responsible person sees the pair and is refused.
    acknowledge = reverse("programmes-pairs-pair-acknowledge", args=[pair.pk])
    assert client_of(branch.groupleader).post(acknowledge).status_code == 403
    assert client_of(branch.mentee).post(acknowledge).status_code == 302
    assert Pair.objects.get(pk=pair.pk).mentee_acknowledged_at is not None


def test_the_mentee_is_offered_the_acknowledgement_and_the_organiser_the_pairs_list_with_its_form(branch, pair):
    page = client_of(branch.mentee).get(reverse("programmes-pairs-pair", args=[pair.pk])).content.decode()
    assert reverse("programmes-pairs-pair-acknowledge", args=[pair.pk]) in page
    listing = client_of(branch.secretary).get(reverse("programmes-pairs-list", args=[branch.programme.pk]))
    assert 'id="new-pair"' in listing.content.decode()
    refused = client_of(branch.secretary).post(
        reverse("programmes-pairs-list", args=[branch.programme.pk]),
        {"mentor": branch.mentee.pk, "mentee": branch.mentee.pk, "goals": "x", "duties": "y"},
    )
    assert refused.status_code == 422 and "pair_with_self" not in refused.content.decode()
    assert Pair.objects.count() == 1
    mine = client_of(branch.mentee).get(reverse("programmes-pairs-mine")).content.decode()
    assert reverse("programmes-pairs-pair", args=[pair.pk]) in mine


def test_the_public_pledges_page_shows_only_what_was_made_public(branch):
    public = services.pledge_create(
        actor=branch.mentor, programme=branch.programme, kind=PledgeKind.PLEDGE, text="公开的承诺"
    )
    services.pledge_publish(actor=branch.mentor, pledge=public)
    services.pledge_create(actor=branch.mentee, programme=branch.programme, kind=PledgeKind.PLEDGE, text="还在草稿")
    url = reverse("programmes-pairs-public", args=[branch.programme.pk])
    page = client_of(branch.member).get(url).content.decode()
    assert "公开的承诺" in page and "还在草稿" not in page
    assert client_of(branch.stranger).get(url).status_code == 404


def test_a_pledge_edited_after_publication_is_refused_on_the_page_and_in_the_api(branch):
    pledge = services.pledge_create(actor=branch.mentor, programme=branch.programme, kind=PledgeKind.PLAN, text="原文")
    services.pledge_publish(actor=branch.mentor, pledge=pledge)
    page = client_of(branch.mentor).post(reverse("programmes-pairs-pledge-edit", args=[pledge.pk]), {"text": "改"})
    assert page.status_code == 422
    api = client_of(branch.mentor).patch(
        reverse("api-programmes-pairs-pledge", args=[pledge.pk]), {"text": "改"}, content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["code"] == "pledge_published"
    assert Pledge.objects.get(pk=pledge.pk).text == "原文"
    revised = client_of(branch.mentor).post(
        reverse("api-programmes-pairs-pledge-action", args=[pledge.pk, "revise"]),
        {"text": "修订后"},
        content_type="application/json",
    )
    assert revised.status_code == 201 and revised.json()["version"] == 2
    # Someone else's draft is nobody else's business.
    assert (
        client_of(branch.secretary).get(reverse("api-programmes-pairs-pledge", args=[revised.json()["id"]])).status_code
        == 404
    )


def test_the_api_makes_a_pair_and_refuses_a_stranger_and_a_non_organiser(branch):
    url = reverse("api-programmes-pairs-pairs")
    body = {"programme": branch.programme.pk, "mentor": branch.mentor.pk, "mentee": branch.mentee.pk}
    body |= {"goals": "目标", "duties": "职责"}
    assert client_of(branch.member).post(url, body, content_type="application/json").status_code == 403
    assert client_of(branch.stranger).post(url, body, content_type="application/json").status_code == 404
    made = client_of(branch.secretary).post(url, body, content_type="application/json")
    assert made.status_code == 201
    listed = client_of(branch.mentee).get(url, {"programme": branch.programme.pk}).json()
    assert [row["id"] for row in listed] == [made.json()["id"]]


def test_the_group_leader_acknowledges_the_letter_on_the_letters_page(branch):
    letter = services.letter_issue(
        actor=branch.secretary, programme=branch.programme, group=branch.group, text="责任书正文", duties="督导"
    )
    url = reverse("programmes-pairs-letters", args=[branch.programme.pk])
    assert (
        reverse("programmes-pairs-letter-acknowledge", args=[letter.pk])
        in client_of(branch.groupleader).get(url).content.decode()
    )
    assert (
        client_of(branch.member).post(reverse("programmes-pairs-letter-acknowledge", args=[letter.pk])).status_code
        == 403
    )
    client_of(branch.groupleader).post(reverse("programmes-pairs-letter-acknowledge", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.acknowledged_by == branch.groupleader


def test_the_organiser_exports_the_pledges_and_their_review(branch):
    from io import BytesIO

    from openpyxl import load_workbook

    pledge = services.pledge_create(
        actor=branch.mentor, programme=branch.programme, kind=PledgeKind.PLEDGE, text="=1+1"
    )
    services.pledge_publish(actor=branch.mentor, pledge=pledge)
    services.pledge_review(actor=branch.secretary, pledge=pledge, outcome="KEPT", comment="好")
    url = reverse("export-start", args=["programme-pledges"]) + f"?programme={branch.programme.pk}"
    response = client_of(branch.secretary).post(url)
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "吴晓燕" and rows[1][3] != "=1+1" and "好" in rows[1]
    assert client_of(branch.member).post(url).status_code == 403


def test_the_hub_offers_my_pairs_and_the_programmes_pages(branch, pair):
    labels = [entry["url"] for entry in entries(branch.mentee)]
    assert reverse("programmes-pairs-mine") in labels
    assert reverse("programmes-pairs-public", args=[branch.programme.pk]) in labels
    assert entries(branch.stranger) == []


def test_the_pairs_list_reads_as_many_queries_for_three_pairs_as_for_one(branch, pair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, url = client_of(branch.secretary), reverse("programmes-pairs-list", args=[branch.programme.pk])
    client.get(url)  # the session and the site's caches warmed

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for mentor, mentee in ((branch.mentor, branch.member), (branch.mentor2, branch.member2)):
        services.pair_create(
            actor=branch.secretary, programme=branch.programme, mentor=mentor, mentee=mentee, goals="g", duties="d"
        )
    assert count() == one
