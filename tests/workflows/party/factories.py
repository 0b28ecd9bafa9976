"""The kit's engine on party cases, for tests that run actions without the API."""

from workflows.kit import engine


def run_action(**call):
    """The kit's engine on a party case."""
    return engine.run_action(process="party", **call)


def open_task(case, node: str):
    return engine.open_task(engine.PROCESS_TYPES["party"], case, node)
