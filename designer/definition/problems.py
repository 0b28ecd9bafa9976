"""A problem found in a process document (designer-format.md, "Problems"): a stable code, the node or branch it is
about, the field key when it is about one, and a message in the reader's language (names and labels, never ids)."""

from dataclasses import asdict, dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"

CODES = frozenset(
    {
        "format_invalid",
        "id_duplicate",
        "field_key_duplicate",
        "field_options_missing",
        "branch_default_missing",
        "branch_default_several",
        "branch_condition_missing",
        "branch_priority_duplicate",
        "branches_too_few",
        "branch_unreachable",
        "condition_field_missing",
        "condition_op_invalid",
        "condition_value_invalid",
        "who_missing",
        "who_field_missing",
        "who_field_type",
        "ratio_invalid",
        "field_permission_unknown",
        "named_outside_owner",
        "parallel_too_wide",
        "approvers_none_for_sample",
    }
)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    node: str | None = None
    field: str | None = None
    level: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
