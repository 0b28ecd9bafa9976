"""What the shared task and inbox code needs to know about each process. Each process app registers
itself when Django starts (see workflows/party/apps.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class ProcessType:
    code: str
    label: Promise
    flow_class: type
    visible_cases: Callable  # user -> QuerySet of the process model
    case_of: Callable  # viewflow Process -> the process's case row
    case_url: Callable  # case -> URL of its page
    action_url: Callable  # (case, action code) -> URL of the step's form
    action_code: Callable  # (case, node name) -> the action that completes that step
    complete: Callable  # (task, actor, payload, **facts) -> result; raises ApplicationError or PermissionDenied
    run: Callable  # (case_id=, code=, actor=, payload=, **facts) -> result: any action of the process
    # How the shared inbox reaches the case from a viewflow Task: the related names to load with each task,
    # and the lookups of the organisation's path and of the name a row is about (for filters).
    # case -> (who or what it is about, organisation name, where the case stands) for inbox rows
    describe: Callable = lambda case: ("", "", "")
    task_related: tuple = ()
    organisation_path_lookup: str = ""
    subject_name_lookup: str = ""
    # For the case boxes (我发起的, 抄送我的), read on viewflow's Process: the lookup of the case's business due
    # date (same "process__" form as above), and case -> {"due", "action", "status"} for its row.
    supervisors: Callable = lambda case: []  # case -> people an overdue step escalates to
    organisation_of: Callable = lambda case: None  # case -> the organisation it belongs to (branch, community)
    case_lookup: str = ""  # the Process's related name for the case ("partycase"); "" when it has none
    due_lookup: str = ""
    case_facts: Callable = lambda case: {"due": None, "action": "", "status": ""}
    # The process decides its multi-approver steps itself (its state moves with them): the shared task API
    # sends complete / return / withdraw of such steps to ``complete`` and ``run`` instead of the engine.
    decides_own_approvals: bool = False
    # Steps decided by approvers whose "approve" needs no input of its own, so the inbox offers them to
    # 批量同意 (bulk approval); a step that needs its own form (a filing number…) is decided on its page.
    approve_in_bulk: frozenset = frozenset()
    # Who has a part in a case (workflows.access.has_part_in_case): besides its applicant or initiator and
    # whoever holds or held one of its steps, the holders of these rights — case -> ((codename, organisation),
    # …), each held on that organisation or above. A process that declares none gives nobody a part by right.
    working_rights: Callable = lambda case: ()
    # case -> QuerySet of the people who may be copied (抄送) on it: the one list the page offers and every
    # door (page, API) checks; None: nobody.
    cc_candidates: Callable = lambda case: None


PROCESS_TYPES: dict[str, ProcessType] = {}


def register(process_type: ProcessType) -> None:
    PROCESS_TYPES[process_type.code] = process_type


def on_process(lookup: str) -> str:
    """A task-level lookup ("process__partycase__branch__path") as seen from the Process ("partycase__…")."""
    return lookup.removeprefix("process__")


def process_type_of(process) -> ProcessType:
    for process_type in PROCESS_TYPES.values():
        if process.flow_class is process_type.flow_class:
            return process_type
    raise LookupError(f"no process type for {process.flow_class}")
