"""The site's navigation for the page shell, chosen by what the user may do: the shared pages, and each process's
list page as its registration names it (workflows.kit.registry), in the order the processes are installed."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import ADMINISTER, codenames_held
from accounts.roles import DESIGN_PROCESSES
from accounts.tokens import uses_the_api
from audit.selectors import is_auditor
from dashboards.selectors import may_see_bureau, may_see_party
from notifications.delivery import live_counts
from workflows.kit.registry import PROCESS_TYPES


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
        for process_type in PROCESS_TYPES.values():
            if process_type.navigation:
                label, url_name = process_type.navigation
                items.append({"label": str(label), "url": reverse(url_name)})
        items.append({"label": _("Programmes"), "url": reverse("programmes-hub")})
        items.append({"label": _("My organisations"), "url": reverse("organisation-list")})
        if DESIGN_PROCESSES in held or user.is_superuser:
            items.append({"label": _("Process design"), "url": reverse("designer-list")})
        if held & set(ADMINISTER):
            items.append({"label": _("People"), "url": reverse("people-list")})
        if is_auditor(user):
            items.append({"label": _("Audit trail"), "url": reverse("audit-console")})
        if uses_the_api(user):  # staff and integrators only: nobody else has a use for it
            items.append({"label": _("API documentation"), "url": reverse("api-docs")})
        if user.is_staff:
            items.append({"label": _("Administration"), "url": reverse("admin:index")})
    else:
        counts = {}
    return {"nav_items": items, "demo_mode": settings.DEMO_MODE, "live_counts": counts}
