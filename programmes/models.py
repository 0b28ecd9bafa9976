"""A programme (活动方案) of an organisation for a school year, as data its organiser edits: its terms (学期, the
dates activity records must fall in), its stages with dates, its quotas (what each participant must record, how
often) and its participants (the cultivation lists, 培养对象名单, in both directions)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation


class ProgrammeKind(models.TextChoices):
    DUAL = "DUAL", _("Dual cultivation, dual promotion (双培双促进)")
    EXCELLENCE = "EXCELLENCE", _("Strive for excellence (创先争优)")


class Programme(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="programmes"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=120)
    school_year = models.PositiveSmallIntegerField(_("school year"))  # the calendar year it starts in
    description = models.TextField(_("description"), blank=True)
    # A county (bureau) programme adopted by a school: the school's own copy, which it may then edit.
    adopted_from = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "school_year"], name="one_programme_of_a_kind_a_year"
            ),
        ]

    def __str__(self):
        return self.name


class Term(models.Model):
    """A term (学期) of the programme's school year: activity records must be dated inside one."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("term"))  # 1: 第一学期 (autumn), 2: 第二学期 (spring)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="one_term_of_a_number"),
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="term_dates_in_order"),
        ]

    def __str__(self):
        return f"{self.programme} · {self.number}"


class Stage(models.Model):
    """A stage of the programme (000: 摸清底子 → 制定方案 → 落实措施 → 开展考评), with its dates."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=60)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("programme", "stage")
        verbose_name_plural = pgettext_lazy("programme", "stages")
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="stage_dates_in_order"),
        ]

    def __str__(self):
        return self.name


class ActivityKind(models.TextChoices):
    """What a participant records (seed 000 §落实措施 and 考核办法, 002, 004)."""

    OBSERVATION = "OBSERVATION", _("Lesson observation (听课)")
    DEMONSTRATION = "DEMONSTRATION", _("Demonstration or observation lesson (示范课/观摩课)")
    READING_NOTE = "READING_NOTE", _("Reading reflection (读书心得)")
    BOOK = "BOOK", _("Book read closely (精读专著)")
    LECTURE = "LECTURE", _("Lecture (讲座)")
    PAPER = "PAPER", _("Paper (论文)")
    RESEARCH = "RESEARCH", _("Research project (课题)")
    COMPETITION = "COMPETITION", _("Lesson competition (赛课)")
    OUTREACH = "OUTREACH", _("Teaching outreach (送教)")
    MENTORING = "MENTORING", _("Mentoring a young teacher (指导青年教师)")


class QuotaPeriod(models.TextChoices):
    MONTH = "MONTH", _("every month")
    TWO_MONTHS = "TWO_MONTHS", _("every two months")
    TERM = "TERM", _("every term")
    YEAR = "YEAR", _("every school year")


class Audience(models.TextChoices):
    """Whom a quota binds: every participant, or the participants of one direction."""

    ALL = "ALL", _("every participant")
    TO_BACKBONE = "TO_BACKBONE", _("party members cultivated into backbones")
    TO_MEMBER = "TO_MEMBER", _("backbones cultivated into party members")


class Quota(models.Model):
    """At least ``count`` records of ``kind`` in each ``period`` (听课 ≥ 20 a term, 读书心得 every two months …)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="quotas"
    )
    kind = models.CharField(_("activity"), max_length=16, choices=ActivityKind.choices)
    period = models.CharField(_("period"), max_length=12, choices=QuotaPeriod.choices)
    count = models.PositiveSmallIntegerField(_("at least"))
    audience = models.CharField(_("applies to"), max_length=12, choices=Audience.choices, default=Audience.ALL)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "audience"], name="one_quota_per_kind_and_audience"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ≥ {self.count}"


class Direction(models.TextChoices):
    TO_BACKBONE = "TO_BACKBONE", _("Party member → teaching backbone")  # 把党员培养成教学骨干
    TO_MEMBER = "TO_MEMBER", _("Teaching backbone → party member")  # 把教学骨干中的先进分子培养成党员


class ParticipantStatus(models.TextChoices):
    NOMINATED = "NOMINATED", _("Nominated")  # the nomination process (a designed case) is running
    LISTED = "LISTED", _("On the list")  # 党支部确定名单
    DECLINED = "DECLINED", _("Not listed")  # the nomination was rejected or withdrawn
    REMOVED = "REMOVED", _("Removed from the list")


class Participant(models.Model):
    """A person on a programme's cultivation list (培养对象名单), with the person responsible for them (党小组长 or
    处室) and the date by which they are to be cultivated (限期培养)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="participants"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    direction = models.CharField(_("direction"), max_length=12, choices=Direction.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ParticipantStatus.choices, default=ParticipantStatus.NOMINATED
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants_in_charge",
    )
    responsible_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("cultivated by"), null=True, blank=True)
    # The designed case (流程设计器) that nominated them: 教研组推举 → 教导处/政教处考核筛选 → 党支部确定.
    nomination = models.ForeignKey(
        "designer.DesignedCase",
        verbose_name=_("nomination"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    # Removed from the list (never deleted): why, by whom, when.
    removed_reason = models.CharField(_("reason for removal"), max_length=200, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person", "direction"], name="one_participation_per_direction"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.programme}"


class Pair(models.Model):
    """A mentoring pair of the programme (结对, 青蓝工程, 师徒协议): a mentor and a mentee (一帮一; a mentor with two
    mentees, 一帮二, is two pairs). Both acknowledge its goals and duties; their activity is visible to both and to
    the person responsible for the mentee."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="pairs"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentoring"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="mentored"
    )
    goals = models.TextField(_("goals"))
    duties = models.TextField(_("mentor's duties"))
    mentor_acknowledged_at = models.DateTimeField(_("mentor acknowledged at"), null=True, blank=True)
    mentee_acknowledged_at = models.DateTimeField(_("mentee acknowledged at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="pair_of_two_people"),
            # One open pair of the same two people; an ended pair may be made again (a change after both
            # acknowledged ends the pair and makes a new one).
            models.UniqueConstraint(
                fields=["programme", "mentor", "mentee"],
                condition=Q(ended_on__isnull=True),
                name="one_open_pair_of_two_people",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"


class Attendance(models.TextChoices):
    UNKNOWN = "UNKNOWN", pgettext_lazy("attendance", "Not recorded")
    YES = "YES", pgettext_lazy("attendance", "Attended")
    NO = "NO", pgettext_lazy("attendance", "Did not attend")


class Invitation(models.Model):
    """An invitation of a backbone teacher being cultivated into a party member (TO_MEMBER) to attend a 组织生活会
    (000 §二.2: 积极组织他们列席党组织生活会); whether they attended is recorded on or after the meeting's date."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="invitations"
    )
    meeting_date = models.DateField(_("meeting date"))
    title = models.CharField(_("meeting"), max_length=120)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    attended = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices, default=Attendance.UNKNOWN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to a party meeting")
        verbose_name_plural = _("invitations to party meetings")
        ordering = ["meeting_date", "pk"]

    def __str__(self):
        return f"{self.participant.person} · {self.title}"
