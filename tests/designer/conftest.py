import pytest

from tests.designer.world import make_school


@pytest.fixture
def w(db):
    """A school under a bureau with its people (tests/designer/world.py)."""
    return make_school()
