"""Step handlers, one module per stage; importing this package registers every action."""

from workflows.party.steps import activist, admission, application, development, probation  # noqa: F401
