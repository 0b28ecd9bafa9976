"""Navigation for the page shell, chosen by what the user may do."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import codenames_held
from audit.selectors import is_auditor
from dashboards.selectors import may_see_bureau, may_see_party
from notifications.delivery import live_counts


def shell(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items.append({"label": _("Home"), "url": reverse("home")})
        counts = live_counts(user)
        items.append({"label": _("My tasks"), "url": reverse("my-tasks"), "count": counts["todo"], "live": "todo"})
        held = codenames_held(user)
        if may_see_party(held) or may_see_bureau(held):
            items.append({"label": _("Dashboards"), "url": reverse("dashboards")})
        items.append({"label": _("Party development"), "url": reverse("party-case-list")})
        items.append({"label": _("Community applications"), "url": reverse("community-application-list")})
        items.append({"label": _("Community evaluation"), "url": reverse("evaluation-list")})
        items.append({"label": _("My organisations"), "url": reverse("organisation-list")})
        if is_auditor(user):
            items.append({"label": _("Audit trail"), "url": reverse("audit-console")})
        items.append({"label": _("API documentation"), "url": reverse("api-docs")})
        if user.is_staff:
            items.append({"label": _("Administration"), "url": reverse("admin:index")})
    else:
        counts = {}
    return {"nav_items": items, "demo_mode": settings.DEMO_MODE, "live_counts": counts}
