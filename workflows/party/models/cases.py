from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class Identity(models.TextChoices):
    APPLICANT = "APPLICANT", _("Applicant")
    ACTIVIST = "ACTIVIST", _("Activist")
    DEV_OBJECT = "DEV_OBJECT", _("Development target")
    PROBATIONARY = "PROBATIONARY", _("Probationary member")
    FULL_MEMBER = "FULL_MEMBER", _("Full member")


class CaseStatus(models.TextChoices):
    ACTIVE = "ACTIVE", _("In progress")
    PROBATION_EXTENDED = "PROBATION_EXTENDED", _("Probation extended")
    ON_HOLD_LEAVING = "ON_HOLD_LEAVING", _("On hold (leaving within three months)")
    WITHDRAWN = "WITHDRAWN", _("Application withdrawn")
    NOT_ADMITTED = "NOT_ADMITTED", _("Not admitted")
    DISQUALIFIED = "DISQUALIFIED", _("Probationary membership cancelled")
    TRANSFERRED_OUT = "TRANSFERRED_OUT", _("Transferred out")
    ARCHIVED = "ARCHIVED", _("Archived")


# The case's milestone dates, in the order of the rules: the archive bundle's contents and the API show them so.
MILESTONE_DATES = (
    "application_date",
    "talk_date",
    "activist_date",
    "activist_filed_date",
    "last_assessment_date",
    "dev_object_date",
    "dev_object_filed_date",
    "political_review_date",
    "training_date",
    "committee_review_date",
    "pre_review_date",
    "publicity_start",
    "publicity_end",
    "form_date",
    "admission_meeting_date",
    "reported_date",
    "interview_date",
    "approval_date",
    "probation_start",
    "probation_end",
    "extension_end",
    "oath_date",
    "full_application_date",
    "full_meeting_date",
    "full_membership_date",
    "archived_date",
)


class PartyCase(Process):
    """One person's development case, pinned to the branch that received the application.

    The viewflow process (parent row) holds the open tasks; these columns are the case's
    current facts, written only by workflows.party.services in the same transaction as the
    audit event of the action that changed them.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="party_cases"
    )
    branch = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("branch"), on_delete=models.PROTECT, related_name="party_cases"
    )
    rule_set = models.ForeignKey("party.RuleSet", verbose_name=_("rule set"), on_delete=models.PROTECT)
    identity = models.CharField(_("identity"), max_length=16, choices=Identity.choices, default=Identity.APPLICANT)
    case_status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE)
    backfilled = models.BooleanField(_("entered afterwards (补录)"), default=False)
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Key business dates (Asia/Shanghai calendar dates), filled as the steps happen.
    application_date = models.DateField(_("application received"))
    # An application made online is dated the day it was handed in until the branch confirms receipt (the
    # applicant never dates it); one entered by the branch's staff is received as entered.
    receipt_confirmed = models.BooleanField(_("receipt confirmed by the branch"), default=True)
    talk_date = models.DateField(_("talk"), null=True, blank=True)
    activist_date = models.DateField(_("designated activist"), null=True, blank=True)
    activist_filed_date = models.DateField(_("activist filed"), null=True, blank=True)
    last_assessment_date = models.DateField(_("last half-year assessment"), null=True, blank=True)
    dev_object_date = models.DateField(_("designated development target"), null=True, blank=True)
    dev_object_filed_date = models.DateField(_("development target filed"), null=True, blank=True)
    political_review_date = models.DateField(_("political review concluded"), null=True, blank=True)
    political_review_passed = models.BooleanField(_("political review passed"), null=True, blank=True)
    training_date = models.DateField(_("training completed"), null=True, blank=True)
    committee_review_date = models.DateField(_("branch committee review"), null=True, blank=True)
    pre_review_date = models.DateField(_("pre-review passed"), null=True, blank=True)
    expected_departure_date = models.DateField(_("expected to leave the unit"), null=True, blank=True)
    publicity_start = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_end = models.DateField(_("public notice until"), null=True, blank=True)
    publicity_provisional = models.BooleanField(default=False)
    form_number = models.CharField(_("membership form number"), max_length=40, blank=True)
    form_date = models.DateField(_("membership form filled"), null=True, blank=True)
    admission_meeting_date = models.DateField(_("admission meeting"), null=True, blank=True)
    reported_date = models.DateField(_("reported to the committee"), null=True, blank=True)
    reported_date_provisional = models.BooleanField(default=False)
    interview_date = models.DateField(_("committee interview"), null=True, blank=True)
    approval_date = models.DateField(_("admission approved"), null=True, blank=True)
    probation_start = models.DateField(_("probation start"), null=True, blank=True)
    probation_end = models.DateField(_("probation end"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("extension (months)"), null=True, blank=True)
    extension_end = models.DateField(_("extended probation end"), null=True, blank=True)
    oath_date = models.DateField(_("oath"), null=True, blank=True)
    full_application_date = models.DateField(_("full-membership application"), null=True, blank=True)
    full_meeting_date = models.DateField(_("full-membership meeting"), null=True, blank=True)
    full_membership_date = models.DateField(_("full member since"), null=True, blank=True)
    archived_date = models.DateField(_("archived"), null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("extensions"), default=0)
    # Outcome voted by the branch and awaiting the committee: full / extend / disqualify.
    pending_outcome = models.CharField(_("awaiting decision on"), max_length=12, blank=True)
    # The next thing expected and when, kept here so lists sort and filter without joins.
    next_action = models.CharField(_("next action"), max_length=40, blank=True)
    next_due = models.DateField(_("next due"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("party development case")
        verbose_name_plural = _("party development cases")
        indexes = [models.Index(fields=["branch", "case_status"]), models.Index(fields=["next_due"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(case_status__in=["ACTIVE", "PROBATION_EXTENDED", "ON_HOLD_LEAVING"]),
                name="one_open_party_case_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.get_identity_display()}"


class PoliticalReview(models.Model):
    """政审 conclusion. Sensitive: read only by the committee, the organisation department and the
    branch secretary (read_political_review), and every read is an audit event."""

    case = models.ForeignKey(PartyCase, on_delete=models.PROTECT, related_name="political_reviews")
    passed = models.BooleanField(_("passed"))
    concluded_on = models.DateField(_("concluded on"))
    summary = models.TextField(_("conclusion"))
    document = models.ForeignKey(
        "stepwise_forms.Attachment",
        verbose_name=_("conclusion document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("political review")
        verbose_name_plural = _("political reviews")

    def __str__(self):
        return f"{self.case_id}:{self.concluded_on}"


class Override(models.Model):
    """The higher committee's permission to pass one blocking rule once on one case, with a reason
    (e.g. designation before one year of cultivation, DOMAIN A7). Consumed by the step it allows."""

    case = models.ForeignKey(PartyCase, on_delete=models.PROTECT, related_name="overrides")
    code = models.CharField(_("rule"), max_length=60)
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField(_("approved on"))
    used_by_event = models.ForeignKey(
        "audit.AuditEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("override")
        verbose_name_plural = _("overrides")

    def __str__(self):
        return f"{self.case_id}:{self.code}"
