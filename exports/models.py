from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "QUEUED", _("Waiting")
    RUNNING = "RUNNING", _("Being prepared")
    DONE = "DONE", _("Ready")
    FAILED = "FAILED", _("Failed")


class ExportJob(models.Model):
    """A list export too large to build while the person waits: a worker writes the file in the background,
    counting rows as it goes, and the person downloads it when it is ready. Only its owner sees it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE)
    kind = models.CharField(_("list"), max_length=40)
    params = models.JSONField(_("filter"), default=dict)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if self.status == Status.DONE else (self.done * 100 // self.total if self.total else 0)
