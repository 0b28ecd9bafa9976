from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSet(models.Model):
    """A version of the party-development rules (e.g. 细则2014, 细则2026, a province's additions).

    A locked set is read-only: it is shipped (the default) or some step already ran under it.
    To change a value, copy the set and edit the copy.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    effective_from = models.DateField(_("effective from"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    based_on = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_default = models.BooleanField(_("default"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_rule_set"
            )
        ]

    def __str__(self):
        return self.name


class Severity(models.TextChoices):
    BLOCK = "block", _("Blocks the step")
    WARN = "warn", _("Warns and asks for a reason")


class Rule(models.Model):
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="rules")
    key = models.CharField(_("key"), max_length=60)
    value = models.JSONField(_("value"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    article_ref = models.CharField(_("article"), max_length=60, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        constraints = [models.UniqueConstraint(fields=["rule_set", "key"], name="rule_key_unique_in_set")]
        ordering = ["rule_set", "key"]

    def __str__(self):
        return f"{self.key} = {self.value}"
