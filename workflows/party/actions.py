"""The catalogue of party-case actions (DOMAIN §2.6) and the context their handlers get: the case's rule book,
the committee's exceptions (overrides) and the rules' severities. Handlers live in workflows.party.steps and
register here; the kit's engine (workflows.kit.engine.run_action) runs them, workflows.party.spec says how."""

from dataclasses import dataclass, field
from functools import cached_property, partial

from accounts.permissions import has_org_perm
from accounts.roles import APPROVE_PARTY
from core.exceptions import ApplicationError
from workflows.kit.actions import Catalogue, Context
from workflows.party.members import approval_committee
from workflows.party.models import CaseStatus, Identity
from workflows.party.rulesets import RuleBook

OPEN = frozenset({CaseStatus.ACTIVE})
PROBATION_OPEN = frozenset({CaseStatus.ACTIVE, CaseStatus.PROBATION_EXTENDED})
ACTIONS = Catalogue()
# A right is held on the case's branch, or with where="committee" at the committee with approval authority above
# it (workflows.party.spec.PLACES). Declaration keys of its own (Action.options): "collective" (a decision entered
# on behalf of a body) and "needs_rule" (offered only when that rule of the case's set is non-zero).
action = partial(ACTIONS.action, where="branch")


def identities(*values: Identity) -> frozenset:
    return frozenset(values)


def at(identities: frozenset, statuses: frozenset = OPEN):
    """The state guard: the person's identity on the case and the case's status."""
    return lambda case: case.identity in identities and case.case_status in statuses


@dataclass
class PartyContext(Context):
    book: RuleBook | None = None  # the case's rule set (workflows.party.spec prepares it)
    granted_overrides: list = field(default_factory=list)  # exceptions granted in advance that this step uses

    @property
    def override_requested(self) -> bool:
        return bool(self.data.get("override", False))

    @cached_property
    def may_override(self) -> bool:
        """A superuser, or an approver at the committee with approval authority (asked only when an overridable
        rule blocks: it costs queries)."""
        if self.actor.is_superuser:
            return True
        committee = approval_committee(self.case.branch)
        return committee is not None and has_org_perm(self.actor, APPROVE_PARTY, committee)

    def block(self, code: str, message, *, overridable: bool = False, **fields) -> None:
        """Refuse, unless the rule allows an override and the higher committee gave one: in advance
        (grant_override) or by running the step itself with override and a reason."""
        if overridable:
            granted = self.case.overrides.filter(code=code, used_by_event__isnull=True).order_by("pk").first()
            if granted is not None:
                self.overrides.append(code)
                self.granted_overrides.append(granted)
                return
            if self.override_requested and self.may_override and self.reason.strip():
                self.overrides.append(code)
                return
        raise ApplicationError(code, message, fields={k: [str(v)] for k, v in fields.items()})

    def rule(self, key: str, code: str, message, **fields) -> None:
        """Apply a rule by its severity in the case's rule set: block, or warn and ask for a reason."""
        if self.book.blocks(key):
            self.block(code, message, **fields)
        else:
            self.warn(code)
