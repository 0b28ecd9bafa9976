"""What the path of a case depends on besides its document: the initiator and the form's values."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Facts:
    initiator: int
    roles: frozenset[str] = frozenset()  # role codes the initiator holds today
    organisations: frozenset[int] = frozenset()  # the initiator's organisations and all their ancestors
    values: Mapping[str, Any] = field(default_factory=dict)  # the form's stored values (format doc)
    admins: tuple[int, ...] = ()  # process administrators (for empty == "admin")


class LazyFacts(Facts):
    """Facts whose initiator-dependent parts are read only when the walk asks for them (a condition on the
    initiator's role or organisation, a node that found nobody and falls back to the administrators): each is a
    function called at most once. The walk sees plain Facts."""

    def __init__(
        self,
        *,
        initiator: int,
        values: Mapping[str, Any],
        roles: Callable[[], frozenset[str]],
        organisations: Callable[[], frozenset[int]],
        admins: Callable[[], tuple[int, ...]],
    ):
        object.__setattr__(self, "initiator", initiator)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "_read", {"roles": roles, "organisations": organisations, "admins": admins})
        object.__setattr__(self, "_known", {})

    def _fact(self, name: str) -> Any:
        known = self._known  # type: ignore[attr-defined]
        if name not in known:
            known[name] = self._read[name]()  # type: ignore[attr-defined]
        return known[name]

    @property
    def roles(self) -> frozenset[str]:
        return self._fact("roles")

    @property
    def organisations(self) -> frozenset[int]:
        return self._fact("organisations")

    @property
    def admins(self) -> tuple[int, ...]:
        return self._fact("admins")
