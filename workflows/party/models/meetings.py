from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    BRANCH_COMMITTEE = "BRANCH_COMMITTEE", _("Branch committee meeting")
    BRANCH_ASSEMBLY = "BRANCH_ASSEMBLY", _("Branch general meeting")
    PARENT_COMMITTEE = "PARENT_COMMITTEE", _("Party committee meeting")


class Meeting(models.Model):
    """A collective decision's meeting (DOMAIN §2.5, §2.8). Lists are member ids as recorded;
    individual anonymous ballot choices are never stored."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("body"), on_delete=models.PROTECT)
    business_date = models.DateField(_("meeting date"))
    convener = models.CharField(_("convener"), max_length=50, blank=True)
    ballot_mode = models.CharField(_("ballot"), max_length=16, default="anonymous")
    eligible_ids = models.JSONField(_("expected voting members (应到)"), default=list)
    excluded = models.JSONField(_("exclusions"), default=list)
    present_ids = models.JSONField(_("present (实到)"), default=list)
    written = models.JSONField(_("written opinions"), default=list)
    minutes_ref = models.CharField(_("minutes reference"), max_length=200, blank=True)
    minutes = models.ForeignKey(
        "stepwise_forms.Attachment", verbose_name=_("minutes"), null=True, blank=True, on_delete=models.PROTECT
    )
    document_number = models.CharField(_("document number (文号)"), max_length=60, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.get_kind_display()} {self.business_date}"


class MeetingDecision(models.Model):
    """The result for one candidate at one meeting (one vote per candidate)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    case = models.ForeignKey("party.PartyCase", on_delete=models.PROTECT, related_name="decisions")
    purpose = models.CharField(_("purpose"), max_length=40)
    eligible = models.PositiveSmallIntegerField(_("expected (E)"), null=True)
    present = models.PositiveSmallIntegerField(_("present (A)"), null=True)
    yes = models.PositiveSmallIntegerField(_("yes (Y)"), null=True)
    no = models.PositiveSmallIntegerField(_("no"), null=True)
    abstain = models.PositiveSmallIntegerField(_("abstain"), null=True)
    written_counted = models.PositiveSmallIntegerField(_("written opinions counted"), default=0)
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case", "purpose"], name="one_decision_per_candidate")
        ]

    def __str__(self):
        return f"{self.meeting_id}:{self.case_id}:{self.purpose}"
