import pytest

from workflows.community.demo import seed_community_demo
from workflows.community.models import Application, Status

pytestmark = pytest.mark.django_db


def test_demo_applications_cover_the_stages_and_are_idempotent(seeded_demo):
    """On the demo seeded on 2026-11-22 (tests/conftest.py): the 12 applications its seeding created."""
    assert Application.objects.count() == 12
    stages = sorted(Application.objects.filter(school_year=2026).values_list("stage", flat=True))
    assert stages == sorted([Status.AWAITING_AGREEMENT, Status.SUBMITTED, Status.RETURNED, Status.DRAFT])
    assert Application.objects.filter(school_year=2025, stage=Status.FILED).count() == 8
    assert Application.objects.get(school_year=2026, stage=Status.SUBMITTED).late is True
    assert seed_community_demo(today=seeded_demo) == 0
