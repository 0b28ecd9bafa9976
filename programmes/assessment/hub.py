"""What this part offers on the programmes hub page (/programmes/) to a person: links they may use now."""

from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.assessment.selectors import organised_programmes, own_published_sheets


def entries(user) -> list[dict]:
    """[{"label": ..., "url": ..., "hint": ...}] for the hub: only what ``user`` may open."""
    if not user.is_authenticated:
        return []
    found = []
    programmes = list(organised_programmes(user)[:4])
    for programme in programmes[:3]:
        found.append(
            {
                "label": _("Year-end assessment: %(name)s") % {"name": programme.name},
                "url": reverse("programmes-assessment-detail", args=[programme.pk]),
                "hint": _("Score the participants, publish, corrections"),
            }
        )
    sheets = own_published_sheets(user)
    if len(programmes) > 3 or sheets.exists():
        found.append(
            {
                "label": _("Year-end assessment"),
                "url": reverse("programmes-assessment-list"),
                "hint": _("The assessments I run and the published score sheets"),
            }
        )
    return found
