"""The access helper for community applications: 404 to anyone who may not see the application."""

from django.http import Http404

from workflows.community.models import Application
from workflows.community.selectors import applications_visible_to


def application_for_user(user, pk) -> Application:
    try:
        return applications_visible_to(user).select_related("community", "core_school", "member_school").get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
