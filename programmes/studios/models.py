"""名师工作室 (seed 004): a school's studio with its lead (领衔人), members and apprentices (history kept), the school's
and the bureau's pools (名特优党员教师导师库, 后备人才库), 师徒协议, the term activity plan (versions, locked once
published), the activities held with their records and photos, reports, the bureau's annual evaluation (confirmed
by a second person; corrections are new records) and the archive's files (founding photos, signed agreements,
development plans, certificates). Nothing is deleted: people leave, pool entries are removed with a time, plans and
agreements are superseded by new versions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation
from forms.models import Attachment

USER = settings.AUTH_USER_MODEL


class StudioRole(models.TextChoices):
    LEAD = "LEAD", _("Studio lead (领衔人)")
    MEMBER = "MEMBER", pgettext_lazy("studio", "Member (成员)")
    APPRENTICE = "APPRENTICE", _("Apprentice (学员/徒弟)")


class Pool(models.TextChoices):
    MENTOR = "MENTOR", _("Mentor pool of outstanding party teachers (名特优党员教师导师库)")
    RESERVE = "RESERVE", _("Reserve talent pool (后备人才库)")


class ActivityKind(models.TextChoices):
    SHOWCASE = "SHOWCASE", _("Showcase lesson (展示课)")
    REPORT_LESSON = "REPORT_LESSON", _("Report lesson (汇报课)")
    AREA_SEMINAR = "AREA_SEMINAR", _("Area seminar (片区研讨)")
    OUTREACH = "OUTREACH", _("Teaching outreach to the countryside (送教下乡)")
    READING = "READING", _("Reading exchange (读书交流)")
    OTHER = "OTHER", pgettext_lazy("studio activity", "Other")


class Level(models.TextChoices):
    """The seed's 三级联动: 校内 名师展示, 片区 主题研讨, 全区 示范引领."""

    SCHOOL = "SCHOOL", _("School level (校级)")
    AREA = "AREA", _("Area level (片区)")
    DISTRICT = "DISTRICT", _("District level (区级)")


class Grade(models.TextChoices):
    EXCELLENT = "EXCELLENT", _("Excellent (优秀)")
    GOOD = "GOOD", _("Good (良好)")
    PASS = "PASS", _("Pass (合格)")
    FAIL = "FAIL", _("Fail (不合格)")


class PlanStatus(models.TextChoices):
    DRAFT = "DRAFT", pgettext_lazy("studio plan", "Draft")
    PUBLISHED = "PUBLISHED", pgettext_lazy("studio plan", "Published")


class FileKind(models.TextChoices):
    """The seed's archive appendix (重要资料附录): what a studio keeps besides its activities' photos."""

    FOUNDING = "FOUNDING", _("Founding ceremony photo (成立仪式图片)")
    AGREEMENT = "AGREEMENT", _("Signed agreement (结对签字仪式及协议书)")
    PLAN = "PLAN", _("Development plan (成员发展规划计划书)")
    CERTIFICATE = "CERTIFICATE", _("Certificate of achievement (成果证书)")
    OTHER = "OTHER", pgettext_lazy("studio file", "Other")


