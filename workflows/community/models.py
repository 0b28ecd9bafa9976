"""Process B (DOMAIN §3): a school community's help project (帮扶项目) and a member school's
feature-development plan (特色发展), each filed with the education bureau (审核备案) once a school year.

The viewflow process row (``Application``) holds the open steps; its columns are the application's
current facts, written only by workflows.community handlers in the transaction of the action's audit
event. The forms' content lives in versioned ``forms.Submission`` rows (forms.CaseFormVersion): an edit is a new
version.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from workflows.kit.models import SubmittedCase


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


class Application(Process, SubmittedCase):
    """One help project or feature plan of a (core school, member school) pair in one school year; who started
    and submitted it, its deadline and revision are the kit's (SubmittedCase)."""

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
    assessed = models.BooleanField(_("will be scored"), default=True)
    filing_number = models.CharField(_("filing number"), max_length=60, blank=True)
    filing_date = models.DateField(_("filing date"), null=True, blank=True)
    # The form (附件3 or the feature form) and its implementation plan, in versions (workflows.kit.versions).
    versions = GenericRelation("stepwise_forms.CaseFormVersion", "case_id", "case_type")

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
