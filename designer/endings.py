"""Who is told when a designed case ends (approved, rejected or withdrawn): other parts that keep something in step
with a case's outcome register a listener here (the programmes: a nomination's case puts its nominee on the
cultivation list or not); the designer knows none of them. Listeners run inside the transaction of the action that
ended the case, with the case's new stage set (not yet saved), so what they write commits or rolls back with it."""

from collections.abc import Callable

LISTENERS: list[Callable] = []


def listen(listener: Callable) -> None:
    """``listener(case)``: called once when the case's walk ends."""
    if listener not in LISTENERS:
        LISTENERS.append(listener)


def ended(case) -> None:
    for listener in LISTENERS:
        listener(case)
