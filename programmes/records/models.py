"""An activity record (听课, 示范课, 读书心得 …) of a person in a programme, counted against the programme's quotas.

One model for every kind: the common facts (who, what kind, which day, in which term, its evidence, its state) as
columns, and the kind's own fields (听课: 班级, 学科, 记录, 建议, 反思 …) as a small JSON object validated exactly
against the table in ``programmes.records.kinds`` (required fields present, no other key).

States: SUBMITTED → CONFIRMED (final) or RETURNED (with a reason). A returned record is never edited: its author
enters a corrected one, a new record pointing at it (``corrects``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programmes.models import ActivityKind, Programme


class RecordStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Waiting for confirmation")  # 待确认
    CONFIRMED = "CONFIRMED", _("Confirmed")  # 已确认
    RETURNED = "RETURNED", _("Returned for correction")  # 已退回


class ActivityRecord(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="activity_records"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="activity_records"
    )
    kind = models.CharField(_("activity"), max_length=16, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    term = models.PositiveSmallIntegerField(_("term"))  # the number of the programme's term the date falls in
    details = models.JSONField(_("details"), default=dict)  # the kind's fields (programmes.records.kinds)
    evidence = models.ManyToManyField(
        "stepwise_forms.Attachment",
        verbose_name=pgettext_lazy("activity record", "evidence"),
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed or returned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("confirmed or returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # The returned record this one corrects (a correction is a new record; the returned one stays as it was).
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )

    class Meta:
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["programme", "person", "kind"], name="record_person_kind"),
            models.Index(fields=["programme", "status"], name="record_programme_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="RETURNED") | ~Q(return_reason=""), name="record_returned_with_reason"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.date}"

    @property
    def summary(self) -> str:
        """The record's one line: its topic, book or title (what a list shows)."""
        from programmes.records.kinds import summary_of

        return summary_of(self.kind, self.details)
