"""The demo's pairs, plans and pledges and letter (programmes.commitments.demo), made after the core's programme."""

import pytest

from programmes.commitments.demo import seed
from programmes.commitments.models import Pledge, PledgeStatus, ResponsibilityLetter
from programmes.models import Pair

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_pairs_the_pledges_and_an_acknowledged_letter_and_seeds_once(seeded_demo):
    pairs = {
        (p.mentor.username, p.mentee.username): (bool(p.mentor_acknowledged_at), bool(p.mentee_acknowledged_at))
        for p in Pair.objects.select_related("mentor", "mentee").filter(programme__organisation__code="YH-C1-S0-B1")
    }
    assert pairs == {("introducer", "applicant"): (True, True), ("trainer", "b1m1"): (True, False)}
    statuses = dict(Pledge.objects.values_list("person__username", "status").distinct())
    assert statuses == {"trainer": PledgeStatus.PUBLISHED, "introducer": PledgeStatus.PUBLISHED, "applicant": "DRAFT"}
    letter = ResponsibilityLetter.objects.get(group__code="YH-C1-S0-B1-G1")
    assert letter.acknowledged_by.username == "groupleader"
    assert seed(today=seeded_demo) == 0
