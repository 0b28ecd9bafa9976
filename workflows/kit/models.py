"""What a case model may take from the kit: the fields the kit's defaults read by name (ProcessType: who sees a case,
its deadline and whether it was met, the revision the engine counts), for a case someone starts, submits by a
deadline and may get back with reasons."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmittedCase(models.Model):
    """Who started the case (who sees it: ProcessType.visible_cases), who submitted it and when (the business date
    besides), its deadline (``due_field``) and whether it was met (``late_field``), the reason it was last returned,
    and its revision (counted by the engine on every action)."""

    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_on = models.DateField(_("submission date"), null=True, blank=True)  # business date
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    late = models.BooleanField(_("submitted late"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    version = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        abstract = True


def submitted(case: SubmittedCase, ctx, *, deadline) -> None:
    """The case submitted by the action's actor now (its business date: the action's day), by ``deadline``: late when
    after it."""
    case.submitted_by, case.submitted_at, case.submitted_on = ctx.actor, ctx.now, ctx.today
    case.deadline, case.late = deadline, ctx.today > deadline
