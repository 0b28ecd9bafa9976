"""Reads for 委托 (out of office): which roles a person acts in, who may stand in for them, and their delegations.
workflows.services.delegation_set refuses what substitute_refusal refuses, and the page offers only the people it
accepts."""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Membership, User
from accounts.roles import ROLE_PERMISSIONS
from core.dates import business_today
from core.exceptions import ApplicationError
from workflows.models import Delegation


def acting_roles(user, day: datetime.date) -> set[tuple[int, str]]:
    """(organisation id, role) of the roles the user holds that act on steps: roles that only mean belonging
    (党员, 申请人…) carry no steps and need no substitute."""
    held = Membership.objects.active_on(day).filter(user=user).values_list("organisation_id", "role")
    return {(org, role) for org, role in held if ROLE_PERMISSIONS[role] - {roles.VIEW}}


def substitute_refusal(user, substitute, day: datetime.date | None = None) -> ApplicationError | None:
    """The substitute must be someone else, active, holding every acting role the person holds, in the same
    organisations."""
    day = day or business_today()
    if substitute is None or substitute.pk == user.pk or not substitute.is_active:
        message = _("Choose someone else as substitute.")
        return ApplicationError("substitute_ineligible", message, fields={"substitute_id": [str(message)]})
    theirs = set(Membership.objects.active_on(day).filter(user=substitute).values_list("organisation_id", "role"))
    if not acting_roles(user, day) <= theirs:
        message = _("The substitute must hold the same roles in the same organisations.")
        return ApplicationError("substitute_lacks_role", message, fields={"substitute_id": [str(message)]})
    return None


def substitute_candidates(user, day: datetime.date | None = None) -> list[User]:
    """The people who may stand in for the user today (none when the user holds no acting role)."""
    day = day or business_today()
    mine = acting_roles(user, day)
    if not mine:
        return []
    found: set[int] | None = None
    active = Membership.objects.active_on(day)
    for organisation, role in mine:
        holders = set(active.filter(organisation_id=organisation, role=role).values_list("user_id", flat=True))
        found = holders if found is None else found & holders
    people = User.objects.filter(pk__in=found or (), is_active=True).exclude(pk=user.pk).order_by("real_name", "pk")
    return [person for person in people if substitute_refusal(user, person, day) is None]


def delegations_of(user) -> QuerySet[Delegation]:
    """The user's delegations, the latest first (current, planned and past)."""
    return Delegation.objects.filter(user=user).select_related("substitute").order_by("-starts_on", "-pk")


def current_delegation(user, day: datetime.date | None = None) -> Delegation | None:
    """The delegation in force or planned (not yet ended), if any: one at a time."""
    day = day or business_today()
    return Delegation.objects.filter(user=user, ends_on__gte=day).select_related("substitute").order_by("-pk").first()
