"""The demo studio (manage.py seed_demo): 吴晓燕's studio at 玉环市城关第一小学 with its people, an acknowledged
agreement, this term's published plan of four items, two activities held and a report; seeding again adds nothing."""

import pytest

from programmes.studios.demo import NAME, seed
from programmes.studios.models import PlanStatus, Studio, StudioRole
from programmes.studios.selectors import plan_progress

pytestmark = pytest.mark.django_db


def test_the_demo_studio_runs_a_term_and_seeding_again_adds_nothing(seeded_demo):
    studio = Studio.objects.get(name=NAME)
    assert studio.organisation.code == "YH-C1-S0" and studio.lead.username == "introducer"
    roles = {row.person.username: row.role for row in studio.people.select_related("person") if row.person.username}
    assert roles["trainer"] == StudioRole.MEMBER and roles["applicant"] == StudioRole.APPRENTICE
    assert studio.people.filter(role=StudioRole.MEMBER).count() == 2
    assert studio.agreements.get().frozen
    plan = studio.plans.get()
    assert plan.status == PlanStatus.PUBLISHED and plan.items.count() == 4
    assert sum(row.held for row in plan_progress(plan)) == 2 and studio.reports.count() == 1
    assert seed(today=seeded_demo) == 0
