"""The party case as the kit's engine locks and reads it (ProcessType.lock): one SELECT … FOR UPDATE of the case's
row and its viewflow Process row, with its person, branch and rule set, in SQL written once per process
(workflows.kit.sql_rows: the ORM spent 1–2 ms of CPU building this statement on every step)."""

import functools

from viewflow.workflow.models import Process

from accounts.models import Organisation, User
from workflows.kit.sql_rows import columns, fetch, for_update, quoted
from workflows.party.models import PartyCase, RuleSet

RELATED = (("person", User), ("branch", Organisation), ("rule_set", RuleSet))


def lock(case_id: int) -> PartyCase:
    """The case, its rows locked until the transaction ends, with its person, branch and rule set (DoesNotExist
    as ``get`` raises it when there is none)."""
    rows = fetch(_sql(), [case_id])
    if not rows:
        raise PartyCase.DoesNotExist(f"{PartyCase._meta.object_name} matching query does not exist.")
    row, case_columns = rows[0], columns(PartyCase)
    case, start = case_columns.make(row), case_columns.width
    for name, model in RELATED:
        related = columns(model)
        PartyCase._meta.get_field(name).set_cached_value(case, related.make(row, start))
        start += related.width
    return case


@functools.cache
def _sql() -> str:
    selected = ", ".join(columns(model).sql for model in (PartyCase, *(model for _name, model in RELATED)))
    joins = f"INNER JOIN {quoted(Process)} ON {quoted(PartyCase, 'process_ptr')} = {quoted(Process, 'id')} "
    for name, model in RELATED:
        joins += f"INNER JOIN {quoted(model)} ON {quoted(PartyCase, name)} = {quoted(model, 'id')} "
    return (
        f"SELECT {selected} FROM {quoted(PartyCase)} {joins}"  # noqa: S608  (names from the models' metadata)
        f"WHERE {quoted(PartyCase, 'process_ptr')} = %s{for_update(PartyCase, Process)}"
    )
