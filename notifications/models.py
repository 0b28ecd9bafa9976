"""The notification outbox (STYLE §9). A Notification is written in the transaction of the change that
caused it; each channel it goes out on is a Delivery row, sent after commit and retried until done. A row is
claimed with SELECT … FOR UPDATE SKIP LOCKED, so several workers never send the same one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TASK_NEW = "task_new", _("A step is waiting for you")
    TASK_ASSIGNED = "task_assigned", _("A step was handed to you")
    RETURNED = "returned", _("Your case was returned")
    DECISION = "decision", _("A decision on your case")
    CC = "cc", _("You were copied on a case")
    MENTION = "mention", _("You were mentioned in a comment")
    REMINDER = "reminder", _("Reminder (催办)")
    DUE_SOON = "due_soon", _("A step is due soon")
    OVERDUE = "overdue", _("A step is overdue")
    ESCALATION = "escalation", _("An overdue step needs your attention")
    DIGEST = "digest", _("Daily digest of open steps")
    EXPORT_READY = "export_ready", _("An export is ready")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    process = models.CharField(_("process"), max_length=20, blank=True)
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    task_id = models.BigIntegerField(_("step"), null=True, blank=True)
    # Makes an event notify each person once (e.g. "overdue:<task>:<user>"): the job may run any number of times.
    dedupe = models.CharField(_("once-only key"), max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # The unread notices about a step, marked read once it is done (services.step_notices_read).
            models.Index(
                fields=["task_id"],
                condition=models.Q(read_at__isnull=True, task_id__isnull=False),
                name="notification_unread_step",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id}:{self.kind}:{self.pk}"


class Channel(models.TextChoices):
    WEBSOCKET = "ws", _("In the browser")
    EMAIL = "email", _("Email")


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Given up")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.CharField(_("sent by worker"), max_length=80, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.notification_id}:{self.channel}:{self.status}"


class Preference(models.Model):
    """Which kinds also go by email, and whether the person wants the morning digest of open steps."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="notification_pref"
    )
    email_kinds = models.JSONField(_("kinds sent by email"), default=list, blank=True)
    daily_digest = models.BooleanField(_("daily digest by email"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user_id)
