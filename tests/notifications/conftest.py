"""The party fixture serves the notification tests of steps (tests/notifications/test_step_notices.py) too."""

from tests.workflows.party.conftest import party  # noqa: F401
