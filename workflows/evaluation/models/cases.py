"""One community's evaluation in one school year (DOMAIN §4.4) and its two parallel tracks per school.

The case is the unit of the audit trail (every event carries its id). Its rows change only through
the kit's engine (workflows.kit.engine, with workflows.evaluation.spec), in the transaction that writes the audit
event.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflows.evaluation.models.schemes import Track


class CaseStatus(models.TextChoices):
    OPEN = "OPEN", _("In progress")
    AGGREGATED = "AGGREGATED", _("Aggregated (汇总)")
    PUBLISHED = "PUBLISHED", _("Published")


class RoutineStatus(models.TextChoices):
    OPEN = "OPEN", _("Waiting for the self-evaluation")
    SELF_SUBMITTED = "SELF_SUBMITTED", _("Self-evaluation submitted (自评已报)")
    BUREAU_EVALUATED = "BUREAU_EVALUATED", _("Evaluated by the bureau (学期评估)")
    SCORED = "SCORED", _("Scored")


class ProjectStatus(models.TextChoices):
    FILED = "FILED", _("Filed, waiting for the self-evaluation")
    SELF_SUBMITTED = "SELF_SUBMITTED", _("Self-evaluation submitted (自评已报)")
    ON_SITE_CHECK = "ON_SITE_CHECK", _("On-site check (现场督查)")
    PANEL_REVIEW = "PANEL_REVIEW", _("Panel review (组织评审)")
    SCORED = "SCORED", _("Scored")


class AppointmentRole(models.TextChoices):
    INSPECTOR = "INSPECTOR", _("Inspector (督查组)")
    PANEL = "PANEL", _("Panel member (评审组)")


class EvaluationCase(models.Model):
    community = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("community"), on_delete=models.PROTECT, related_name="evaluations"
    )
    school_year = models.PositiveSmallIntegerField(_("school year (start year)"))
    scheme = models.ForeignKey("evaluation.SchemeVersion", verbose_name=_("scheme version"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("community evaluation")
        verbose_name_plural = _("community evaluations")
        constraints = [
            models.UniqueConstraint(fields=["community", "school_year"], name="one_evaluation_per_community_year")
        ]
        ordering = ["-school_year", "community__path"]

    def __str__(self):
        return f"{self.community} {self.school_year}"


class TrackEvaluation(models.Model):
    """What both tracks record: the self-evaluation (with its lateness) and the confirmed score."""

    due = models.DateField(_("self-evaluation due"))
    self_submitted_at = models.DateTimeField(_("self-evaluation submitted at"), null=True, blank=True)
    self_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("self-evaluation submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("self-evaluation summary"), blank=True)
    late = models.BooleanField(_("submitted late"), default=False)
    comment = models.TextField(_("assessment comment"), blank=True)
    # The sum of the assessed indicator scores, on the indicator set's scale: exact, never rounded.
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    class Meta:
        abstract = True


class RoutineEvaluation(TrackEvaluation):
    case = models.ForeignKey(EvaluationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="routine")
    school = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.PositiveSmallIntegerField(_("term"), choices=[(1, _("Term 1")), (2, _("Term 2"))])
    status = models.CharField(_("status"), max_length=20, choices=RoutineStatus.choices, default=RoutineStatus.OPEN)

    class Meta:
        verbose_name = _("routine-work evaluation")
        verbose_name_plural = _("routine-work evaluations")
        constraints = [
            models.UniqueConstraint(fields=["case", "school", "term"], name="one_routine_evaluation_per_term")
        ]
        ordering = ["case", "-school__is_core_school", "school__path", "term"]

    track = Track.ROUTINE  # the indicator set it is scored against

    def __str__(self):
        return f"{self.school} T{self.term}"


class ProjectEvaluation(TrackEvaluation):
    """The help project (PROJECT) or the member school's feature plan (FEATURE) of one pair, started
    from the application Process B filed for it."""

    case = models.ForeignKey(EvaluationCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="projects")
    core_school = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("core school"), on_delete=models.PROTECT, related_name="+"
    )
    member_school = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("member school"), on_delete=models.PROTECT, related_name="+"
    )
    component = models.CharField(
        _("component"),
        max_length=10,
        choices=[(Track.PROJECT, Track.PROJECT.label), (Track.FEATURE, Track.FEATURE.label)],
    )
    application_id = models.BigIntegerField(_("filed application"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.FILED)

    class Meta:
        verbose_name = _("project or feature evaluation")
        verbose_name_plural = _("project and feature evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "member_school", "component"], name="one_project_evaluation_per_pair"
            )
        ]
        ordering = ["case", "member_school__path", "-component"]

    def __str__(self):
        return f"{self.member_school} {self.component}"

    @property
    def track(self) -> str:
        return self.component

    def inspected_schools(self) -> list:
        """Whose staff may not inspect or score it (DOMAIN C7): the help project concerns both schools,
        the feature plan the member school."""
        return [self.core_school, self.member_school] if self.component == Track.PROJECT else [self.member_school]


class IndicatorScore(models.Model):
    """The self-score and the assessed score of one indicator, side by side."""

    routine = models.ForeignKey(
        RoutineEvaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="scores"
    )
    project = models.ForeignKey(
        ProjectEvaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="scores"
    )
    indicator = models.ForeignKey("evaluation.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT)
    self_score = models.DecimalField(_("self-score"), max_digits=8, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("self-evaluation note"), blank=True)
    evidence = models.ManyToManyField(
        "stepwise_forms.Attachment", verbose_name=_("evidence"), blank=True, related_name="+"
    )
    assessed_score = models.DecimalField(_("assessed score"), max_digits=8, decimal_places=2, null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    comment = models.TextField(_("assessment comment"), blank=True)

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(routine__isnull=True, project__isnull=False)
                | Q(routine__isnull=False, project__isnull=True),
                name="indicator_score_on_one_track",
            ),
            models.UniqueConstraint(fields=["routine", "indicator"], name="one_score_per_routine_indicator"),
            models.UniqueConstraint(fields=["project", "indicator"], name="one_score_per_project_indicator"),
        ]
        ordering = ["indicator__order", "indicator__code"]

    def __str__(self):
        return f"{self.indicator.code}: {self.self_score} / {self.assessed_score}"


class Appointment(models.Model):
    """A person appointed by the leading group to the inspection team or the review panel of one evaluation."""

    project = models.ForeignKey(
        ProjectEvaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="appointments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=AppointmentRole.choices)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("appointed by"), on_delete=models.PROTECT, related_name="+"
    )
    appointed_at = models.DateTimeField(_("appointed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [models.UniqueConstraint(fields=["project", "user", "role"], name="one_appointment_per_role")]
        ordering = ["role", "pk"]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class OnSiteVisit(models.Model):
    project = models.ForeignKey(
        ProjectEvaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="visits"
    )
    visit_date = models.DateField(_("visit date"))
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="+")
    # [{"indicator": code, "verified": bool, "note": str}]
    checklist = models.JSONField(_("checklist"), default=list)
    findings = models.TextField(_("issues found"), blank=True)
    photos = models.ManyToManyField("stepwise_forms.Attachment", verbose_name=_("photos"), blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("on-site visit")
        verbose_name_plural = _("on-site visits")
        ordering = ["visit_date", "pk"]

    def __str__(self):
        return f"{self.project} {self.visit_date}"
