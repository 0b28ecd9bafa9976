import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import ActivityKind, QuotaPeriod, Term
from programmes.records import services
from programmes.records.selectors import current_period, periods, progress
from tests.factories import UserFactory
from tests.programmes.records.conftest import TODAY, D, observation

pytestmark = pytest.mark.django_db


def record(w, person, day, kind=ActivityKind.OBSERVATION, details=None, confirm=True):
    made = services.record_create(
        actor=person, programme=w.programme, kind=kind, date=day, details=details or observation(), today=TODAY
    )
    return services.record_confirm(actor=w.leader, record=made) if confirm else made


def rows_of(w, person, today=TODAY):
    (entry,) = progress(w.programme, [person], today=today)
    return {row.kind: row for row in entry.rows}


def test_the_periods_are_the_terms_the_year_and_calendar_blocks_cut_to_the_terms(w):
    terms = list(Term.objects.filter(programme=w.programme))
    spans = lambda period: [(p.starts, p.ends) for p in periods(period, terms, 2026)]  # noqa: E731
    assert spans(QuotaPeriod.YEAR) == [(D(2026, 9, 1), D(2027, 7, 15))]
    assert spans(QuotaPeriod.TERM) == [(D(2026, 9, 1), D(2027, 1, 31)), (D(2027, 2, 1), D(2027, 7, 15))]
    assert spans(QuotaPeriod.TWO_MONTHS) == [
        (D(2026, 9, 1), D(2026, 10, 31)),
        (D(2026, 11, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 1, 31)),
        (D(2027, 2, 1), D(2027, 3, 31)),
        (D(2027, 4, 1), D(2027, 5, 31)),
        (D(2027, 6, 1), D(2027, 7, 15)),
    ]
    assert len(spans(QuotaPeriod.MONTH)) == 11
    found = periods(QuotaPeriod.TERM, terms, 2026)
    assert current_period(found, D(2026, 8, 1)) == found[0]  # before the first: the first
    assert current_period(found, D(2027, 8, 1)) == found[1]  # after the last: the last
    assert current_period(found, D(2027, 3, 1)) == found[1]


def test_only_the_quotas_of_a_persons_direction_bind_them(w):
    assert ActivityKind.PAPER in rows_of(w, w.teacher)  # 党员→骨干: a paper a year
    assert ActivityKind.PAPER not in rows_of(w, w.mentee)
    assert set(rows_of(w, w.mentor)) == {
        ActivityKind.OBSERVATION,
        ActivityKind.DEMONSTRATION,
        ActivityKind.READING_NOTE,
    }


def test_a_pairs_records_reaching_their_quotas(w):
    # 2026-11-21 is day 82 of the 153 of term 1: on track needs ceil(20 × 82/153) = 11 observations by then.
    days = [D(2026, 9, 1) + datetime.timedelta(days=7 * i) for i in range(10)]
    for day in days:
        record(w, w.mentee, day)
        record(w, w.mentor, day)
    mentee, mentor = rows_of(w, w.mentee)[ActivityKind.OBSERVATION], rows_of(w, w.mentor)[ActivityKind.OBSERVATION]
    assert (mentee.done, mentee.pending, mentee.expected, mentee.on_track) == (10, 0, 11, False)
    assert not mentor.on_track
    returned = record(w, w.mentee, D(2026, 11, 20), confirm=False)
    services.record_return(actor=w.leader, record=returned, reason="再写具体些")
    assert not rows_of(w, w.mentee)[ActivityKind.OBSERVATION].on_track  # a returned record never counts
    record(w, w.mentee, D(2026, 11, 20), confirm=False)  # waiting: counts toward on track, not as done
    row = rows_of(w, w.mentee)[ActivityKind.OBSERVATION]
    assert (row.done, row.pending, row.on_track, row.met) == (10, 1, True, False)
    record(w, w.mentor, D(2026, 11, 21))
    assert rows_of(w, w.mentor)[ActivityKind.OBSERVATION].on_track
    # by the end of the term the whole count is needed
    end = rows_of(w, w.mentor, today=D(2027, 1, 31))[ActivityKind.OBSERVATION]
    assert (end.expected, end.on_track) == (20, False)


def test_the_quota_reached_at_the_end_of_the_term(w):
    days = [D(2026, 9, 1) + datetime.timedelta(days=4 * i) for i in range(20)]
    for day in days:
        record(w, w.mentee, day)
    row = rows_of(w, w.mentee, today=D(2027, 1, 31))[ActivityKind.OBSERVATION]
    assert (row.done, row.required, row.on_track, row.met) == (20, 20, True, True)
    assert rows_of(w, w.mentee, today=D(2027, 2, 10))[ActivityKind.OBSERVATION].done == 0  # term 2 starts afresh


def test_a_paper_counts_only_where_published(w):
    paper = {"title": "低段识字教学的游戏化", "published_in": ""}
    record(w, w.teacher, D(2026, 10, 1), kind=ActivityKind.PAPER, details=paper)
    assert rows_of(w, w.teacher)[ActivityKind.PAPER].done == 0
    record(w, w.teacher, D(2026, 10, 2), kind=ActivityKind.PAPER, details={**paper, "published_in": "《晨钟》"})
    assert rows_of(w, w.teacher)[ActivityKind.PAPER].done == 1


def test_progress_reads_the_same_few_queries_for_one_person_or_many(w):
    record(w, w.teacher, D(2026, 10, 1))
    with CaptureQueriesContext(connection) as one:
        progress(w.programme, [w.teacher], today=TODAY)
    people = [w.teacher, w.mentee, w.mentor, *UserFactory.create_batch(5)]
    for person in (w.mentee, w.mentor):
        record(w, person, D(2026, 10, 1))
    with CaptureQueriesContext(connection) as many:
        entries = progress(w.programme, people, today=TODAY)
    assert len(one) == len(many) <= 4
    assert [e.person for e in entries] == people
