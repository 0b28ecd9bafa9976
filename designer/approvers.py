"""Who acts at a node of a designed process (docs/designer-format.md, "Who (approver sources)"): the people each
approver source finds for one initiator starting a case in one organisation on one day.

Every source costs a constant number of queries whatever the size or depth of the organisation tree: ancestors come
from the materialised path (their paths are computed here, fetched in one query), the leads of every level in one
more, and a Resolver keeps both (and the initiator's roles) for all the nodes of the case it resolves. Only active
people count, and only through roles valid on the day (``Membership.objects.active_on``).

What the walker does with the people found (自动去重, the initiator among them, nobody found) is not decided here.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

from django.db.models import QuerySet, Subquery

from accounts.models import Membership, Organisation, OrganisationKind, User
from accounts.permissions import ancestor_paths
from accounts.roles import Role
from accounts.selectors import organisation_ancestors
from workflows.kit import sql_rows

# The lead (主管) of an organisation, by its kind: whom "superior" and "superiors" find there. A kind without a lead
# (an education community) is no level: the count goes on above it.
LEAD_ROLES: dict[str, tuple[str, ...]] = {
    OrganisationKind.SCHOOL: (Role.MEMBER_SCHOOL, Role.CORE_SCHOOL),
    OrganisationKind.BRANCH: (Role.BRANCH_SECRETARY,),
    OrganisationKind.GENERAL_BRANCH: (Role.BRANCH_SECRETARY,),
    OrganisationKind.PARTY_GROUP: (Role.PARTY_GROUP,),
    OrganisationKind.PARTY_COMMITTEE: (Role.PARENT_COMMITTEE,),
    OrganisationKind.BUREAU: (Role.BUREAU_LEADING_GROUP,),
}
SOURCES = ("people", "role", "role_in", "superior", "superiors", "chosen", "field", "initiator", "previous")


def ids_of(value: Any) -> list[int] | None:
    """An id or a list of ids (a person or organisation field's value, picks) as distinct ids in order; None when
    something in it is not an id."""
    items = value if isinstance(value, list | tuple) else ([] if value is None else [value])
    ids: list[int] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            ids.append(item)
        elif isinstance(item, str) and item.isdigit():
            ids.append(int(item))
        else:
            return None
    return list(dict.fromkeys(ids))


def _in_order(ids: Sequence[int], found: Iterable[int]) -> list[int]:
    kept = set(found)
    return [pk for pk in ids if pk in kept]


def _active(ids: Sequence[int]) -> list[int]:
    """Those of ``ids`` who are active people, in the order given (one query; none without ids)."""
    if not ids:
        return []
    user, active = sql_rows.quoted(User, "id"), sql_rows.quoted(User, "is_active")
    sql = f"SELECT {user} FROM {sql_rows.quoted(User)} WHERE {active} AND {user} {sql_rows.one_of(len(ids))}"  # noqa: S608
    return _in_order(ids, (pk for (pk,) in sql_rows.fetch(sql, ids)))  # written here: the ORM cost more than the read


def _holders(day: datetime.date, **where: Any) -> list[int]:
    """Active people holding, on ``day``, a membership matching ``where``; by id (one query)."""
    memberships = Membership.objects.active_on(day).filter(**where).values("user_id")
    return list(User.objects.filter(is_active=True, pk__in=memberships).order_by("pk").values_list("pk", flat=True))


class Resolver:
    """The people of every approver source for one case: ``initiator`` starting it in ``organisation`` (one of
    theirs) on ``day``; ``owner`` is the definition's owner organisation, whose process administrators act when a
    node finds nobody (``empty: "admin"``)."""

    def __init__(
        self, *, initiator: User, organisation: Organisation, day: datetime.date, owner: Organisation | None = None
    ):
        self.initiator, self.organisation, self.day, self.owner = initiator, organisation, day, owner

    def people(
        self,
        who: Mapping[str, Any],
        *,
        values: Mapping[str, Any] | None = None,
        chosen: Sequence[int] | None = None,
        previous: Sequence[int] = (),
    ) -> list[int]:
        """The ids of the people ``who`` finds, in order (superiors nearest first), each once. ``values``: the form's
        stored values (source "field"); ``chosen``: the initiator's picks for this node (source "chosen": its
        ``default`` when there are none); ``previous``: whom the previous node's approver chose (source
        "previous")."""
        source = who.get("source")
        if source not in SOURCES:
            raise ValueError(f"unknown approver source: {source!r}")
        found: list[int] = getattr(self, f"_{source}")(who, values or {}, chosen, previous)
        return list(dict.fromkeys(found))

    def _people(self, who, values, chosen, previous) -> list[int]:
        return _active(ids_of(who.get("people")) or [])

    def _role(self, who, values, chosen, previous) -> list[int]:
        return _holders(self.day, organisation_id=self.organisation.pk, role=who.get("role"))

    def _role_in(self, who, values, chosen, previous) -> list[int]:
        organisation = ids_of(who.get("organisation"))
        if not organisation:
            return []
        return _holders(self.day, organisation_id__in=organisation, role=who.get("role"))

    def _superior(self, who, values, chosen, previous) -> list[int]:
        level = int(who.get("levels") or 1)
        return self.levels[level - 1] if 1 <= level <= len(self.levels) else []

    def _superiors(self, who, values, chosen, previous) -> list[int]:
        return [pk for level in self.levels[: max(int(who.get("levels") or 1), 0)] for pk in level]

    def _chosen(self, who, values, chosen, previous) -> list[int]:
        picks = ids_of(chosen) if chosen else ids_of(who.get("default"))
        if not picks:
            return []
        candidates = candidates_for(who, initiator=self.initiator, organisation=self.organisation, day=self.day)
        found = _in_order(picks, candidates.filter(pk__in=picks).values_list("pk", flat=True))
        return found if who.get("multiple") else found[:1]

    def _field(self, who, values, chosen, previous) -> list[int]:
        value = ids_of(values.get(who.get("field", "")))
        if not value:
            return []
        if who.get("role"):  # an organisation field: the holders of the role there
            return _holders(self.day, organisation_id__in=value, role=who["role"])
        return _active(value)

    def _initiator(self, who, values, chosen, previous) -> list[int]:
        return [self.initiator.pk] if self.initiator.is_active else []

    def _previous(self, who, values, chosen, previous) -> list[int]:
        return _active(ids_of(list(previous)) or [])

    @cached_property
    def chain(self) -> list[Organisation]:
        """The case's organisation and its ancestors, the root first (one query)."""
        return [*organisation_ancestors(self.organisation), self.organisation]

    @cached_property
    def levels(self) -> list[list[int]]:
        """The leads of each level above the initiator, nearest first (one query for every level): level 1 is the
        case organisation's lead, unless the initiator is that lead (then it is the next one up). A level whose
        lead's place is vacant on the day is an empty list."""
        roles = {role for leads in LEAD_ROLES.values() for role in leads}
        rows = (
            Membership.objects.active_on(self.day)
            .filter(organisation_id__in=[org.pk for org in self.chain], role__in=roles, user__is_active=True)
            .values_list("organisation_id", "role", "user_id")
        )
        held: dict[int, list[tuple[int, int]]] = {}
        kinds = {org.pk: org.kind for org in self.chain}
        for organisation_id, role, user_id in rows:
            order = LEAD_ROLES.get(kinds[organisation_id], ())
            if role in order:
                held.setdefault(organisation_id, []).append((order.index(role), user_id))
        levels = [
            list(dict.fromkeys(user_id for _rank, user_id in sorted(held.get(org.pk, []))))
            for org in reversed(self.chain)
            if org.kind in LEAD_ROLES
        ]
        return levels[1:] if levels and self.initiator.pk in levels[0] else levels

    def admins(self) -> list[int]:
        """The process administrators of the definition's owner organisation: active holders of the process
        administrator's role on it or above on the day, the nearest first (one query, kept)."""
        return list(self._admins)

    @cached_property
    def _admins(self) -> tuple[int, ...]:
        if self.owner is None:
            return ()
        rows = (
            Membership.objects.active_on(self.day)
            .filter(
                organisation__path__in=ancestor_paths(self.owner.path), role=Role.PROCESS_ADMIN, user__is_active=True
            )
            .values_list("organisation__depth", "user_id")
        )
        return tuple(dict.fromkeys(user_id for _depth, user_id in sorted(rows, key=lambda row: (-row[0], row[1]))))

    @cached_property
    def _roles(self) -> frozenset[str]:
        held = Membership.objects.active_on(self.day).filter(user_id=self.initiator.pk).values_list("role", flat=True)
        return frozenset(held)

    def facts_roles(self) -> frozenset[str]:
        """The roles the initiator holds on the day, in any organisation (conditions on the initiator's role)."""
        return self._roles

    def facts_organisations(self) -> frozenset[int]:
        """The case's organisation and its ancestors (a condition "within" an organisation holds when it is one of
        them)."""
        return frozenset(org.pk for org in self.chain)


