from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkdayOverride(models.Model):
    """A correction to the PRC working-day calendar (a holiday or 调休 make-up day the package lacks)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("working-day correction")
        verbose_name_plural = _("working-day corrections")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"


class CaseCc(models.Model):
    """抄送: read-only access to a case for a named person; grants no right to act."""

    process = models.ForeignKey(
        "viewflow.Process", verbose_name=_("case"), on_delete=models.CASCADE, related_name="cc_entries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("copy (抄送)")
        verbose_name_plural = _("copies (抄送)")
        constraints = [models.UniqueConstraint(fields=["process", "user"], name="one_cc_per_person")]

    def __str__(self):
        return f"{self.process_id}:{self.user_id}"


class Comment(models.Model):
    """A comment on a case, optionally on one of its steps, with attachments; shown on the timeline."""

    process = models.ForeignKey(
        "viewflow.Process", verbose_name=_("case"), on_delete=models.CASCADE, related_name="comments"
    )
    task = models.ForeignKey(
        "viewflow.Task", verbose_name=_("step"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    attachments = models.ManyToManyField("stepwise_forms.Attachment", verbose_name=_("attachments"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.process_id}:{self.pk}"


class Reminder(models.Model):
    """催办: the initiator nudges whoever holds an open step."""

    task = models.ForeignKey("viewflow.Task", verbose_name=_("step"), on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        return f"{self.task_id}:{self.sent_at}"


class Delegation(models.Model):
    """Out of office: between two dates (inclusive) the substitute acts on the person's steps."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="delegations"
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("substitute"), on_delete=models.PROTECT, related_name="substitutions"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="delegation_dates")
        ]

    def __str__(self):
        return f"{self.user_id}->{self.substitute_id}"


class SavedFilter(models.Model):
    """A filter kept on the server, for the task inbox or the auditor console; shared with an organisation it is
    offered to its members."""

    class Scope(models.TextChoices):
        INBOX = "inbox", _("Task inbox")
        AUDIT = "audit", _("Audit trail")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=60)
    params = models.JSONField(_("filter"))
    scope = models.CharField(_("used in"), max_length=8, choices=Scope.choices, default=Scope.INBOX)
    shared_with = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("shared with"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")

    def __str__(self):
        return self.name


class GroupMode(models.TextChoices):
    ALL = "all", _("Everyone must approve (会签)")
    ANY = "any", _("The first decides (或签)")
    RATIO = "ratio", _("At least a number or share of them (比例)")


class Approval(models.Model):
    """Several people deciding one step: ordered groups of approvers (依次 between groups; 会签, 或签 or 比例
    within a group). The viewflow task of the step stays open until the approval is decided."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    task = models.OneToOneField("viewflow.Task", on_delete=models.CASCADE, related_name="approval")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self):
        return f"{self.task_id}:{self.status}"


class ApprovalSlot(models.Model):
    """One approver in one group (position) of an approval."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ACTIVE = "active", _("To decide")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SKIPPED = "skipped", _("Not needed")

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="slots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("order"))
    group_mode = models.CharField(_("group"), max_length=8, choices=GroupMode.choices, default=GroupMode.ALL)
    # 比例: how many of the group must approve (the same on every slot of the group); None for other groups.
    needed = models.PositiveSmallIntegerField(_("approvals needed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_as = models.CharField(_("added"), max_length=10, blank=True)  # before / after / parallel (加签)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approver")
        verbose_name_plural = _("approvers")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.approval_id}:{self.position}:{self.user_id}"
