"""The programmes core's demo (programmes.demo, run by seed_demo): the bureau's 双培双促进 programme adopted by the
demo branch, its lists and invitation, one nomination running through the designed process; seeding again makes
nothing; the phone check's addresses resolve."""

import pytest
from django.urls import resolve

from core.school_year import school_year_of
from programmes import demo
from programmes.models import Invitation, ParticipantStatus, Programme, ProgrammeKind
from tests.programmes.mobile_pages import pages

pytestmark = pytest.mark.django_db


def test_the_demo_branch_runs_the_bureaus_programme_with_its_lists(seeded_demo):
    year = school_year_of(seeded_demo)
    programme = Programme.objects.get(organisation__code="YH-C1-S0-B1", kind=ProgrammeKind.DUAL, school_year=year)
    assert programme.adopted_from.organisation.code == "YH-EDU"
    assert programme.stages.count() == 4 and programme.terms.count() == 2 and programme.quotas.count() == 9
    listed = programme.participants.filter(status=ParticipantStatus.LISTED)
    assert {p.person.username for p in listed} == {"trainer", "introducer", "applicant"}
    assert {p.responsible.username for p in listed} == {"groupleader"} and all(p.deadline for p in listed)
    nominated = programme.participants.filter(status=ParticipantStatus.NOMINATED, nomination__isnull=False)
    assert nominated.filter(person__username="committee").exists()
    assert Invitation.objects.filter(participant__programme=programme, participant__person__username="applicant")
    assert demo.seed(today=seeded_demo) == 0


def test_the_phone_pages_resolve(seeded_demo):
    found = pages(None)
    for name, addresses in found.items():
        for _who, url in addresses:
            assert resolve(url).url_name == name
