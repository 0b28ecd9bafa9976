"""The year-end assessment of a programme (开展考评, seed 000 §六 考核办法; seed 002's 三星/五个模范 criteria).

- ``Scheme``: a programme's indicator set (考核办法) as data: its indicators with maximum scores and, where an
  indicator maps to activity kinds, the rule that proposes a score from the confirmed activity records; and the
  grade bands (等次: 优秀/合格/基本合格/不合格 with their thresholds). Its organiser edits it freely until the first
  sheet is scored under it; after that an edit is the next version (the sheets keep the version they were scored
  under). The indicators are checked with the evaluation engine's ``checked_scores`` (they read ``code``, ``title``
  and ``max_score`` as evaluation's Indicator does).
- ``Assessment``: one per programme (its school year), pinned to a scheme version, published once.
- ``Sheet``: a participant's score sheet with every intermediate stored (each indicator's score, the proposal and
  its exact value, the records behind it, the reason where the score differs, the exact sum and the grade).
  Publication locks it; afterwards a change is a ``Correction`` requested by one organiser and approved by another,
  which makes the next version of the sheet (the old one kept, superseded), as evaluation's GradingResult.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programmes.models import Participant, Programme
from workflows.evaluation.models import CorrectionStatus


class Rule(models.TextChoices):
    """How the confirmed activity records propose an indicator's score (exact: maximum × share done)."""

    NONE = "NONE", _("Scored by hand (no proposal)")
    EACH_TERM = "EACH_TERM", _("At least the count in each term")
    IN_YEAR = "IN_YEAR", _("At least the count in the school year")


class Scheme(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=120)
    # The 等次 by threshold, highest first, as evaluation's SchemeVersion.grades: [{"label": "优秀", "min": "90"}, …],
    # "min" an exact decimal string, the lowest 0 so that every total has a grade.
    grades = models.JSONField(_("grades (等次)"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment scheme (考核办法)")
        verbose_name_plural = _("assessment schemes (考核办法)")
        ordering = ["programme", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "version"], name="one_assessment_scheme_per_version")
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def full_marks(self):
        return sum((i.max_score for i in self.indicators.all()), start=0)


class Indicator(models.Model):
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=120)
    description = models.CharField(_("description"), max_length=500, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Activity kinds (programmes.models.ActivityKind values) whose confirmed records propose the score.
    kinds = models.JSONField(_("activity kinds"), default=list, blank=True)
    rule = models.CharField(_("proposal"), max_length=10, choices=Rule.choices, default=Rule.NONE)
    count = models.PositiveSmallIntegerField(_("at least"), default=1)

    class Meta:
        verbose_name = _("assessment indicator")
        verbose_name_plural = _("assessment indicators")
        ordering = ["scheme", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="assessment_indicator_code_unique"),
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="assessment_indicator_max_positive"),
        ]

    def __str__(self):
        return self.title


class Assessment(models.Model):
    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="assessment"
    )
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("year-end assessment")
        verbose_name_plural = _("year-end assessments")

    def __str__(self):
        return f"{self.programme} · {_('assessment')}"


class SheetStatus(models.TextChoices):
    SCORED = "SCORED", _("Scored, not published")
    PUBLISHED = "PUBLISHED", _("Published")
    SUPERSEDED = "SUPERSEDED", _("Superseded by a correction")


class Sheet(models.Model):
    """One version of a participant's score sheet. ``rows``, one per indicator: {"indicator", "title", "max",
    "score", "proposal", "proposal_exact", "reason", "records": [record ids], "done"}; every number an exact
    decimal string."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="sheets"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="assessment_sheets"
    )
    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="sheets")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.SCORED)
    rows = models.JSONField(_("scores"))
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2)
    grade = models.CharField(_("grade (等次)"), max_length=20, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scored by"), on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField(_("scored at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["assessment", "participant", "version"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "participant", "version"], name="one_sheet_per_version"),
            models.UniqueConstraint(
                fields=["assessment", "participant"],
                condition=~models.Q(status="SUPERSEDED"),
                name="one_current_sheet_per_participant",
            ),
        ]

    def __str__(self):
        return f"{self.participant} v{self.version}"


class Correction(models.Model):
    """A requested change of one indicator's score on a published sheet; another organiser decides it."""

    sheet = models.ForeignKey(
        Sheet, verbose_name=_("corrected sheet"), on_delete=models.PROTECT, related_name="corrections"
    )
    indicator = models.CharField(_("indicator"), max_length=20)
    before = models.DecimalField(_("before"), max_digits=6, decimal_places=2)
    after = models.DecimalField(_("after"), max_digits=6, decimal_places=2)
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
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(pgettext_lazy("correction", "decision comment"), blank=True)
    produced = models.OneToOneField(
        Sheet,
        verbose_name=_("resulting version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="produced_by",
    )

    class Meta:
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.indicator}: {self.before} → {self.after}"
