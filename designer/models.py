"""Designed processes (流程设计器): a definition (name, category, owner organisation, who may start it) with
versions — the draft an administrator edits and the published versions, frozen — and the cases started from a
published version, which keep it whatever is published after (the document format: docs/designer-format.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from viewflow.workflow.models import Process


class Icon(models.TextChoices):
    DOCUMENT = "document", _("Document")
    STAR = "star", _("Star")
    TEACHING = "teaching", _("Lesson")
    TRAINING = "training", _("Training")
    PEOPLE = "people", _("People")
    MONEY = "money", _("Expense")


class Definition(models.Model):
    """A process an administrator designs. ``owner``: the organisation whose process administrators keep it; people
    in its subtree may start it (``starters`` narrows that to roles), and with ``shared`` the organisations below
    may use it as their own starting point (a bureau's definitions for its schools)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=60)
    category = models.CharField(_("category"), max_length=30, blank=True)
    icon = models.CharField(_("icon"), max_length=12, choices=Icon.choices, default=Icon.DOCUMENT)
    description = models.CharField(_("description"), max_length=200, blank=True)
    owner = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="+"
    )
    # Who may start a case: [{"role": role code or "", "organisation": id}] — a role held in that organisation's
    # subtree ("" any role); empty: anyone with a role in the owner's subtree.
    starters = models.JSONField(_("who may start it"), default=list, blank=True)
    shared = models.BooleanField(_("available to the organisations below"), default=False)
    enabled = models.BooleanField(_("open for new cases"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("process definition")
        verbose_name_plural = _("process definitions")
        ordering = ["category", "name"]

    def __str__(self):
        return self.name


class DefinitionVersion(models.Model):
    """The document of a definition: its draft (``number`` null, edited in place) or a published version (frozen)."""

    definition = models.ForeignKey(
        Definition, verbose_name=_("definition"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    document = models.JSONField(_("document"), default=dict)
    form = models.ForeignKey(
        "stepwise_forms.FormDefinition",
        verbose_name=_("form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("edited at"), auto_now=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("edited by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("definition version")
        verbose_name_plural = _("definition versions")
        ordering = ["definition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="designer_version_number_unique"),
            models.UniqueConstraint(
                fields=["definition"], condition=Q(number__isnull=True), name="designer_one_draft_per_definition"
            ),
        ]

    def __str__(self):
        return f"{self.definition_id} v{self.number or '-'}"


class Stage(models.TextChoices):
    RUNNING = "RUNNING", pgettext_lazy("designed case", "In progress")
    RETURNED = "RETURNED", pgettext_lazy("designed case", "Returned to the initiator")
    APPROVED = "APPROVED", pgettext_lazy("designed case", "Approved")
    REJECTED = "REJECTED", pgettext_lazy("designed case", "Rejected")
    WITHDRAWN = "WITHDRAWN", pgettext_lazy("designed case", "Withdrawn")


ENDED = frozenset({Stage.APPROVED, Stage.REJECTED, Stage.WITHDRAWN})


class DesignedCase(Process):
    """A case of a designed process: the version it started with, who started it where, the form's values (stored
    as the format describes) and where it stands (``walk``: the interpreter's state, designer.definition.walk)."""

    definition = models.ForeignKey(
        Definition, verbose_name=_("process"), on_delete=models.PROTECT, related_name="cases"
    )
    definition_version = models.ForeignKey(
        DefinitionVersion, verbose_name=_("process version"), on_delete=models.PROTECT, related_name="+"
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    values = models.JSONField(_("form"), default=dict)
    walk = models.JSONField(_("progress"), default=dict)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.RUNNING)
    version = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("designed case")
        verbose_name_plural = _("designed cases")
