from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class Stage(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    SUBMITTED = "SUBMITTED", _("Submitted")
    APPROVED = "APPROVED", _("Approved")
    REJECTED = "REJECTED", _("Rejected")


class Leave(Process):
    """A teacher's request for leave, approved by a lead of the school: the kit's test process."""

    school = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    initiator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    days = models.PositiveSmallIntegerField(default=1)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.DRAFT)
    decided_on = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)  # the lead decides within three working days of the request
    version = models.PositiveIntegerField(default=0)
