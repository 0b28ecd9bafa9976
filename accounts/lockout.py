"""What a person sees when django-axes has locked their login name from their address (settings: AXES_*)."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_OUT = "locked_out"


def lockout_message() -> str:
    return _("After %(limit)d failed attempts this login name is locked from your address for %(minutes)d minutes.") % {
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page (and the admin's) answer 429 with the translated lockout page."""
    context = {"code": LOCKED_OUT, "message": lockout_message()}
    return render(request, "registration/locked_out.html", context, status=429)
