"""Process B (DOMAIN §3): a school community's help project (帮扶项目) and a member school's
feature-development plan (特色发展), each filed with the education bureau (审核备案) once a school year.

The viewflow process row (``Application``) holds the open steps; its columns are the application's
current facts, written only by workflows.community handlers in the transaction of the action's audit
event. The forms' content lives in versioned ``forms.Submission`` rows: an edit is a new version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class Kind(models.TextChoices):
    HELP_PROJECT = "HELP_PROJECT", _("Help project")
    FEATURE = "FEATURE", _("Feature-development plan")


class Status(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    AWAITING_AGREEMENT = "AWAITING_AGREEMENT", _("Awaiting both schools' confirmation")
    JOINT_AGREED = "JOINT_AGREED", _("Jointly agreed")
    AWAITING_CONSULTATION = "AWAITING_CONSULTATION", _("Awaiting the core school's opinion")
    CORE_CONSULTED = "CORE_CONSULTED", _("Core school consulted")
    SUBMITTED = "SUBMITTED", _("Submitted to the bureau")
    FILED = "FILED", _("Filed by the bureau")
    RETURNED = "RETURNED", _("Returned for revision")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")


EDITABLE = frozenset({Status.DRAFT, Status.RETURNED, Status.WITHDRAWN})


class SchoolYearSetting(models.Model):
    """The bureau's start-of-year (学年初) submission deadline for one school year (DOMAIN §3.4)."""

    school_year = models.PositiveSmallIntegerField(_("school year (first calendar year)"), unique=True)
    application_deadline = models.DateField(_("application deadline"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("school-year deadline")
        verbose_name_plural = _("school-year deadlines")
        ordering = ["-school_year"]

    def __str__(self):
        return f"{self.school_year}: {self.application_deadline:%Y-%m-%d}"


class Application(Process):
    """One help project or feature plan of a (core school, member school) pair in one school year."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    community = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    core_school = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("core school"), on_delete=models.PROTECT, related_name="+"
    )
    member_school = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("member school"), on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(_("stage"), max_length=24, choices=Status.choices, default=Status.DRAFT)
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
    assessed = models.BooleanField(_("will be scored"), default=True)
    filing_number = models.CharField(_("filing number"), max_length=60, blank=True)
    filing_date = models.DateField(_("filing date"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    version = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("community application")
        verbose_name_plural = _("community applications")
        constraints = [
            # One per pair, kind and year (DOMAIN §3.3); withdrawing keeps it, to be edited and resubmitted.
            models.UniqueConstraint(
                fields=["community", "member_school", "school_year", "kind"], name="one_application_per_pair_year"
            ),
            models.UniqueConstraint(
                fields=["filing_number"], condition=~models.Q(filing_number=""), name="community_filing_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["community", "school_year", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.school_year} {self.title}"

    @property
    def owner_school(self):
        return self.core_school if self.kind == Kind.HELP_PROJECT else self.member_school


class ApplicationVersion(models.Model):
    """One version of the application's form (附件3 or the feature form) and its implementation plan.
    Versions are never changed; ``changes`` lists what differs from the previous one."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    submission = models.OneToOneField(
        "stepwise_forms.Submission", verbose_name=_("form"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        "stepwise_forms.Attachment",
        verbose_name=_("implementation plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application version")
        verbose_name_plural = _("application versions")
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="application_version_unique")]

    def __str__(self):
        return f"{self.application_id} v{self.number}"


class Consultation(models.Model):
    """The core school's opinion on a member school's feature plan (充分征求核心校意见, DOMAIN §3.3)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    opinion = models.TextField(_("opinion"))
    date = models.DateField(_("date"))
    attachment = models.ForeignKey(
        "stepwise_forms.Attachment",
        verbose_name=_("attachment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("given by"), on_delete=models.PROTECT, related_name="+"
    )
    on_version = models.PositiveIntegerField(_("on version"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("core-school consultation")
        verbose_name_plural = _("core-school consultations")
        ordering = ["application", "pk"]

    def __str__(self):
        return f"{self.application_id}:{self.date}"
