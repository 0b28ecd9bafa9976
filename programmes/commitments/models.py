"""Pairs' endings, personal plans and pledges (个人计划, 公开承诺) and responsibility letters (责任书) of a programme.

The pair itself is programmes.models.Pair (the records part reads it); what a pair needs beyond that model lives
here: PairEnding holds why and by whom it ended (Pair.ended_on holds when)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation
from programmes.models import Pair, Programme


class PairEnding(models.Model):
    """Why a pair ended and who ended it (Pair.ended_on is the date)."""

    pair = models.OneToOneField(Pair, verbose_name=_("pair"), on_delete=models.PROTECT, related_name="ending")
    reason = models.CharField(_("reason"), max_length=300)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ended by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("end of a pair")
        verbose_name_plural = _("ends of pairs")

    def __str__(self):
        return f"{self.pair} · {self.reason}"


class PledgeKind(models.TextChoices):
    PLAN = "PLAN", _("Personal plan (个人计划)")
    PLEDGE = "PLEDGE", _("Pledge (承诺)")


class PledgeStatus(models.TextChoices):
    DRAFT = "DRAFT", pgettext_lazy("pledge", "Draft")
    PUBLISHED = "PUBLISHED", _("Made public (公开)")
    REVIEWED = "REVIEWED", pgettext_lazy("pledge", "Reviewed")


class Outcome(models.TextChoices):
    """The year-end review of a pledge (年终评议)."""

    KEPT = "KEPT", _("Kept")
    PARTLY = "PARTLY", _("Partly kept")
    NOT_KEPT = "NOT_KEPT", _("Not kept")


class Pledge(models.Model):
    """One version of a person's plan or pledge in a programme. A published version is never edited: a change is the
    next version (``previous`` the one it revises), published again; the earlier stays readable."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="pledges"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="pledges"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PledgeKind.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", verbose_name=_("revises"), on_delete=models.PROTECT, null=True, blank=True, related_name="revision"
    )
    text = models.TextField(_("text"), max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    published_at = models.DateTimeField(_("made public at"), null=True, blank=True)
    outcome = models.CharField(_("review"), max_length=10, choices=Outcome.choices, blank=True)
    review_comment = models.TextField(_("review comment"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan or pledge")
        verbose_name_plural = _("plans and pledges")
        ordering = ["programme", "person", "kind", "version"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person", "kind", "version"], name="one_pledge_version"),
            models.UniqueConstraint(
                fields=["programme", "person", "kind"],
                condition=Q(status="DRAFT"),
                name="one_pledge_draft",
            ),
            models.CheckConstraint(
                condition=Q(status="DRAFT") | Q(published_at__isnull=False), name="pledge_published_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="REVIEWED") | (Q(reviewed_at__isnull=False) & ~Q(outcome="")),
                name="pledge_reviewed_has_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_kind_display()} · {self.version}"


class ResponsibilityLetter(models.Model):
    """A 责任书 between the programme's branch and one of its party groups (党小组), acknowledged by the group's
    leader (党小组长)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="letters"
    )
    group = models.ForeignKey(
        Organisation, verbose_name=_("party group"), on_delete=models.PROTECT, related_name="responsibility_letters"
    )
    text = models.TextField(_("text"), max_length=4000)
    duties = models.TextField(_("duties"), max_length=4000)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        constraints = [
            models.UniqueConstraint(fields=["programme", "group"], name="one_letter_per_group"),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_on__isnull=False, acknowledged_by__isnull=False),
                name="letter_acknowledged_by_and_on",
            ),
        ]

    def __str__(self):
        return f"{self.programme} · {self.group}"
