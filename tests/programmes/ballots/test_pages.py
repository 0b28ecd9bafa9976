"""The vote pages and API: a voter's ballot form and "你已投票" without their marks, the organisers' steps, who reads
the counts and who verifies them (404 outside, 403 inside without the right), the API's stable codes, and the
三星 page."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from core.dates import business_today
from programmes.ballots import services
from programmes.ballots.models import Ballot, Choice, Poll, PollStatus
from tests.programmes.ballots.conftest import marks_for

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ballot_post(poll, choice=Choice.EXCELLENT) -> dict:
    return {f"c{pk}": value for pk, value in marks_for(poll, choice).items()}


def test_a_voter_casts_on_the_page_and_sees_that_they_voted_not_how(branch, review):
    voter = client_of(branch.members[0])
    page = voter.get(reverse("programmes-ballots-poll", args=[review.pk]))
    assert page.status_code == 200 and b'type="radio"' in page.content
    cast = voter.post(reverse("programmes-ballots-cast", args=[review.pk]), ballot_post(review, Choice.BASICALLY))
    assert cast.status_code == 302 and Ballot.objects.count() == 1
    after = voter.get(reverse("programmes-ballots-poll", args=[review.pk]))
    assert b'id="voted"' in after.content and b'type="radio"' not in after.content
    assert str(Choice.BASICALLY.label).encode() not in after.content  # their mark is not shown back


def test_a_ballot_missing_a_mark_is_shown_again_with_422_and_nothing_is_written(branch, review):
    incomplete = ballot_post(review)
    incomplete.popitem()
    answer = client_of(branch.members[0]).post(reverse("programmes-ballots-cast", args=[review.pk]), incomplete)
    assert answer.status_code == 422 and not Ballot.objects.exists()


def test_a_second_ballot_through_the_api_answers_its_code_and_writes_nothing(branch, review):
    api = client_of(branch.members[1])
    url = reverse("api-programmes-ballots-cast", args=[review.pk])
    body = {"marks": {str(pk): v for pk, v in marks_for(review).items()}}
    assert api.post(url, body, content_type="application/json").status_code == 201
    events = AuditEvent.objects.count()
    again = api.post(url, body, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "ballot_already_cast"
    assert (Ballot.objects.count(), AuditEvent.objects.count()) == (1, events)


def test_an_organiser_opens_closes_and_publishes_through_the_pages(branch):
    secretary = client_of(branch.secretary)
    today = business_today().isoformat()
    form = {"organisation": branch.branch.pk, "title": "民主评议", "opens": today, "closes": today}
    created = secretary.post(reverse("programmes-ballots-new-review"), form)
    poll = Poll.objects.get()
    assert created.status_code == 302
    assert secretary.post(reverse("programmes-ballots-new-review"), form).status_code == 422  # one a year
    for step in ("open", "close", "publish"):
        assert secretary.post(reverse(f"programmes-ballots-{step}", args=[poll.pk])).status_code == 302
    assert Poll.objects.get().status == PollStatus.PUBLISHED
    results = client_of(branch.members[0]).get(reverse("programmes-ballots-results", args=[poll.pk]))
    assert results.status_code == 200
    counts = client_of(branch.members[0]).get(reverse("api-programmes-ballots-results", args=[poll.pk])).json()
    assert counts["turnout"] == {"voted": 0, "eligible": 8, "percent": "0.00"}
    assert len(counts["rows"]) == 9 and all(sum(row["counts"].values()) == 0 for row in counts["rows"])


def test_counts_and_verification_are_refused_to_whom_they_are_not_for(branch, review):
    results = reverse("programmes-ballots-results", args=[review.pk])
    verify = reverse("programmes-ballots-verify", args=[review.pk])
    services.ballot_cast(actor=branch.members[0], poll=review, marks=marks_for(review))
    services.poll_close(actor=branch.secretary, poll=review)
    assert client_of(branch.members[0]).get(results).status_code == 403  # closed, not yet published
    assert client_of(branch.secretary).get(results).status_code == 200
    assert client_of(branch.outsider).get(results).status_code == 404  # another county's branch
    assert client_of(branch.secretary).get(verify).status_code == 403
    page = client_of(branch.auditor).get(verify)
    assert page.status_code == 200 and b'id="verdict"' in page.content
    assert client_of(branch.auditor).get(reverse("api-programmes-ballots-verify", args=[review.pk])).json()["ok"]
    assert client_of(branch.members[0]).post(reverse("programmes-ballots-publish", args=[review.pk])).status_code == 403


def test_the_stars_page_lists_the_approved_applications_of_the_school(branch, monkeypatch):
    from programmes.ballots import selectors

    rows = [{"star": "科学之星", "person": "吴晓燕", "case": 1, "post": "一线教师"}]
    monkeypatch.setattr(selectors, "star_holders", lambda school, year: rows)
    page = client_of(branch.teacher).get(reverse("programmes-ballots-stars", args=[branch.tree.school.pk]))
    assert page.status_code == 200 and "吴晓燕".encode() in page.content
    assert (
        client_of(branch.outsider).get(reverse("programmes-ballots-stars", args=[branch.tree.school.pk])).status_code
        == 404
    )
