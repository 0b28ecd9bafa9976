"""Reads of activity records: the quotas' periods, each person's progress against the quotas that bind them, the
records waiting for a person to confirm them.

Periods (the rule, exactly):

- TERM: each of the programme's terms, from its first to its last day;
- YEAR: the school year, from the first term's first day to the last term's last day;
- MONTH: each calendar month inside a term, cut to the term (a term from 9/1 to 1/31 has five: Sep, Oct, Nov,
  Dec, Jan);
- TWO_MONTHS: inside each term, blocks of two calendar months counted from the term's first month, cut to the term
  (9/1–1/31: Sep–Oct, Nov–Dec, Jan; 2/1–7/15: Feb–Mar, Apr–May, Jun–Jul 15).

A quota requires ``count`` records of its kind in every period; the progress pages show the period of ``today``
(between two terms, or after the last: the last period that started; before the first: the first one).

Counting: ``done`` is the confirmed records dated inside the period, ``pending`` the submitted ones still waiting
for confirmation; returned records never count; a paper (论文) counts only where published. ``met``: done ≥
required. On track (the rule, exactly): done + pending ≥ required × the share of the period elapsed by ``today``
(its days so far, today included, over its days), rounded up; a period that ended needs its whole count; one not
yet started needs none.
"""

import datetime
import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q
from django.utils.translation import gettext as _

from core.dates import business_today
from core.school_year import school_year_label
from programmes.models import ActivityKind, Audience, Pair, Participant, ParticipantStatus, QuotaPeriod, Term
from programmes.records import kinds
from programmes.records.models import ActivityRecord, RecordStatus


@dataclass(frozen=True)
class Period:
    starts: datetime.date
    ends: datetime.date
    label: str

    def holds(self, day: datetime.date) -> bool:
        return self.starts <= day <= self.ends

    def elapsed(self, today: datetime.date) -> Fraction:
        if today < self.starts:
            return Fraction(0)
        if today >= self.ends:
            return Fraction(1)
        return Fraction((today - self.starts).days + 1, (self.ends - self.starts).days + 1)


