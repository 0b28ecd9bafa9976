"""Object permissions over the organisation tree, and the access helper for organisations.

A permission granted on an organisation (through a membership, see accounts.services)
holds for that organisation and everything below it. Checks walk up the
materialised path, so one query answers "may this user do X here?" at any depth.
"""

import functools

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from guardian.models import UserObjectPermission

from accounts import roles
from accounts.models import Membership, Organisation, User
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


# The reads that every step's completion and every page make (has_org_perm, perms_in_chain, role_used, granted_roots,
# people_holding) are written as SQL: Django took 0.6-0.9 ms of CPU to build each of these small statements,
# PostgreSQL about 0.1 ms to answer it (issue 16 item 8). Each is the statement the ORM built, in SQL that PostgreSQL
# and the embedded SQLite both run; tests/accounts/test_permission_sql.py holds them equal to the ORM forms.
@functools.cache
def _tables() -> dict[str, str]:
    quote = connections["default"].ops.quote_name
    models = {
        "grant": UserObjectPermission,
        "perm": Permission,
        "org": Organisation,
        "membership": Membership,
        "user": User,
    }
    return {name: quote(model._meta.db_table) for name, model in models.items()}


def _sql(sql: str, **lists: list) -> str:
    """One of those statements, its tables named: ``{chain}`` (and any other list given) stands for a placeholder
    per item of that list, whose values are among the parameters at that place."""
    return sql.format(**_tables(), **{name: ", ".join(["%s"] * len(values)) for name, values in lists.items()})


def _connection():
    return connections[router.db_for_read(UserObjectPermission)]  # the replica, for the auditor console's reads


def _rows(sql: str, params: list, **lists: list) -> list[tuple]:
    with _connection().cursor() as cursor:
        cursor.execute(_sql(sql, **lists), params)
        return cursor.fetchall()


def _day(value):
    return _connection().ops.adapt_datefield_value(value)


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
    chain = ancestor_paths(organisation.path)
    content_type = ContentType.objects.get_for_model(Organisation)  # cached by Django after the first call
    sql = (
        "SELECT 1 FROM {grant} g INNER JOIN {perm} p ON g.permission_id = p.id"
        " WHERE p.codename = %s AND p.content_type_id = %s AND g.user_id = %s AND g.object_pk IN"
        " (SELECT CAST(o.id AS VARCHAR) FROM {org} o WHERE o.path IN ({chain})) LIMIT 1"
    )
    return bool(_rows(sql, [codename, content_type.pk, user.pk, *chain], chain=chain))


def perms_in_chain(user, organisation: Organisation) -> set[str]:
    """Every codename the user holds on the organisation or an ancestor, in one query."""
    if not _is_usable(user):
        return set()
    if user.is_superuser:
        return {codename for codename, _label in roles.PERMISSIONS}
    chain = ancestor_paths(organisation.path)
    content_type = ContentType.objects.get_for_model(Organisation)
    sql = (
        "SELECT p.codename FROM {grant} g INNER JOIN {perm} p ON g.permission_id = p.id"
        " WHERE g.user_id = %s AND p.content_type_id = %s AND g.object_pk IN"
        " (SELECT CAST(o.id AS VARCHAR) FROM {org} o WHERE o.path IN ({chain}))"
    )
    return {codename for (codename,) in _rows(sql, [user.pk, content_type.pk, *chain], chain=chain)}


def granted_roots(user, codename: str) -> list[str]:
    """The paths of the topmost organisations where the user holds ``codename``; their subtrees are covered."""
    if not _is_usable(user):
        return []
    if user.is_superuser:
        paths = sorted(Organisation.objects.values_list("path", flat=True))
    else:
        content_type = ContentType.objects.get_for_model(Organisation)
        sql = (
            "SELECT o.path FROM {org} o WHERE o.id IN (SELECT CAST(g.object_pk AS BIGINT) FROM {grant} g"
            " INNER JOIN {perm} p ON g.permission_id = p.id"
            " WHERE p.codename = %s AND p.content_type_id = %s AND g.user_id = %s)"
        )
        paths = sorted(path for (path,) in _rows(sql, [codename, content_type.pk, user.pk]))
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
    chain = ancestor_paths(organisation.path)
    sql = (
        "SELECT m.role FROM {membership} m INNER JOIN {org} o ON m.organisation_id = o.id"
        " WHERE m.valid_from <= %s AND (m.valid_to IS NULL OR m.valid_to >= %s)"
        " AND o.path IN ({chain}) AND m.user_id = %s"
    )
    held = [role for (role,) in _rows(sql, [_day(day), _day(day), *chain, user.pk], chain=chain)]
    return next((r for r in held if codename in roles.ROLE_PERMISSIONS[r]), "ADMIN" if user.is_superuser else "")


def people_holding(codename: str, organisation: Organisation, day) -> list[User]:
    """Active people who hold ``codename`` through a role on the organisation or above it on ``day`` (whom a queue
    step is offered to)."""
    wanted = [role for role, perms in roles.ROLE_PERMISSIONS.items() if codename in perms]
    if not wanted:
        return []
    chain = ancestor_paths(organisation.path)
    sql = _sql(
        "SELECT u.* FROM {user} u WHERE u.is_active AND u.id IN (SELECT m.user_id FROM {membership} m"
        " INNER JOIN {org} o ON m.organisation_id = o.id WHERE m.valid_from <= %s"
        " AND (m.valid_to IS NULL OR m.valid_to >= %s) AND o.path IN ({chain}) AND m.role IN ({wanted}))",
        chain=chain,
        wanted=wanted,
    )
    return list(User.objects.raw(sql, [_day(day), _day(day), *chain, *wanted]))


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


ADMINISTER = (roles.MANAGE_MEMBERS, roles.MANAGE_SECURITY_ROLES)


def may_administer_people(user) -> bool:
    """Does the user administer people anywhere (the people pages, the navigation)?"""
    return bool(codenames_held(user) & set(ADMINISTER))


def _reaches(roots: list[str], paths: list[str]) -> bool:
    return any(path.startswith(root) for root in roots for path in paths)


def person_for_user(user, pk) -> User:
    """The access helper for people, as administrators see them: 404 unless the person holds (or held) a role at
    or below an organisation the user belongs to; 403 unless one of those lies where the user administers people
    (manage_members or manage_security_roles). A superuser reaches everyone who holds a role anywhere; a person
    who never held one is nobody's to administer here."""
    try:
        person = User.objects.get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    paths = list(Membership.objects.filter(user=person).values_list("organisation__path", flat=True))
    if not paths or not _is_usable(user):
        raise Http404
    if user.is_superuser:
        return person
    if not _reaches(granted_roots(user, roles.VIEW), paths):
        raise Http404
    if not any(_reaches(granted_roots(user, codename), paths) for codename in ADMINISTER):
        raise PermissionDenied
    return person


def identity_organisation(user, person: User) -> Organisation | None:
    """An organisation where ``person`` holds (or held) a role and ``user`` holds view_identity (there or above):
    the one an unmasked read of their ID number is allowed through; None when there is none."""
    if not _is_usable(user):
        return None
    memberships = Membership.objects.filter(user=person).select_related("organisation").order_by("organisation__path")
    organisations = [membership.organisation for membership in memberships]
    if user.is_superuser:
        return organisations[0] if organisations else None
    roots = granted_roots(user, roles.VIEW_IDENTITY)
    return next((org for org in organisations if any(org.path.startswith(root) for root in roots)), None)
