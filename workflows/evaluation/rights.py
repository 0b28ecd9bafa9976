"""Who may act on a case: permissions held on its schools or above, appointments, and conflicts of
interest (DOMAIN C7). Read in a fixed number of queries, whatever the number of schools or tracks."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission

from accounts import roles
from accounts.models import Membership, Organisation
from accounts.permissions import ancestor_paths
from core.exceptions import ApplicationError


def perms_by_org(user, organisations) -> dict[int, set[str]]:
    """For each organisation, the codenames the user holds on it or on an ancestor (two queries in all)."""
    if not (user.is_authenticated and user.is_active):
        return {org.pk: set() for org in organisations}
    if user.is_superuser:
        everything = {codename for codename, _label in roles.PERMISSIONS}
        return {org.pk: set(everything) for org in organisations}
    paths = sorted({p for org in organisations for p in ancestor_paths(org.path)})
    chain = Organisation.objects.filter(path__in=paths)
    grants = UserObjectPermission.objects.filter(
        user=user,
        permission__content_type=ContentType.objects.get_for_model(Organisation),
        object_pk__in=chain.annotate(pk_text=Cast("pk", CharField())).values("pk_text"),
    ).values_list("object_pk", "permission__codename")
    held_at: dict[int, set[str]] = {}
    for object_pk, codename in grants:
        held_at.setdefault(int(object_pk), set()).add(codename)
    path_of = dict(chain.filter(pk__in=list(held_at)).values_list("pk", "path")) if held_at else {}
    out = {}
    for org in organisations:
        out[org.pk] = set()
        for pk, codenames in held_at.items():
            if org.path.startswith(path_of[pk]):
                out[org.pk] |= codenames
    return out


def conflicted(users, schools, day: datetime.date) -> list:
    """Those of ``users`` with an active membership in one of ``schools`` (or an organisation inside it)."""
    if not users or not schools:
        return []
    prefixes = [school.path for school in schools]
    memberships = Membership.objects.active_on(day).filter(user__in=[u.pk for u in users])
    inside = set()
    for user_id, path in memberships.values_list("user_id", "organisation__path"):
        if any(path.startswith(prefix) for prefix in prefixes):
            inside.add(user_id)
    return [u for u in users if u.pk in inside]


def refuse_conflicts(users, schools, day: datetime.date, field: str = "user_ids") -> None:
    """DOMAIN C7: nobody inspects or scores a school they belong to."""
    clashing = conflicted(users, schools, day)
    if clashing:
        names = "、".join(u.real_name or u.username for u in clashing)
        raise ApplicationError(
            "evaluator_conflict",
            _("%(names)s belongs to an inspected school and may not assess it.") % {"names": names},
            fields={field: [u.pk for u in clashing]},
        )
