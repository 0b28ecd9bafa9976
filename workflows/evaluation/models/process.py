"""The viewflow side of an evaluation case (DOMAIN §4.4). The case's open steps are viewflow tasks of this
process, one per track and step (workflows.evaluation.flows), so they reach 待办, deadlines, claims, transfers,
抄送 and 催办 like every other process's. The case row keeps its own key, which its pages and its audit trail use;
this row is created with the case (and, for the cases opened before it existed, by migration 0004)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from workflows.evaluation.models.cases import EvaluationCase


class EvaluationProcess(Process):
    case = models.OneToOneField(
        EvaluationCase, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="process"
    )
    # Who opened the evaluation: the case boxes (我发起的) and 催办 read it as every process's initiator.
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluation process")
        verbose_name_plural = _("evaluation processes")

    def __str__(self):
        return str(self.case)
