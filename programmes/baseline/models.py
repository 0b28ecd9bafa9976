"""Teachers' titles, backbone levels and honours (摸清底子, seed 000 §三.1): one row per title or honour of a person,
with its level, date, awarding body and evidence. Rows are never edited or deleted: a wrong row is withdrawn (with
who, when and why) and the correction recorded as a new row."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DistinctionKind(models.TextChoices):
    BACKBONE = "BACKBONE", _("Teaching title or backbone level (骨干称号)")
    HONOUR = "HONOUR", _("Honour (荣誉称号)")


class Title(models.TextChoices):
    """What the distinction is: the backbone titles (教学能手 → 名师) and the honours seed 000 §二.2 names."""

    TEACHING_EXPERT = "TEACHING_EXPERT", _("Teaching expert (教学能手)")
    TEACHING_BACKBONE = "TEACHING_BACKBONE", _("Teaching backbone (教学骨干)")
    SUBJECT_LEADER = "SUBJECT_LEADER", _("Subject leader (学科带头人)")
    FAMOUS_TEACHER = "FAMOUS_TEACHER", _("Famous teacher (名师)")
    EXCELLENT_TEACHER = "EXCELLENT_TEACHER", _("Excellent teacher (优秀教师)")
    MODEL_TEACHER = "MODEL_TEACHER", _("Model teacher (模范教师)")
    EXCELLENT_CLASS_TEACHER = "EXCELLENT_CLASS_TEACHER", _("Excellent class teacher (优秀班主任)")
    EXCELLENT_EDUCATOR = "EXCELLENT_EDUCATOR", _("Excellent educator (优秀教育工作者)")
    OTHER_HONOUR = "OTHER_HONOUR", _("Other honour")


BACKBONE_TITLES = (Title.TEACHING_EXPERT, Title.TEACHING_BACKBONE, Title.SUBJECT_LEADER, Title.FAMOUS_TEACHER)
KIND_OF_TITLE = {
    title: DistinctionKind.BACKBONE if title in BACKBONE_TITLES else DistinctionKind.HONOUR for title in Title
}


class Level(models.IntegerChoices):
    """Ordered, so that "县级以上" is ``level >= Level.COUNTY``."""

    SCHOOL = 1, _("School level (校级)")
    COUNTY = 2, _("County level (县级)")
    CITY = 3, _("City level (市级)")
    PROVINCE = 4, _("Provincial level (省级)")
    NATIONAL = 5, _("National level (国家级)")


class DistinctionQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """Held that day: awarded by then, not expired, never withdrawn (a withdrawn row was wrong all along)."""
        return self.filter(withdrawn_at__isnull=True, awarded_on__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Distinction(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="distinctions"
    )
    kind = models.CharField(_("category"), max_length=10, choices=DistinctionKind.choices)  # follows the title
    title = models.CharField(_("title or honour"), max_length=24, choices=Title.choices)
    name = models.CharField(_("name of the honour"), max_length=60, blank=True)  # an "other" honour's own name
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    awarded_on = models.DateField(_("awarded on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    awarding_body = models.CharField(_("awarded by"), max_length=100, blank=True)
    evidence = models.ForeignKey(
        "stepwise_forms.Attachment",
        verbose_name=_("evidence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)

    objects = DistinctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("title or honour")
        verbose_name_plural = _("titles and honours")
        indexes = [models.Index(fields=["person", "kind", "level"], name="distinction_person_kind_level")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("awarded_on")),
                name="distinction_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_by__isnull=False),
                name="distinction_withdrawn_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_level_display()} · {self.label}"

    @property
    def label(self) -> str:
        """The title or honour as shown: an "other" honour by its own name."""
        return self.name if self.title == Title.OTHER_HONOUR and self.name else str(self.get_title_display())
