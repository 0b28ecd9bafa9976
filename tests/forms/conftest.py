"""The party fixture serves the attachment tests too (files named in party steps and comments)."""

from tests.workflows.party.conftest import party  # noqa: F401
