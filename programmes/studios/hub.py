"""What this part offers on the programmes hub page (/programmes/) to a person: links they may use now."""

from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.studios import selectors


def entries(user) -> list[dict]:
    """[{"label": ..., "url": ..., "hint": ...}] for the hub: only what ``user`` may open."""
    if not (user.is_authenticated and user.is_active):
        return []
    found = [
        {"label": studio.name, "url": reverse("programmes-studios-studio", args=[studio.pk]), "hint": _("Studio")}
        for studio in selectors.studios_visible_to(user).filter(people__person=user, people__left__isnull=True)[:5]
    ]
    if found or selectors.studios_visible_to(user).exists():
        hint = _("Studios, their members, plans, activities and archive")
        found.append({"label": _("Famous-teacher studios"), "url": reverse("programmes-studios-list"), "hint": hint})
    return found