def candidates_for(
    who: Mapping[str, Any], *, initiator: User, organisation: Organisation, day: datetime.date
) -> QuerySet[User]:
    """Whom the initiator may pick for a "chosen" node, by name: active people with a role valid on the day in the
    scope's organisation or below (the case's organisation when the scope names none), holding the scope's role
    when it names one. One query when evaluated, whatever the tree's size. ``initiator`` may pick themself: the
    node's ``initiator`` rule decides what happens then."""
    scope = who.get("scope") or {}
    memberships = Membership.objects.active_on(day)
    if scope.get("role"):
        memberships = memberships.filter(role=scope["role"])
    named = ids_of(scope.get("organisation"))
    if named:
        root = Organisation.objects.filter(pk=named[0]).values("path")[:1]
        memberships = memberships.filter(organisation__path__startswith=Subquery(root))
    else:
        memberships = memberships.filter(organisation__path__startswith=organisation.path)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("real_name", "pk")


def eligible_choice(
    who: Mapping[str, Any],
    person_ids: Sequence[int],
    *,
    initiator: User,
    organisation: Organisation,
    day: datetime.date,
) -> bool:
    """Is every person the initiator picked for a "chosen" node one they may pick (and only one when the node takes
    one)? No picks at all are allowed: the node's ``default`` (or its rule for nobody found) applies."""
    ids = ids_of(list(person_ids))
    if ids is None or (len(ids) > 1 and not who.get("multiple")):
        return False
    if not ids:
        return True
    candidates = candidates_for(who, initiator=initiator, organisation=organisation, day=day)
    return candidates.filter(pk__in=ids).count() == len(ids)
