from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.findings import describe


class AuditEvent(models.Model):
    """One row per action, in every process and in administration (DOMAIN §1.2). Append-only:
    a correction is a new event that points at the one it corrects."""

    process = models.CharField(_("process"), max_length=20, db_index=True)  # party / community / evaluation / admin
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=60)
    step = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    from_state = models.CharField(_("from state"), max_length=40, blank=True)
    to_state = models.CharField(_("to state"), max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("actor name"), max_length=50, blank=True)
    actor_role = models.CharField(_("role"), max_length=24, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    business_date = models.DateField(_("business date"), null=True, blank=True)
    # Set before the insert (not auto_now_add) because it is part of the hashed content.
    created_at = models.DateTimeField(_("server time"), default=timezone.now, db_index=True)
    rule_set = models.CharField(_("rule set"), max_length=40, blank=True)
    deadlines = models.JSONField(_("deadlines"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    override_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    data_hash = models.CharField(_("data hash"), max_length=64, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    client_type = models.CharField(_("client"), max_length=20, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(_("previous event's hash"), max_length=64, blank=True)
    event_hash = models.CharField(_("event hash"), max_length=64, blank=True)
    # The HMAC key that sealed event_hash (settings.AUDIT_HMAC_KEYS); covered by the HMAC itself (audit.chain).
    key_id = models.CharField(_("key"), max_length=16, blank=True)
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["process", "case_id", "id"])]
        # The chain of tamper evidence (audit.chain); the table itself refuses UPDATE and DELETE (migration 0003).
        ordering = ["id"]

    def __str__(self):
        return f"{self.process}:{self.case_id}:{self.action}"


class VerificationRun(models.Model):
    """One run of the chain verification (manage.py verify_audit or an auditor's button, then in the background).
    A run without ``finished_at`` is under way."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    checked = models.PositiveBigIntegerField(_("events checked"), default=0)
    broken_event = models.BigIntegerField(_("first broken event"), null=True, blank=True)
    # What was found (audit.chain.ChainCheck): wrong hashes and links, unknown keys, and against the checkpoint a
    # chain that lost events at its tail or a truncated table. Empty: intact.
    findings = models.JSONField(_("findings"), default=list, blank=True)
    checkpoint = models.CharField(_("compared with checkpoint"), max_length=80, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("audit verification")
        verbose_name_plural = _("audit verifications")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.checked} {self.broken_event or 'ok'}"

    @property
    def intact(self) -> bool:
        return self.broken_event is None and not self.findings

    @property
    def described_findings(self) -> list[str]:
        """The findings in words (the console), the first broken event named even by a run from before them."""
        if not self.findings and self.broken_event is not None:
            return [describe({"kind": "hash", "event": self.broken_event, "process": "?", "case_id": None})]
        return [describe(finding) for finding in self.findings]
