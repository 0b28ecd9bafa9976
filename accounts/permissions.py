"""Object permissions over the organisation tree, and the access helper for organisations.

A permission granted on an organisation (through a membership, see accounts.services)
holds for that organisation and everything below it. Checks walk up the
materialised path, so one query answers "may this user do X here?" at any depth.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from guardian.models import UserObjectPermission

from accounts import roles
from accounts.models import Membership, Organisation
from core.request_memo import per_request


def _is_usable(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _grants(user, codename: str) -> QuerySet[UserObjectPermission]:
    """The user's guardian rows for ``codename`` on organisations. Only accounts.services writes them,
    always as user (never group) permissions, so this one indexed table is the whole truth."""
    content_type = ContentType.objects.get_for_model(Organisation)  # cached by Django after the first call
    return UserObjectPermission.objects.filter(
        user=user, permission__content_type=content_type, permission__codename=codename
    )


def codenames_held(user) -> set[str]:
    """Every codename the user holds anywhere in the tree, in one query (what the navigation may offer)."""
    if not _is_usable(user):
        return set()
    if user.is_superuser:
        return {codename for codename, _label in roles.PERMISSIONS}
    content_type = ContentType.objects.get_for_model(Organisation)
    return per_request(
        ("codenames", user.pk),
        lambda: set(
            UserObjectPermission.objects.filter(user=user, permission__content_type=content_type)
            .values_list("permission__codename", flat=True)
            .distinct()
        ),
    )


def organisations_granted(user, codename: str) -> QuerySet[Organisation]:
    """Organisations on which the user directly holds ``codename`` (not their subtrees)."""
    if not _is_usable(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    granted_pks = _grants(user, codename).annotate(org_pk=Cast("object_pk", BigIntegerField())).values("org_pk")
    return Organisation.objects.filter(pk__in=granted_pks)


def ancestor_paths(path: str) -> list[str]:
    step = Organisation.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def has_org_perm(user, codename: str, organisation: Organisation) -> bool:
    """True when the user holds ``codename`` on the organisation or on any ancestor."""
    if not _is_usable(user):
        return False
    if user.is_superuser:
        return True
    chain = Organisation.objects.filter(path__in=ancestor_paths(organisation.path))
    return (
        _grants(user, codename)
        .filter(object_pk__in=chain.annotate(pk_text=Cast("pk", CharField())).values("pk_text"))
        .exists()
    )


def perms_in_chain(user, organisation: Organisation) -> set[str]:
    """Every codename the user holds on the organisation or an ancestor, in one query."""
    if not _is_usable(user):
        return set()
    if user.is_superuser:
        return {codename for codename, _label in roles.PERMISSIONS}
    chain = Organisation.objects.filter(path__in=ancestor_paths(organisation.path))
    content_type = ContentType.objects.get_for_model(Organisation)
    return set(
        UserObjectPermission.objects.filter(
            user=user,
            permission__content_type=content_type,
            object_pk__in=chain.annotate(pk_text=Cast("pk", CharField())).values("pk_text"),
        ).values_list("permission__codename", flat=True)
    )


def granted_roots(user, codename: str) -> list[str]:
    """The paths of the topmost organisations where the user holds ``codename``; their subtrees are covered."""
    paths = sorted(organisations_granted(user, codename).values_list("path", flat=True))
    roots: list[str] = []
    for path in paths:
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def subtree_q(user, codename: str, path_field: str = "organisation__path") -> Q:
    """A filter selecting rows whose organisation lies in a subtree where the user holds ``codename``.

    Costs one query to read the user's grants; the filter itself is a few indexed prefix matches.
    """
    if _is_usable(user) and user.is_superuser:
        return Q()
    roots = granted_roots(user, codename)
    if not roots:
        return Q(pk__in=[])
    condition = Q()
    for root in roots:
        condition |= Q(**{f"{path_field}__startswith": root})
    return condition


def role_used(user, codename: str | None, organisation: Organisation, day) -> str:
    """The role code through which the user holds ``codename`` on the organisation on ``day`` (for audit
    events): "" when none does, "ADMIN" for a superuser acting without one."""
    if codename is None:
        return ""
    held = (
        Membership.objects.active_on(day)
        .filter(user=user, organisation__path__in=ancestor_paths(organisation.path))
        .values_list("role", flat=True)
    )
    return next((r for r in held if codename in roles.ROLE_PERMISSIONS[r]), "ADMIN" if user.is_superuser else "")


def organisations_visible_to(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(subtree_q(user, roles.VIEW, path_field="path"))


def organisation_for_user(user, pk, *, perm: str | None = None) -> Organisation:
    """The access helper for organisations: 404 for an outsider, 403 for an insider without ``perm``."""
    try:
        organisation = Organisation.objects.get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not has_org_perm(user, roles.VIEW, organisation):
        raise Http404
    if perm is not None and not has_org_perm(user, perm, organisation):
        raise PermissionDenied
    return organisation


def organisation_filter(user, pk) -> Organisation | None:
    """A list or dashboard's "organisation" filter: the chosen organisation if the user may see it, else none
    (an unknown or foreign id is ignored like any other bad filter value, never an error)."""
    if not pk or not str(pk).isdigit():
        return None
    return organisations_visible_to(user).filter(pk=int(pk)).first()
