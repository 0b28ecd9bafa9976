"""The baseline's demo (programmes.baseline.demo) on the seeded demo data: the titles and honours of the demo
school's teachers, and 陈思远 among its 重点发展对象."""

import pytest

from accounts.models import Organisation
from programmes.baseline import selectors
from programmes.baseline.demo import ENTRIES, seed

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_its_titles_and_chen_siyuan_is_a_target(seeded_demo):
    school = Organisation.objects.get(code="YH-C1-S0")
    found = selectors.figures(school, day=seeded_demo).totals
    # 县级以上 backbone titles: 周海涛 (教学骨干), 陈思远 and b1m1 (教学能手), b3m2 (市级学科带头人).
    assert found.count("backbones") == 4 and found.count("advanced") == 1
    targets = selectors.targets(school, day=seeded_demo)
    assert [row.person.real_name for row in targets] == ["陈思远"]
    assert len(targets[0].reasons) == 2
    assert seed(today=seeded_demo) == 0  # idempotent
    assert len(ENTRIES) == 7
