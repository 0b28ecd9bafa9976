"""Reads for people, organisations and memberships."""

import datetime

from django.db.models import QuerySet

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
