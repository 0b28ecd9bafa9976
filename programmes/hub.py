"""What the programmes core offers on the hub page (/programmes/) to a person: links they may use now."""

from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.access import organiser_roots
from programmes.dashboard.access import organisations_for


def entries(user) -> list[dict]:
    """[{"label": ..., "url": ..., "hint": ...}] for the hub: only what ``user`` may open."""
    from programmes.selectors import programmes_for_user

    if not user.is_authenticated:
        return []
    organises = bool(organiser_roots(user))
    found = []
    if organises or programmes_for_user(user).exists():
        found.append(
            {
                "label": _("Programmes (活动方案)"),
                "url": reverse("programmes-programme-list"),
                "hint": _("Stages, terms, quotas and cultivation lists"),
            }
        )
    if organises:
        found.append(
            {
                "label": _("New programme"),
                "url": reverse("programmes-programme-new"),
                "hint": _("Or adopt the bureau's programme"),
            }
        )
    if organisations_for(user).exists():
        found.append(
            {
                "label": _("Programmes dashboard"),
                "url": reverse("programmes-dashboard"),
                "hint": _(
                    "The seed's ratios over the years, quota progress, pledges kept, three stars and grades; each "
                    "figure opens its rows."
                ),
            }
        )
    return found
