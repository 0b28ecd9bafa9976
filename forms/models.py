from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    TEXTAREA = "textarea", _("Long text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    BOOLEAN = "boolean", _("Yes/no")


class FormDefinition(models.Model):
    """One version of a form. Published versions never change; an edit publishes the next version."""

    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    # [{"name", "label", "type", "required", "help_text", "choices": [[value, label], ...]}]
    fields = models.JSONField(_("fields"), default=list)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form definition")
        verbose_name_plural = _("form definitions")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="form_definition_version_unique")]
        ordering = ["code", "-version"]

    def __str__(self):
        return f"{self.title} v{self.version}"


class Attachment(models.Model):
    """An uploaded file, stored under its SHA-256 so the bytes can be verified later."""

    file = models.FileField(_("file"), upload_to="attachments/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Set when input names the file (forms.access.own_attachments_only) or the clean-up finds it used; an upload
    # still without it after the grace period is an orphan, removed with its file (issue 15 item 9).
    attached_at = models.DateTimeField(_("attached at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["uploaded_by", "uploaded_at"], name="attachment_uploader_time")]

    def __str__(self):
        return self.original_name


class Submission(models.Model):
    """Data filled against one form version. An edit is a new submission that supersedes this one."""

    definition = models.ForeignKey(FormDefinition, verbose_name=_("form"), on_delete=models.PROTECT)
    data = models.JSONField(_("data"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    attachments = models.ManyToManyField(Attachment, verbose_name=_("attachments"), blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return f"{self.definition} #{self.pk}"


class CaseFormVersion(models.Model):
    """One version of a case's form (any process's: a case model declares ``GenericRelation`` to it) and the one
    file kept beside it (community: the implementation plan). Versions are never changed; an edit is a new version
    (workflows.kit.versions), ``changes`` listing what differs from the previous one."""

    case_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    case_id = models.PositiveBigIntegerField(_("case"))
    case = GenericForeignKey("case_type", "case_id")
    number = models.PositiveIntegerField(_("version"))
    submission = models.OneToOneField(Submission, verbose_name=_("form"), on_delete=models.PROTECT, related_name="+")
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("attachment"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["case_type", "case_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case_type", "case_id", "number"], name="case_form_version_unique")
        ]

    def __str__(self):
        return f"{self.case_id} v{self.number}"


class Draft(models.Model):
    """Unfinished input of one step's form, kept for its author only. It is not validated and not part of the
    case's record (no audit event); submitting the step successfully deletes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    process = models.CharField(_("process"), max_length=20)
    case_id = models.PositiveBigIntegerField(_("case"), default=0)  # 0: a case not started yet (a new application)
    step = models.CharField(_("step"), max_length=120)  # the action, with its target where a case has several
    data = models.JSONField(_("data"), default=dict)  # {field name: [values as typed]}
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["user", "process", "case_id", "step"], name="one_draft_per_user_step")
        ]

    def __str__(self):
        return f"{self.process} {self.case_id} {self.step}"
