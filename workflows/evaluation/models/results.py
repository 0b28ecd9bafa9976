"""Grading results: every version kept (DOMAIN §4.4–§4.5, C9).

A result stores the scheme it was computed under and, per pair, the inputs and every intermediate
value as exact decimal strings. Publishing locks it; a later change is an approved correction,
which supersedes the version with a new one. Nothing here is ever edited in place or deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultStatus(models.TextChoices):
    COMPUTED = "COMPUTED", _("Computed")
    PUBLISHED = "PUBLISHED", _("Published")
    SUPERSEDED = "SUPERSEDED", _("Superseded by a newer version")  # corrected, or sent back and aggregated again


class CorrectionStatus(models.TextChoices):
    PENDING = "PENDING", _("Waiting for approval")
    APPROVED = "APPROVED", _("Approved")
    REJECTED = "REJECTED", _("Rejected")


class GradingResult(models.Model):
    case = models.ForeignKey(
        "evaluation.EvaluationCase", verbose_name=_("case"), on_delete=models.PROTECT, related_name="results"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=ResultStatus.choices)
    reading = models.CharField(_("reading"), max_length=2)
    community_type = models.CharField(_("community type"), max_length=16)
    # {"code", "reading", "ratios", "routine_full_marks", "year_end_full_marks", "term_weight", "places",
    #  "rounding", "feature_policy", "indicator_sets"}
    scheme = models.JSONField(_("scheme snapshot"))
    # One per pair: schools, "inputs", "sources", "intermediates" (exact strings), rounded totals, warnings.
    rows = models.JSONField(_("rows"))
    warnings = models.JSONField(_("warnings"), default=list)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("computed by"), on_delete=models.PROTECT, related_name="+"
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("grading result")
        verbose_name_plural = _("grading results")
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="one_result_per_version")]
        ordering = ["case", "version"]

    def __str__(self):
        return f"{self.case} v{self.version}"


class ResultCorrection(models.Model):
    """A requested change of one grading input after aggregation: field is "N1_K@<member school id>" style
    (see workflows.evaluation.corrections); the approver must be another person of the leading group."""

    result = models.ForeignKey(
        GradingResult, verbose_name=_("corrected result"), on_delete=models.PROTECT, related_name="corrections"
    )
    field = models.CharField(_("input"), max_length=60)
    before = models.CharField(_("before"), max_length=20, blank=True)
    after = models.DecimalField(_("after"), max_digits=8, decimal_places=2)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)
    produced = models.OneToOneField(
        GradingResult,
        verbose_name=_("resulting version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="produced_by",
    )

    class Meta:
        verbose_name = _("result correction")
        verbose_name_plural = _("result corrections")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.field}: {self.before} → {self.after}"
