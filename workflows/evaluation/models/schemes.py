"""Versioned grading data (DOMAIN §4.2, §0.5): indicator sets with per-indicator maxima, and the scheme
versions that fix, for a school year, the indicator sets, the ratios, the reading, full marks and rounding.

Both are append-only: a published version never changes, an edit is the next version. A case pins its
scheme version when it is opened, so a result can always be recomputed from what was in force.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    ROUTINE = "ROUTINE", _("Routine work (常态化)")
    PROJECT = "PROJECT", _("Help project (帮扶项目)")
    FEATURE = "FEATURE", _("Feature development (特色发展)")


class Reading(models.TextChoices):
    R1 = "R1", _("Pooled: both schools of a pair take the pair's routine-work score, shared by the ratio")
    R2 = "R2", _("Own: each school keeps its own routine-work score")


class CoreCombination(models.TextChoices):
    """How the totals of a core school with several member schools (one per pair) combine (DOMAIN §4.2 leaves it
    to the bureau)."""

    SEPARATE = "separate", _("Each pair's total stands on its own")
    MEAN = "mean", _("The core school's result is the average of its pairs' totals")


class FeaturePolicy(models.TextChoices):
    IGNORE = "ignore", _("Ignore it with a warning")
    REJECT = "reject", _("Refuse it")


class IndicatorSet(models.Model):
    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    track = models.CharField(_("track"), max_length=10, choices=Track.choices)
    title = models.CharField(_("title"), max_length=200)
    full_marks = models.DecimalField(_("full marks"), max_digits=8, decimal_places=2)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="indicator_set_version_unique")]
        ordering = ["track", "code", "-version"]

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def label(self) -> str:
        return f"{self.code} v{self.version}"


class Indicator(models.Model):
    indicator_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("indicator set"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code_unique_in_set")]
        ordering = ["indicator_set", "order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class SchemeVersion(models.Model):
    """Ratios are keyed "component:TYPE" (e.g. "project:FUSION") → [core, member], or null where the
    community type does not assess the component (DOMAIN C5: never by type alone)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    reading = models.CharField(_("reading"), max_length=2, choices=Reading.choices, default=Reading.R1)
    ratios = models.JSONField(_("ratios"))
    routine_full_marks = models.DecimalField(_("routine-work full marks"), max_digits=8, decimal_places=2)
    places = models.PositiveSmallIntegerField(_("decimal places of the published total"), default=1)
    feature_policy = models.CharField(
        _("feature score of a type without feature evaluation"),
        max_length=8,
        choices=FeaturePolicy.choices,
        default=FeaturePolicy.IGNORE,
    )
    core_combination = models.CharField(
        _("several member schools"), max_length=8, choices=CoreCombination.choices, default=CoreCombination.SEPARATE
    )
    # The 等次 by threshold, highest first: [{"label": "优秀", "min": "90"}, …], "min" an exact decimal string; the
    # lowest threshold is 0, so every total has one. Empty: the version grades no 等次.
    grades = models.JSONField(_("grades (等次)"), default=list, blank=True)
    evidence_required = models.BooleanField(_("evidence required for every self-score"), default=False)
    term1_due_month = models.PositiveSmallIntegerField(_("term 1 self-evaluation due (month)"), default=11)
    term1_due_day = models.PositiveSmallIntegerField(_("term 1 self-evaluation due (day)"), default=10)
    term2_due_month = models.PositiveSmallIntegerField(_("term 2 self-evaluation due (month)"), default=6)
    term2_due_day = models.PositiveSmallIntegerField(_("term 2 self-evaluation due (day)"), default=10)
    project_due_month = models.PositiveSmallIntegerField(_("project self-evaluation due (month)"), default=5)
    project_due_day = models.PositiveSmallIntegerField(_("project self-evaluation due (day)"), default=30)
    routine_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("routine-work indicators"), on_delete=models.PROTECT, related_name="+"
    )
    project_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("help-project indicators"), on_delete=models.PROTECT, related_name="+"
    )
    feature_set = models.ForeignKey(
        IndicatorSet, verbose_name=_("feature indicators"), on_delete=models.PROTECT, related_name="+"
    )
    is_default = models.BooleanField(_("default"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_scheme_version"
            )
        ]
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def indicator_set_for(self, track: str) -> IndicatorSet:
        return {Track.ROUTINE: self.routine_set, Track.PROJECT: self.project_set, Track.FEATURE: self.feature_set}[
            track
        ]
