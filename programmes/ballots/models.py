"""民主评议党员 (a branch's yearly review of its members) and 评选表彰 (a vote naming, say, the branch's 优秀共产党员),
both run through one anonymous ballot engine: a ``Poll`` (``Review`` and ``Election`` are its two kinds), its
``Candidate`` rows (the members reviewed, or the nominees), its ``Voter`` rows (who may vote and whether they have) and
its ``Ballot`` rows with one ``BallotMark`` per candidate, tallied into ``Tally`` rows when the poll closes.

Anonymity is a property of these tables, not of the pages: see programmes.ballots.services for the whole argument.
In short, nothing on a Ballot or BallotMark names a person, an instant or a day, their keys are random UUIDs, and
when the poll closes every ballot is written anew in a random order with new keys, so that neither keys, nor the
rows' physical order, nor the transaction that wrote them can be matched with the Voter rows.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation


class PollKind(models.TextChoices):
    REVIEW = "REVIEW", _("Democratic review of party members (民主评议党员)")
    ELECTION = "ELECTION", _("Selection for commendation (评选表彰)")


class PollStatus(models.TextChoices):
    DRAFT = "DRAFT", pgettext_lazy("poll", "Being prepared")
    OPEN = "OPEN", pgettext_lazy("poll", "Voting")
    CLOSED = "CLOSED", pgettext_lazy("poll", "Closed, results not yet published")
    PUBLISHED = "PUBLISHED", pgettext_lazy("poll", "Results published")


class Choice(models.TextChoices):
    """A mark on one candidate: a grade (民主评议) or a yes/no (评选表彰); 弃权 is an explicit choice in both."""

    EXCELLENT = "EXCELLENT", pgettext_lazy("review grade", "Excellent")  # 优秀
    COMPETENT = "COMPETENT", pgettext_lazy("review grade", "Competent")  # 合格
    BASICALLY = "BASICALLY", pgettext_lazy("review grade", "Basically competent")  # 基本合格
    INCOMPETENT = "INCOMPETENT", pgettext_lazy("review grade", "Incompetent")  # 不合格
    FOR = "FOR", pgettext_lazy("vote", "For")  # 赞成
    AGAINST = "AGAINST", pgettext_lazy("vote", "Against")  # 不赞成
    ABSTAIN = "ABSTAIN", pgettext_lazy("vote", "Abstain")  # 弃权


CHOICES_OF = {
    PollKind.REVIEW: (Choice.EXCELLENT, Choice.COMPETENT, Choice.BASICALLY, Choice.INCOMPETENT, Choice.ABSTAIN),
    PollKind.ELECTION: (Choice.FOR, Choice.AGAINST, Choice.ABSTAIN),
}


class Poll(models.Model):
    """A review or an election of a party branch. Its candidates and voters are fixed the day it opens."""

    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("party branch"), on_delete=models.PROTECT, related_name="polls"
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))  # the year its opening date falls in
    title = models.CharField(_("title"), max_length=120)
    opens = models.DateField(_("voting opens"))
    closes = models.DateField(_("voting closes"))
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)  # elections: how many are named
    status = models.CharField(_("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT)
    eligible = models.PositiveIntegerField(_("eligible voters"), default=0)  # set when it opens
    voted = models.PositiveIntegerField(_("voters who voted"), default=0)  # set when it closes
    digest = models.CharField(_("ballots' digest"), max_length=64, blank=True)  # of every mark, set when it closes
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-school_year", "-opens", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "school_year"], condition=Q(kind="REVIEW"), name="ballots_one_review_a_year"
            ),
            models.CheckConstraint(condition=Q(closes__gte=F("opens")), name="ballots_poll_dates_in_order"),
            models.CheckConstraint(
                condition=Q(kind="ELECTION", places__gte=1) | Q(kind="REVIEW", places__isnull=True),
                name="ballots_places_only_for_elections",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def choices(self) -> tuple:
        return CHOICES_OF[self.kind]


class ReviewManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=PollKind.REVIEW)


class ElectionManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=PollKind.ELECTION)


class Review(Poll):
    """民主评议党员: once a school year per branch, every member marked 优秀/合格/基本合格/不合格 (or 弃权)."""

    objects = ReviewManager()

    class Meta:
        proxy = True
        verbose_name = _("democratic review")
        verbose_name_plural = _("democratic reviews")

    def save(self, *args, **kwargs):
        self.kind = PollKind.REVIEW
        super().save(*args, **kwargs)


class Election(Poll):
    """评选表彰: ``places`` people named among the nominees, each ballot 赞成 at most ``places`` of them."""

    objects = ElectionManager()

    class Meta:
        proxy = True
        verbose_name = _("selection vote")
        verbose_name_plural = _("selection votes")

    def save(self, *args, **kwargs):
        self.kind = PollKind.ELECTION
        super().save(*args, **kwargs)


class Candidate(models.Model):
    """A member under review, or a nominee."""

    poll = models.ForeignKey(Poll, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="ballots_one_candidacy")]

    def __str__(self):
        return str(self.person)


class Voter(models.Model):
    """A person entitled to vote in the poll; ``voted_at`` records THAT they voted (never how)."""

    poll = models.ForeignKey(Poll, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="voters")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    voted_at = models.DateTimeField(_("voted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="ballots_one_voter_row")]

    def __str__(self):
        return str(self.person)


class Ballot(models.Model):
    """One anonymous ballot: a random key, its poll, and nothing else (no person, no date, no time)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="ballots")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return str(self.id)


class BallotMark(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="marks")
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="marks"
    )
    choice = models.CharField(_("mark"), max_length=12, choices=Choice.choices)

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [models.UniqueConstraint(fields=["ballot", "candidate"], name="ballots_one_mark_a_candidate")]

    def __str__(self):
        return f"{self.candidate_id}: {self.choice}"


class Tally(models.Model):
    """A candidate's count when the poll closed: {choice: n} and the SHA-256 of the marks counted (each
    "<ballot key>:<choice>" line, sorted), so that an auditor's recount can be compared with it."""

    poll = models.ForeignKey(Poll, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="tallies")
    candidate = models.OneToOneField(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="tally"
    )
    counts = models.JSONField(_("counts"), default=dict)
    digest = models.CharField(_("digest of the marks"), max_length=64)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        ordering = ["candidate__order", "candidate__pk"]

    def __str__(self):
        return f"{self.candidate} {self.counts}"
