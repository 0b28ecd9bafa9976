"""Who is around an organisation: whom the cases of a process may be copied to (抄送) unless the process says
otherwise (ProcessType.cc_candidates); who acts on a step: the holders of a right in an organisation or above."""

from django.db.models import Q, QuerySet

from accounts.models import Membership, Organisation, User
from accounts.permissions import ancestor_paths
from accounts.roles import ROLE_PERMISSIONS
from core.dates import business_today


def people_around(organisation) -> QuerySet[User]:
    """Active people with a role in the organisation, below it or above it."""
    around = Q(memberships__organisation__path__startswith=organisation.path) | Q(
        memberships__organisation__path__in=ancestor_paths(organisation.path)
    )
    return User.objects.filter(around, is_active=True).distinct().order_by("real_name")


def holders(codename: str, organisations, *, above: bool = False, day=None) -> list[User]:
    """Who acts: the active people holding the right ``codename`` through a role they hold on ``day`` (default:
    the business day) in one of ``organisations`` — with ``above``, in one of them or any organisation above it."""
    if above:
        paths = {path for organisation in organisations for path in ancestor_paths(organisation.path)}
        organisations = Organisation.objects.filter(path__in=paths)
    roles = [role for role, rights in ROLE_PERMISSIONS.items() if codename in rights]
    held = Membership.objects.active_on(day or business_today()).filter(organisation__in=organisations, role__in=roles)
    return list(User.objects.filter(pk__in=held.values("user_id"), is_active=True).order_by("pk"))