def _month_end(day: datetime.date) -> datetime.date:
    following = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _months_from(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _term_label(number: int) -> str:
    return _("Term %(n)d") % {"n": number}


def _span(starts: datetime.date, ends: datetime.date) -> str:
    return f"{starts:%Y-%m-%d} – {ends:%Y-%m-%d}"


def periods(period: str, terms: list[Term], school_year: int) -> list[Period]:
    """The periods of a quota of ``period`` over the programme's terms, in order."""
    terms = sorted(terms, key=lambda t: t.starts)
    if not terms:
        return []
    if period == QuotaPeriod.YEAR:
        return [Period(terms[0].starts, max(t.ends for t in terms), school_year_label(school_year))]
    if period == QuotaPeriod.TERM:
        return [Period(t.starts, t.ends, _term_label(t.number)) for t in terms]
    width = 1 if period == QuotaPeriod.MONTH else 2
    found = []
    for term in terms:
        block = datetime.date(term.starts.year, term.starts.month, 1)
        while block <= term.ends:
            starts = max(block, term.starts)
            ends = min(_months_from(block, width) - datetime.timedelta(days=1), term.ends)
            found.append(Period(starts, ends, _span(starts, ends)))
            block = _months_from(block, width)
    return found


def current_period(found: list[Period], today: datetime.date) -> Period | None:
    if not found:
        return None
    started = [p for p in found if p.starts <= today]
    return next((p for p in started if p.holds(today)), started[-1] if started else found[0])


def term_of(terms, day: datetime.date) -> Term | None:
    return next((t for t in terms if t.starts <= day <= t.ends), None)


@dataclass
class ProgressRow:
    """One quota for one person in one period: what _progress.html shows (label, required, done, pending,
    on_track)."""

    kind: str
    label: str
    period_label: str
    starts: datetime.date
    ends: datetime.date
    required: int
    done: int = 0
    pending: int = 0
    expected: int = 0  # required × the elapsed share, rounded up: what on track needs by today
    quota_id: int = 0

    @property
    def on_track(self) -> bool:
        return self.done + self.pending >= self.expected

    @property
    def met(self) -> bool:
        return self.done >= self.required

    @property
    def missing(self) -> int:
        """Still to record for the whole period (pending records counted as recorded)."""
        return max(self.required - self.done - self.pending, 0)

    @property
    def percent(self) -> int:
        return min(100, (100 * self.done) // self.required) if self.required else 100


@dataclass
class PersonProgress:
    person: object
    rows: list[ProgressRow] = field(default_factory=list)

    @property
    def on_track(self) -> bool:
        return all(row.on_track for row in self.rows)

    @property
    def behind(self) -> list[ProgressRow]:
        return [row for row in self.rows if not row.on_track]


def _directions(programme, people_ids) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {pk: set() for pk in people_ids}
    listed = Participant.objects.filter(programme=programme, person__in=people_ids, status=ParticipantStatus.LISTED)
    for person_id, direction in listed.values_list("person_id", "direction"):
        found[person_id].add(direction)
    return found


def progress(programme, people, *, today: datetime.date) -> list[PersonProgress]:
    """One entry per person (in the order given) with a row per quota that binds them (audience ALL, or their
    listed direction), for the period of ``today``. Four queries whatever the number of people and records."""
    people = list(people)
    ids = [p.pk for p in people]
    terms = list(Term.objects.filter(programme=programme))
    quotas = list(programme.quotas.all().order_by("pk"))
    directions = _directions(programme, ids)
    spans = {q.pk: current_period(periods(q.period, terms, programme.school_year), today) for q in quotas}
    records = ActivityRecord.objects.filter(
        programme=programme, person__in=ids, status__in=[RecordStatus.SUBMITTED, RecordStatus.CONFIRMED]
    ).values_list("person_id", "kind", "date", "status", "details")
    tally: dict[tuple[int, str], list[tuple]] = {}
    for person_id, kind, day, status, details in records:
        if kinds.counts(kind, details):
            tally.setdefault((person_id, kind), []).append((day, status))
    order = {kind: i for i, kind in enumerate(ActivityKind.values)}
    quotas.sort(key=lambda q: (order.get(q.kind, 99), q.pk))
    found = []
    for person in people:
        entry = PersonProgress(person)
        for quota in quotas:
            span = spans[quota.pk]
            if span is None or (quota.audience != Audience.ALL and quota.audience not in directions[person.pk]):
                continue
            row = ProgressRow(
                kind=quota.kind,
                label=str(quota.get_kind_display()),
                period_label=span.label,
                starts=span.starts,
                ends=span.ends,
                required=quota.count,
                expected=math.ceil(quota.count * span.elapsed(today)),
                quota_id=quota.pk,
            )
            for day, status in tally.get((person.pk, quota.kind), ()):
                if span.holds(day):
                    if status == RecordStatus.CONFIRMED:
                        row.done += 1
                    else:
                        row.pending += 1
            entry.rows.append(row)
        found.append(entry)
    return found


def people_of(programme, *, day: datetime.date):
    """Everyone who records in the programme: its listed participants and its pairs' people (pairs not ended), by
    name."""
    from accounts.models import User

    listed = Participant.objects.filter(programme=programme, status=ParticipantStatus.LISTED).values("person")
    pairs = Pair.objects.filter(programme=programme).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    return User.objects.filter(
        Q(pk__in=listed) | Q(pk__in=pairs.values("mentor")) | Q(pk__in=pairs.values("mentee"))
    ).order_by("real_name", "pk")


@dataclass
class KindTotal:
    kind: str
    label: str
    required: int = 0
    done: int = 0
    pending: int = 0
    people: int = 0
    on_track: int = 0

    @property
    def percent(self) -> int:
        return min(100, (100 * self.done) // self.required) if self.required else 0

    @property
    def pending_percent(self) -> int:
        return min(100 - self.percent, (100 * self.pending) // self.required) if self.required else 0


def totals(entries: list[PersonProgress]) -> list[KindTotal]:
    """Per activity kind, over everyone's rows: done / pending / required, and how many people are on track."""
    found: dict[str, KindTotal] = {}
    for entry in entries:
        for row in entry.rows:
            total = found.setdefault(row.kind, KindTotal(row.kind, row.label))
            total.required += row.required
            total.done += row.done
            total.pending += row.pending
            total.people += 1
            total.on_track += row.on_track
    return list(found.values())


def waiting_for(user):
    """The submitted records the user may confirm (待确认): of the people they are responsible for, and of the
    programmes they organise; never their own. Oldest first."""
    from programmes.records.access import organised_q, responsible_q

    if not user.is_authenticated:
        return ActivityRecord.objects.none()
    in_charge = Participant.objects.filter(responsible_q(user), status=ParticipantStatus.LISTED)
    by_person = Q(pk__in=[])
    pairs = list(in_charge.values_list("programme_id", "person_id"))
    for programme_id, person_id in pairs:
        by_person |= Q(programme_id=programme_id, person_id=person_id)
    if pairs:
        # A pair's mentor on no list: confirmed by whoever is responsible for the mentee.
        listed = Participant.objects.filter(status=ParticipantStatus.LISTED, programme_id__in={p for p, _ in pairs})
        mentors = Pair.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=business_today()),
            programme_id__in={p for p, _ in pairs},
            mentee_id__in={m for _, m in pairs},
        ).values_list("programme_id", "mentor_id")
        on_list = set(listed.values_list("programme_id", "person_id"))
        for programme_id, mentor_id in mentors:
            if (programme_id, mentor_id) not in on_list:
                by_person |= Q(programme_id=programme_id, person_id=mentor_id)
    return (
        ActivityRecord.objects.filter(by_person | organised_q(user), status=RecordStatus.SUBMITTED)
        .exclude(person=user)
        .select_related("person", "programme")
        .order_by("submitted_at", "pk")
    )


def mine(user):
    return (
        ActivityRecord.objects.filter(person=user)
        .select_related("programme")
        .prefetch_related("evidence")
        .order_by("-date", "-pk")
    )


def last_observation(user) -> dict:
    """Class and subject of the person's last 听课, in any programme (the entry page fills them in)."""
    details = (
        ActivityRecord.objects.filter(person=user, kind=ActivityKind.OBSERVATION)
        .order_by("-date", "-pk")
        .values_list("details", flat=True)
        .first()
    )
    details = details or {}
    return {"class_name": details.get("class_name", ""), "subject": details.get("subject", "")}
