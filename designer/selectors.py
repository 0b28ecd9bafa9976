"""Reads of designed processes: which definitions a person may start (and in which of their organisations), which
they may design, a definition's published version."""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import Membership, Organisation, OrganisationKind
from accounts.permissions import granted_roots
from accounts.roles import DESIGN_PROCESSES
from designer.models import Definition, DefinitionVersion


def current_memberships(user, day: datetime.date) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("organisation")
    )


def _starter_matches(starters: list, membership: Membership, paths: dict[int, str]) -> bool:
    """A membership lets its holder start a definition: a starter rule's role (or any) held in its organisation's
    subtree."""
    for rule in starters:
        path = paths.get(rule.get("organisation"))
        if path is None or not membership.organisation.path.startswith(path):
            continue
        if not rule.get("role") or rule["role"] == membership.role:
            return True
    return False


UNITS = (OrganisationKind.SCHOOL, OrganisationKind.BUREAU)  # the organisations that own processes for their people


def unit_paths(memberships: list[Membership]) -> dict[int, str]:
    """Each membership's organisation -> the path of its unit: the nearest school or bureau at or above it."""
    chains = {o.pk: [o.path[:i] for i in range(4, len(o.path) + 1, 4)] for o in (m.organisation for m in memberships)}
    wanted = {path for chain in chains.values() for path in chain}
    units = set(Organisation.objects.filter(path__in=wanted, kind__in=UNITS).values_list("path", flat=True))
    return {pk: next((p for p in reversed(chain) if p in units), chain[-1]) for pk, chain in chains.items()}


def start_places(user, definition: Definition, day: datetime.date) -> list[Organisation]:
    """The organisations in which ``user`` may start a case of ``definition`` (their memberships there, in the
    owner's subtree — in the owner's own unit unless the definition is shared with the organisations below —
    matching its starters), nearest first; empty: they may not."""
    memberships = current_memberships(user, day)
    owner_path = definition.owner.path
    units = unit_paths(memberships) if not definition.shared else {}
    ids = [rule.get("organisation") for rule in definition.starters]
    paths = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "path")) if ids else {}
    places: dict[int, Organisation] = {}
    for membership in memberships:
        organisation = membership.organisation
        if not organisation.path.startswith(owner_path):
            continue
        if not definition.shared and units.get(organisation.pk) != owner_path:
            continue
        if definition.starters and not _starter_matches(definition.starters, membership, paths):
            continue
        places.setdefault(organisation.pk, organisation)
    return sorted(places.values(), key=lambda o: -o.depth)


def startable_definitions(user, day: datetime.date) -> list[Definition]:
    """Enabled, published definitions ``user`` may start (of their organisations or above them)."""
    memberships = current_memberships(user, day)
    chains = {path[:i] for m in memberships for path in [m.organisation.path] for i in range(4, len(path) + 1, 4)}
    if not chains:
        return []
    candidates = (
        Definition.objects.filter(enabled=True, owner__path__in=chains, versions__number__isnull=False)
        .select_related("owner")
        .distinct()
    )
    return [definition for definition in candidates if start_places(user, definition, day)]


def designable_q(user) -> Q:
    """Definitions ``user`` designs: owned by an organisation at or below one where they hold the designer's right."""
    if user.is_superuser:
        return Q()
    roots = granted_roots(user, DESIGN_PROCESSES)
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(owner__path__startswith=root)
    return condition


def designable(user) -> QuerySet[Definition]:
    return Definition.objects.filter(designable_q(user)).select_related("owner")


def published(definition: Definition) -> DefinitionVersion | None:
    return definition.versions.filter(number__isnull=False).order_by("-number").first()


def draft_of(definition: Definition) -> DefinitionVersion | None:
    return definition.versions.filter(number__isnull=True).first()
