"""The party fixture serves the shared workflow tests (inbox) too."""

from tests.workflows.party.conftest import party  # noqa: F401
