import pytest

from programmes import services
from programmes.models import ProgrammeKind
from tests.programmes.world import make_world


@pytest.fixture
def w(db):
    """A bureau, a school with its branch and party group, their people (tests/programmes/world.py)."""
    return make_world()


@pytest.fixture
def programme(w):
    """The branch's 双培双促进 programme of this school year, with the seed's defaults."""
    return services.programme_create(
        actor=w.secretary, kind=ProgrammeKind.DUAL, organisation=w.branch, school_year=w.year
    )
