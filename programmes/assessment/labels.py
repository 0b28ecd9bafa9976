"""The names of the audit events this part writes (process "programme_assessment"), registered by
ProgrammeAssessmentConfig.ready (workflows.kit.registry.register_audited)."""

from django.utils.translation import gettext_lazy as _

PROCESS_LABEL = _("Year-end assessment")
ACTIONS = {
    "open": _("Year-end assessment opened"),
    "scheme_update": _("Assessment indicators changed"),
    "score": _("Score sheet scored"),
    "publish": _("Assessment results published"),
    "request_correction": _("Correction of a published score requested"),
    "approve_correction": _("Correction approved"),
    "reject_correction": _("Correction rejected"),
}
