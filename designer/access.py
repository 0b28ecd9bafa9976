"""The one access helper of a process definition: 404 to whoever may neither design nor start it, 403 to someone who
may start it but is asked to design it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.dates import business_today
from designer.models import Definition
from designer.selectors import designable_q, start_places


def may_design_any(user) -> bool:
    from accounts.permissions import granted_roots
    from accounts.roles import DESIGN_PROCESSES

    return user.is_authenticated and (user.is_superuser or bool(granted_roots(user, DESIGN_PROCESSES)))


def definition_for_user(user, pk, *, design: bool = True) -> Definition:
    definition = Definition.objects.select_related("owner").filter(pk=pk).first()
    if definition is None or not user.is_authenticated:
        raise Http404
    designs = Definition.objects.filter(designable_q(user), pk=definition.pk).exists()
    if designs:
        return definition
    if start_places(user, definition, business_today()):
        if design:
            raise PermissionDenied
        return definition
    raise Http404
