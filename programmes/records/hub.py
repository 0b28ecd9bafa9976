"""What this part offers on the programmes hub page (/programmes/) to a person: links they may use now."""

from django.urls import reverse
from django.utils.translation import gettext as _


def entries(user) -> list[dict]:
    """[{"label": ..., "url": ..., "hint": ...}] for the hub: only what ``user`` may open."""
    from accounts.permissions import subtree_q
    from accounts.roles import SEE_CASES
    from programmes.models import Programme
    from programmes.records.access import organised_q, recording_programmes
    from programmes.records.selectors import waiting_for

    if not user.is_authenticated:
        return []
    found = []
    if recording_programmes(user).exists():
        hint = _("Lesson observations, demonstration lessons, reading …")
        found.append({"label": _("New record"), "url": reverse("programmes-records-new"), "hint": hint})
        found.append({"label": _("My activity records"), "url": reverse("programmes-records-mine"), "hint": ""})
    waiting = waiting_for(user).count()
    if waiting:
        hint = _("%(n)d waiting") % {"n": waiting}
        found.append({"label": _("Records to confirm"), "url": reverse("programmes-records-inbox"), "hint": hint})
    overseen = (
        Programme.objects.filter(
            organised_q(user, "organisation__path") | subtree_q(user, SEE_CASES, "organisation__path")
        )
        .select_related("organisation")
        .order_by("-school_year", "name")[:10]
    )
    for programme in overseen:
        found.append(
            {
                "label": _("Progress: %(name)s") % {"name": programme.name},
                "url": reverse("programmes-records-school", args=[programme.pk]),
                "hint": programme.organisation.name,
            }
        )
    return found
