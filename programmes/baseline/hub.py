"""What this part offers on the programmes hub page (/programmes/) to a person: links they may use now."""

from django.urls import reverse
from django.utils.translation import gettext as _


def entries(user) -> list[dict]:
    """[{"label": ..., "url": ..., "hint": ...}] for the hub: only what ``user`` may open."""
    from accounts.models import Organisation
    from programmes.baseline.access import COUNTY_KINDS, reach_of

    if not (user.is_authenticated and user.is_active):
        return []
    reach = reach_of(user)
    found = []
    schools = list(Organisation.objects.filter(reach.schools_q()).order_by("path")[:6])
    for school in schools:
        found.append(
            {
                "label": _("Baseline of %(school)s") % {"school": school.name},
                "url": reverse("programmes-baseline-school", args=[school.pk]),
                "hint": _("Party members, backbone teachers and their ratios; titles and honours."),
            }
        )
        found.append(
            {
                "label": _("Priority development targets of %(school)s") % {"school": school.name},
                "url": reverse("programmes-baseline-targets", args=[school.pk]),
                "hint": _("Non-party teachers whose honours or titles mark them (重点发展对象)."),
            }
        )
    for county in Organisation.objects.filter(reach.read_q(), kind__in=COUNTY_KINDS).order_by("path")[:3]:
        found.append(
            {
                "label": _("Baseline figures of %(county)s") % {"county": county.name},
                "url": reverse("programmes-baseline-county", args=[county.pk]),
                "hint": _("Each school's figures and the totals."),
            }
        )
    if reach.may_record_anywhere():
        found.append(
            {
                "label": _("Import titles and honours"),
                "url": reverse("programmes-baseline-import"),
                "hint": _("From an Excel sheet: every row checked, all or nothing."),
            }
        )
    found.append(
        {
            "label": _("My titles and honours"),
            "url": reverse("programmes-baseline-person", args=[user.pk]),
            "hint": "",
        }
    )
    return found
