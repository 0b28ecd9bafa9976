"""The home page's ways into the community applications (workflows.start): the schools' leads draft, confirm and
submit; the bureau files or returns."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles
from workflows.start import Start


def start_points(user, held: set[str]) -> list[Start]:
    points = []
    if roles.SUBMIT_SCHOOL_APPLICATIONS in held:
        points.append(
            Start(
                _("My school's community applications"),
                reverse("community-application-list"),
                _("Help projects (帮扶项目) and feature plans (特色发展): draft, confirm, submit."),
            )
        )
        points.append(Start(_("New community application"), reverse("community-application-new")))
    if roles.REVIEW_COMMUNITY in held:
        points.append(
            Start(
                _("Applications waiting for the bureau"),
                reverse("community-application-list") + "?stage=SUBMITTED",
                _("File them (审核备案) or return them with reasons."),
            )
        )
    return points
