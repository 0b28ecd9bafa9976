"""The flow lock of the step engines: viewflow's row lock on the case (``select_for_update_lock``), told when the
engine already holds it.

A step engine locks the case row itself (SELECT … FOR UPDATE, waiting its turn) before it checks anything, and
then completes viewflow tasks, which take the flow's lock on the same row again: a savepoint, a second
SELECT … FOR UPDATE NOWAIT and a release per task, for a lock the transaction already holds. Inside
``case_lock_held(pk)`` the flow lock of that case is a no-op; everywhere else it is viewflow's own.
"""

import threading
from contextlib import contextmanager

from viewflow.workflow.lock import SelectForUpdateLock

_state = threading.local()


def _held() -> set:
    if not hasattr(_state, "held"):
        _state.held = set()
    return _state.held


@contextmanager
def case_lock_held(process_pk: int):
    """Use as ``with transaction.atomic(), case_lock_held(pk):`` with SELECT … FOR UPDATE of the case row as the
    block's first statement: the row lock then lasts (until the transaction ends) at least as long as the block."""
    held = _held()
    first = process_pk not in held
    held.add(process_pk)
    try:
        yield
    finally:
        if first:
            held.discard(process_pk)


def lock_is_held(process_pk: int) -> bool:
    """Inside ``case_lock_held(process_pk)`` on this thread."""
    return process_pk in _held()


class CaseLock(SelectForUpdateLock):
    """viewflow's SelectForUpdateLock, skipped for a case whose row this thread's transaction already holds."""

    @contextmanager
    def __call__(self, flow_class, process_pk):
        if process_pk in _held():
            yield
            return
        with super().__call__(flow_class, process_pk):
            yield


case_lock = CaseLock()


def lock_case_rows(process_pk: int, flow_class) -> None:
    """Lock a case from outside its step engine (the shared task services, the approval engine) as the engine does:
    the process class's own row and viewflow's Process row, in one SELECT … FOR UPDATE, waiting its turn.

    Locking the Process row alone let an engine take the case row first and wait for ours; completing or assigning
    our task then ran viewflow's lock (FOR UPDATE NOWAIT on the case row), which failed inside our transaction: a
    transfer racing a completion ended in "current transaction is aborted" instead of a refusal."""
    model = flow_class.process_class
    links = tuple(link.name for link in model._meta.parents.values() if link is not None)
    model._default_manager.select_for_update(of=("self", *links)).get(pk=process_pk)
