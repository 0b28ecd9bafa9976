"""What this part offers on the programmes hub page (/programmes/) to a person: links they may use now."""

from django.urls import reverse
from django.utils.translation import gettext as _


def entries(user) -> list[dict]:
    """[{"label": ..., "url": ..., "hint": ...}] for the hub: only what ``user`` may open. 我的结对 for everyone in a
    pair or responsible for one; each programme's pairs, public pledges and letters for whoever sees it."""
    from programmes.commitments.selectors import my_pairs, programmes_seen_by

    if not user.is_authenticated:
        return []
    found = []
    if my_pairs(user).exists():
        found.append({"label": _("My pairs"), "url": reverse("programmes-pairs-mine"), "hint": ""})
    latest = programmes_seen_by(user).order_by("-school_year").values_list("school_year", flat=True).first()
    for programme in programmes_seen_by(user).filter(school_year=latest).order_by("pk")[:5]:
        found.append(
            {
                "label": _("Pairs (结对)"),
                "url": reverse("programmes-pairs-list", args=[programme.pk]),
                "hint": programme.name,
            }
        )
        found.append(
            {
                "label": _("Public pledges (公开承诺)"),
                "url": reverse("programmes-pairs-public", args=[programme.pk]),
                "hint": programme.name,
            }
        )
        found.append(
            {
                "label": _("Responsibility letters (责任书)"),
                "url": reverse("programmes-pairs-letters", args=[programme.pk]),
                "hint": programme.name,
            }
        )
    return found
