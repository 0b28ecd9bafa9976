"""The names of this part's audit events (process "commitments"), for the audit console when it names them: the
console names the actions of registered process types only (audit.labels.action_name), and this part is none."""

from django.utils.translation import gettext_lazy as _

PROCESS_LABEL = _("Pairs and pledges")
ACTIONS = {
    "pair_create": _("Pair made"),
    "pair_update": _("Pair's goals and duties changed"),
    "pair_acknowledge": _("Pair acknowledged"),
    "pair_end": _("Pair ended"),
    "pledge_create": _("Plan or pledge written"),
    "pledge_edit": _("Draft plan or pledge changed"),
    "pledge_publish": _("Plan or pledge made public"),
    "pledge_revise": _("New version of a plan or pledge written"),
    "pledge_review": _("Plan or pledge reviewed at year end"),
    "letter_issue": _("Responsibility letter issued"),
    "letter_acknowledge": _("Responsibility letter acknowledged"),
}