class Studio(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="studios"
    )
    name = models.CharField(_("studio name"), max_length=60)
    lead = models.ForeignKey(USER, verbose_name=_("studio lead"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=30, blank=True)
    founded_on = models.DateField(_("founded on"))
    description = models.TextField(_("description"), blank=True)
    # The approved 名师工作室申报 (designer definition famous-teacher-studio) it was set up from, if any.
    application = models.OneToOneField(
        "designer.DesignedCase",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("famous-teacher studio")
        verbose_name_plural = _("famous-teacher studios")
        ordering = ["organisation__path", "name"]

    def __str__(self):
        return self.name


class StudioPerson(models.Model):
    """Someone's place in a studio from ``joined`` to ``left``; leaving ends the row, it is never deleted."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="people")
    person = models.ForeignKey(USER, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the studio"), max_length=10, choices=StudioRole.choices)
    duty = models.CharField(_("duty (分工)"), max_length=60, blank=True)
    joined = models.DateField(_("joined"))
    left = models.DateField(_("left"), null=True, blank=True)
    added_by = models.ForeignKey(USER, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("studio person")
        verbose_name_plural = _("studio people")
        ordering = ["studio", "role", "joined", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "person"], condition=Q(left__isnull=True), name="studio_person_once_at_a_time"
            ),
            models.CheckConstraint(condition=Q(left__isnull=True) | Q(left__gte=F("joined")), name="studio_left_after"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"


class PoolEntry(models.Model):
    """A person in a school's or the bureau's pool (导师库 / 后备人才库) from ``added_at`` until ``removed_at``."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    pool = models.CharField(_("pool"), max_length=8, choices=Pool.choices)
    person = models.ForeignKey(USER, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    added_by = models.ForeignKey(USER, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        USER, verbose_name=_("removed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.CharField(_("reason for removal"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pool entry")
        verbose_name_plural = _("pool entries")
        ordering = ["organisation__path", "pool", "added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "pool", "person"],
                condition=Q(removed_at__isnull=True),
                name="studio_pool_once_at_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_pool_display()}"


class Agreement(models.Model):
    """师徒协议: the mentor's duties (导师工作责任) and the apprentice's goals (徒弟发展目标) for a term. Frozen once
    both have acknowledged it; a change is a new agreement that supersedes it."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="agreements")
    mentor = models.ForeignKey(USER, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="+")
    apprentice = models.ForeignKey(USER, verbose_name=_("apprentice"), on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveSmallIntegerField(_("school year"))
    term = models.PositiveSmallIntegerField(_("term"))
    mentor_duties = models.TextField(_("mentor's duties"))
    apprentice_goals = models.TextField(_("apprentice's goals"))
    mentor_acknowledged_at = models.DateTimeField(_("acknowledged by the mentor"), null=True, blank=True)
    apprentice_acknowledged_at = models.DateTimeField(_("acknowledged by the apprentice"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring agreement")
        verbose_name_plural = _("mentoring agreements")
        ordering = ["studio", "-school_year", "-term", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("apprentice")), name="studio_agreement_not_with_self"),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.apprentice}"

    @property
    def frozen(self) -> bool:
        return self.mentor_acknowledged_at is not None and self.apprentice_acknowledged_at is not None


class TermPlan(models.Model):
    """The term's activity plan (学期活动时间安排): version 1, then amendments as new versions. Items are edited while
    it is a draft; publishing locks it."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="plans")
    school_year = models.PositiveSmallIntegerField(_("school year"))
    term = models.PositiveSmallIntegerField(_("term"))
    starts = models.DateField(_("term starts"))
    ends = models.DateField(_("term ends"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        USER, verbose_name=_("published by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(USER, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("term activity plan")
        verbose_name_plural = _("term activity plans")
        ordering = ["studio", "-school_year", "-term", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "school_year", "term", "version"], name="studio_plan_version"),
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="studio_plan_dates_in_order"),
        ]

    def __str__(self):
        return f"{self.studio} · {self.school_year} · {self.term} · v{self.version}"


class PlanItem(models.Model):
    plan = models.ForeignKey(TermPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("activity"), max_length=14, choices=ActivityKind.choices)
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    planned_month = models.PositiveSmallIntegerField(_("planned month"), null=True, blank=True)
    planned_count = models.PositiveSmallIntegerField(_("planned count"), default=1)
    place = models.CharField(_("place"), max_length=120, blank=True)
    responsible = models.ForeignKey(
        USER, verbose_name=_("responsible person"), on_delete=models.PROTECT, related_name="+"
    )
    # The item of the first version this one continues (an amendment copies the items): activities held against any
    # version of the item count towards it.
    origin = models.ForeignKey(
        "self", verbose_name=_("continues"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "planned_date", "planned_month", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} × {self.planned_count}"

    @property
    def lineage(self) -> int:
        return self.origin_id or self.pk


class Activity(models.Model):
    """An activity held (展示课/汇报课, 片区研讨, 送教下乡 …) with its record and photos."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="activities")
    plan_item = models.ForeignKey(
        PlanItem, verbose_name=_("plan item"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("activity"), max_length=14, choices=ActivityKind.choices)
    held_on = models.DateField(_("date"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    participants = models.ManyToManyField(USER, verbose_name=_("participants"), related_name="+")
    record = models.TextField(_("record"))
    photos = models.ManyToManyField(Attachment, verbose_name=_("photos"), blank=True, related_name="+")
    files = models.ManyToManyField(Attachment, verbose_name=_("files"), blank=True, related_name="+")
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("studio activity")
        verbose_name_plural = _("studio activities")
        ordering = ["studio", "-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on} {self.get_kind_display()}"


class Report(models.Model):
    """A report of the studio's work (工作汇报交流) for a term, or for a school year when ``term`` is empty."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="reports")
    school_year = models.PositiveSmallIntegerField(_("school year"))
    term = models.PositiveSmallIntegerField(_("term"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    files = models.ManyToManyField(Attachment, verbose_name=_("files"), blank=True, related_name="+")
    written_by = models.ForeignKey(USER, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("studio report")
        verbose_name_plural = _("studio reports")
        ordering = ["studio", "-school_year", "-written_at"]

    def __str__(self):
        return self.title


class AnnualEvaluation(models.Model):
    """The bureau's evaluation of a studio's school year (评估机制), confirmed by a second person; a correction is a
    new record that ``corrects`` the one before."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="evaluations")
    school_year = models.PositiveSmallIntegerField(_("school year"))
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    comments = models.TextField(_("comments"), blank=True)
    evaluated_by = models.ForeignKey(USER, verbose_name=_("evaluated by"), on_delete=models.PROTECT, related_name="+")
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        USER, verbose_name=_("confirmed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
    )
    reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("annual evaluation")
        verbose_name_plural = _("annual evaluations")
        ordering = ["studio", "-school_year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("evaluated_by")),
                name="studio_evaluation_second_person",
            ),
        ]

    def __str__(self):
        return f"{self.studio} · {self.school_year} · {self.get_grade_display()}"


class StudioFile(models.Model):
    """One item of the studio's archive (founding photos, signed agreements, development plans, certificates)."""

    studio = models.ForeignKey(Studio, verbose_name=_("studio"), on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("kind"), max_length=12, choices=FileKind.choices)
    title = models.CharField(_("title"), max_length=120)
    person = models.ForeignKey(
        USER, verbose_name=_("whose"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, null=True, blank=True, related_name="files"
    )
    attachment = models.ForeignKey(Attachment, verbose_name=_("file"), on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(USER, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("studio archive file")
        verbose_name_plural = _("studio archive files")
        ordering = ["studio", "kind", "added_at", "pk"]

    def __str__(self):
        return self.title
