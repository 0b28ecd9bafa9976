"""Reads for people, organisations and memberships."""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import Membership, Organisation, User


def memberships_of_user(user: User, *, today: datetime.date) -> QuerySet[Membership]:
    return (
        Membership.objects.active_on(today)
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__path", "role")
    )


def memberships_of_organisation(organisation: Organisation) -> QuerySet[Membership]:
    """Every membership of the organisation, current and past, with the person loaded (one query)."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-valid_to", "role", "user__real_name")
    )


# Tree reads go straight to the materialised path: one indexed query each, and never fooled by a
# stale in-memory node (treebeard's node methods trust the cached child count).
def organisation_subtree(organisation: Organisation, *, include_self: bool = False) -> QuerySet[Organisation]:
    subtree = Organisation.objects.filter(path__startswith=organisation.path).order_by("path")
    return subtree if include_self else subtree.exclude(pk=organisation.pk)


def organisation_ancestors(organisation: Organisation) -> QuerySet[Organisation]:
    step = Organisation.steplen
    paths = [organisation.path[:end] for end in range(step, len(organisation.path), step)]
    return Organisation.objects.filter(path__in=paths).order_by("path")


def organisation_children(organisation: Organisation) -> QuerySet[Organisation]:
    return organisation_subtree(organisation).filter(depth=organisation.depth + 1)


def organisation_parent(organisation: Organisation) -> Organisation | None:
    if organisation.depth <= 1:
        return None
    return Organisation.objects.get(path=organisation.path[: -Organisation.steplen])


def people_within(organisation: Organisation) -> QuerySet[User]:
    """People with a current or past membership at or below the organisation (its people, for an import there)."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(organisation__path__startswith=organisation.path).values("user_id")
    )


def people_reached_by(user: User, *codenames: str) -> QuerySet[User]:
    """Active people with a current or past membership at or below an organisation where ``user`` holds one of
    ``codenames``: whom an administrator may name (issue #15 item 2), whose application branch staff may enter.
    Everyone active for a superuser. A person of another tree is not reached, and is answered like one who does
    not exist."""
    from accounts.permissions import subtree_q

    if not (user.is_authenticated and user.is_active):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.filter(is_active=True)
    condition = Q(pk__in=[])
    for codename in codenames:
        condition |= subtree_q(user, codename)
    return User.objects.filter(is_active=True, pk__in=Membership.objects.filter(condition).values("user_id"))


def people_administered_by(user: User) -> QuerySet[User]:
    """Everyone, active or deactivated, with a current or past role at or below an organisation where ``user``
    administers people (see accounts.permissions.person_for_user); every person holding a role, for a superuser."""
    from accounts.permissions import ADMINISTER, subtree_q

    if not (user.is_authenticated and user.is_active):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.filter(pk__in=Membership.objects.values("user_id"))
    condition = Q(pk__in=[])
    for codename in ADMINISTER:
        condition |= subtree_q(user, codename)
    return User.objects.filter(pk__in=Membership.objects.filter(condition).values("user_id"))


def organisations_administered_by(user: User) -> QuerySet[Organisation]:
    """The organisations where ``user`` may give people roles (some roles; the service checks which), by path."""
    from accounts.permissions import ADMINISTER, subtree_q

    condition = Q(pk__in=[])
    for codename in ADMINISTER:
        condition |= subtree_q(user, codename, path_field="path")
    return Organisation.objects.filter(condition).order_by("path")
