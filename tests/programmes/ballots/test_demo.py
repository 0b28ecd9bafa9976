"""The votes' demo (programmes.ballots.demo) on the seeded demo data: last year's review published with its counts
verified, this year's open for the branch's demo accounts, and 吴晓燕's 科学之星 on the school's 三星 page."""

import pytest

from accounts.models import Organisation, User
from core.school_year import school_year_of
from programmes.ballots import selectors
from programmes.ballots.demo import STILL_TO_VOTE, seed_ballots_demo
from programmes.ballots.models import Poll, PollKind, PollStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_review_an_open_one_and_a_star(seeded_demo):
    year = school_year_of(seeded_demo)
    reviews = Poll.objects.filter(kind=PollKind.REVIEW, organisation__code="YH-C1-S0-B1")
    published = reviews.get(school_year=year - 1)
    assert published.status == PollStatus.PUBLISHED and published.voted == published.eligible - 2
    assert selectors.verification(published)["ok"]
    current = reviews.get(school_year=year)
    waiting = current.voters.filter(voted_at__isnull=True).values_list("person__username", flat=True)
    assert current.status == PollStatus.OPEN and set(STILL_TO_VOTE) <= set(waiting)
    school = Organisation.objects.get(code="YH-C1-S0")
    holders = selectors.star_holders(school, school_year_of(seeded_demo))
    assert [(row["star"], row["person"]) for row in holders] == [("科学之星", "吴晓燕")]
    assert seed_ballots_demo(today=seeded_demo) == 0  # idempotent
    assert selectors.may_start_stars(User.objects.get(username="trainer"), seeded_demo) is not None


def test_the_phone_pages_open_on_the_demo_and_the_hub_offers_the_vote(seeded_demo):
    from django.test import Client
    from django.urls import reverse

    from tests.programmes.ballots.mobile_pages import pages

    clients = {}
    for name, addresses in pages(None).items():
        for username, url in addresses:
            if username not in clients:
                clients[username] = Client()
                clients[username].force_login(User.objects.get(username=username))
            assert clients[username].get(url).status_code == 200, (name, url)
    hub = clients["secretary"].get(reverse("programmes-hub")).content.decode()
    assert reverse("programmes-ballots-list") in hub and "学年民主评议党员" in hub  # the vote waiting for her
