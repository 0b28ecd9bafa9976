"""Property tests of the rule engine: dates and time rules, meeting votes, grading, and "a refused action changes
nothing". Each property is checked against an oracle written from docs/domain.md, not from the code under test.

Example counts come from the hypothesis profile of tests/security/conftest.py (150 each; STEPWISE_LONG=1: 2000).
"""

import calendar
import datetime
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from viewflow.workflow.models import Task

from audit.models import AuditEvent
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.security.conftest import LONG
from tests.workflows.evaluation.conftest import ON_TIME, everything, open_year, routine
from tests.workflows.evaluation.conftest import run_action as run_evaluation_action
from tests.workflows.party.conftest import branch_vote, case_before
from tests.workflows.party.factories import run_action
from workflows.business_days import add_months, add_working_days, add_years, working_days_between
from workflows.evaluation.grading import DEFAULT_RATIOS, TYPES, PairScores, Scheme, grade
from workflows.evaluation.models import Track
from workflows.evaluation.scoring import indicators_for
from workflows.models import WorkdayOverride
from workflows.party import timing
from workflows.party.models import PartyCase
from workflows.party.rules.votes import Ballot, MeetingVote, WrittenOpinion, evaluate_vote

DAYS = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))
# Dates the working-day properties use: inside chinese-calendar's published years and a few beyond (provisional).
WORK_DAYS = st.dates(min_value=datetime.date(2018, 1, 1), max_value=datetime.date(2028, 12, 31))


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


# --- Dates (DOMAIN §2.4: calendar months, clamped to the end of the month) -------------------------------------


@given(day=DAYS, months=st.integers(min_value=-240, max_value=240))
def test_adding_months_moves_the_month_and_clamps_the_day(day, months):
    result = add_months(day, months)
    assert month_index(result) == month_index(day) + months
    assert result.day == min(day.day, calendar.monthrange(result.year, result.month)[1])


@given(first=DAYS, second=DAYS, months=st.integers(min_value=0, max_value=120))
def test_adding_months_keeps_the_order_of_dates(first, second, months):
    first, second = sorted([first, second])
    assert add_months(first, months) <= add_months(second, months)


@given(day=DAYS, years=st.integers(min_value=-20, max_value=20))
def test_a_year_later_is_the_same_calendar_day_or_the_28th_of_february(day, years):
    result = add_years(day, years)
    assert (result.year, result.month) == (day.year + years, day.month)
    leap_day_lost = (day.month, day.day) == (2, 29) and not calendar.isleap(result.year)
    assert result.day == (28 if leap_day_lost else day.day)


BOOKS = st.fixed_dictionaries(
    {
        "month_arithmetic": st.sampled_from(["calendar", "30_days"]),
        "talk_deadline_months": st.integers(min_value=1, max_value=3),
        "approval_normal_months": st.integers(min_value=1, max_value=6),
        "approval_hard_months": st.integers(min_value=6, max_value=12),
        "probation_years": st.just(1),
        "probation_end_convention": st.sampled_from(["same_day", "day_before"]),
    }
)


@given(book=BOOKS, day=DAYS)
def test_every_deadline_falls_after_its_anchor_and_the_hard_limit_never_before_the_normal_one(book, day):
    talk = timing.talk_deadline(book, day)
    assert talk.due > day
    if book["month_arithmetic"] == "30_days":
        assert (talk.due - day).days == 30 * book["talk_deadline_months"]
    window = timing.approval_window(book, day)
    assert day < window.due <= window.hard
    assert window.due == add_months(day, book["approval_normal_months"])


@given(book=BOOKS, start=DAYS)
def test_probation_lasts_one_year_by_either_writing_convention(book, start):
    end = timing.probation_end(book, start)
    same_day = add_years(start, 1)
    day_before = book["probation_end_convention"] == "day_before"
    assert end == (same_day - datetime.timedelta(days=1) if day_before else same_day)
    assert 364 <= (end - start).days <= 366


@pytest.mark.django_db
@settings(max_examples=600 if LONG else 60)  # each example reads the override table
@given(start=WORK_DAYS, days=st.integers(min_value=0, max_value=40))
def test_n_working_days_later_is_a_working_day_exactly_n_working_days_away(start, days):
    result = add_working_days(start, days)
    assert working_days_between(start, result.date) == days
    if days:
        assert result.date > start and working_days_between(start, result.date - datetime.timedelta(days=1)) < days


@pytest.mark.django_db
@settings(max_examples=600 if LONG else 60)
@given(first=WORK_DAYS, second=WORK_DAYS, shift=st.sampled_from([True, False]))
def test_working_days_between_is_antisymmetric_and_follows_the_override_table(first, second, shift):
    WorkdayOverride.objects.update_or_create(date=second, defaults={"is_workday": shift, "note": "调休"})
    forward = working_days_between(first, second)
    assert forward == -working_days_between(second, first)
    if first < second:
        before = working_days_between(first, second - datetime.timedelta(days=1))
        assert forward == before + shift


# --- Meeting votes (DOMAIN §2.5: quorum A > E/2 and pass Y > E/2, both on 应到会 E) --------------------------------


@st.composite
def meetings(draw):
    """A branch (full members and members without full rights), a valid 应到会 list and any figures for it."""
    size = draw(st.integers(min_value=1, max_value=15))
    rights = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    members = {100 + i: has for i, has in enumerate(rights)}
    full = sorted(m for m, has in members.items() if has)
    present = draw(st.lists(st.sampled_from(full), unique=True)) if full else []
    absent = [m for m in full if m not in present]
    written = draw(st.lists(st.sampled_from(absent), unique=True)) if absent else []
    day = datetime.date(2026, 5, 20)
    opinions = tuple(
        WrittenOpinion(m, day + datetime.timedelta(days=draw(st.integers(-5, 2))), draw(st.sampled_from(["yes", "no"])))
        for m in written
    )
    yes = draw(st.integers(min_value=0, max_value=len(present)))
    no = draw(st.integers(min_value=0, max_value=len(present) - yes))
    abstain = draw(st.integers(min_value=0, max_value=len(present) - yes - no))
    return MeetingVote(
        meeting_date=day,
        ballot_mode="anonymous",
        branch_members=members,
        eligible_ids=frozenset(full),
        present_ids=frozenset(present),
        ballot=Ballot(candidate_ids=(1,), yes=yes, no=no, abstain=abstain),
        written=opinions,
        claimed_result=draw(st.sampled_from(["passed", "failed", None])),
    )


def expected_code(vote: MeetingVote) -> str | None:
    """DOMAIN §2.5 read directly: None when the meeting is valid and its entered result is right."""
    eligible = len(vote.eligible_ids)
    if eligible < 3:
        return "branch_too_small"
    if 2 * len(vote.present_ids) <= eligible:
        return "quorum_not_met"
    on_time = [w for w in vote.written if w.submitted_on <= vote.meeting_date]
    yes = vote.ballot.yes + sum(w.choice == "yes" for w in on_time)
    passed = 2 * yes > eligible
    if vote.claimed_result == "passed" and not passed:
        return "majority_not_reached"
    if vote.claimed_result == "failed" and passed:
        return "result_mismatch"
    return None


@given(vote=meetings())
def test_a_vote_passes_exactly_when_quorum_and_majority_hold_on_the_expected_attendance(vote):
    expected = expected_code(vote)
    if expected is not None:
        with pytest.raises(ApplicationError) as caught:
            evaluate_vote(vote, min_full_members=3)
        assert caught.value.code == expected
        return
    outcome = evaluate_vote(vote, min_full_members=3)
    on_time = [w for w in vote.written if w.submitted_on <= vote.meeting_date]
    assert (outcome.eligible, outcome.present) == (len(vote.eligible_ids), len(vote.present_ids))
    assert outcome.written_counted == len(on_time)  # counted in Y, never in A
    assert outcome.passed == (2 * outcome.yes > outcome.eligible)
    assert ("written_opinion_late" in outcome.warnings) == (len(on_time) < len(vote.written))


@given(vote=meetings(), extra=st.integers(min_value=1, max_value=5))
def test_more_votes_than_people_present_are_refused(vote, extra):
    assume(len(vote.eligible_ids) >= 3)
    ballot = Ballot(candidate_ids=(1,), yes=len(vote.present_ids) + extra, no=0, abstain=0)
    with pytest.raises(ApplicationError) as caught:
        evaluate_vote(replace(vote, ballot=ballot), min_full_members=3)
    assert caught.value.code == "vote_totals_invalid"


# --- Grading (DOMAIN §4.2–4.3: exact decimals, half up only at the published total, never outside 0–100) ----------

SCORE = st.decimals(min_value=0, max_value=100, places=2)
YEAR_END = st.decimals(min_value=0, max_value=40, places=2)
RATIO = st.tuples(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=9))


@st.composite
def schemes(draw):
    ratios = dict(DEFAULT_RATIOS)
    if draw(st.booleans()):  # an edited scheme version: any positive ratios where the type assesses the component
        ratios = {key: (draw(RATIO) if pair is not None else None) for key, pair in ratios.items()}
    full = draw(st.sampled_from([Decimal(100), Decimal(120), Decimal(150)]))
    return Scheme(reading=draw(st.sampled_from(["R1", "R2"])), ratios=ratios, routine_full_marks=full)


def oracle(scheme: Scheme, scores: PairScores) -> tuple[Fraction, Fraction]:
    """DOMAIN §4.2 in exact rational arithmetic."""
    F = Fraction  # noqa: N806
    full = F(scheme.routine_full_marks)
    core = [F(v) * 100 / full for v in scores.core_terms]
    member = [F(v) * 100 / full for v in scores.member_terms]
    a, b = scheme.ratios[("routine", scores.community_type)]
    pooled = [(a * k + b * m) / F(a + b) for k, m in zip(core, member, strict=True)]
    weight = F(scheme.term_weight)
    routine_core = weight * sum(pooled) if scheme.reading == "R1" else weight * sum(core)
    routine_member = weight * sum(pooled) if scheme.reading == "R1" else weight * sum(member)
    feature_ratio = scheme.ratios[("feature", scores.community_type)]
    if feature_ratio is None:
        e_core = e_member = F(scores.project)
    else:
        (p, q), (r, s) = scheme.ratios[("project", scores.community_type)], feature_ratio
        e_core = F(p, p + q) * F(scores.project) + F(r, r + s) * F(scores.feature)
        e_member = F(q, p + q) * F(scores.project) + F(s, r + s) * F(scores.feature)
    return routine_core + e_core, routine_member + e_member


def half_up(value: Fraction, places: int) -> Decimal:
    scaled = value * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-places)


@st.composite
def pairs(draw):
    scheme = draw(schemes())
    full = scheme.routine_full_marks
    term = st.decimals(min_value=0, max_value=full, places=2)
    kind = draw(st.sampled_from(TYPES))
    assessed = scheme.ratios[("feature", kind)] is not None
    scores = PairScores(
        kind, (draw(term), draw(term)), (draw(term), draw(term)), draw(YEAR_END), draw(YEAR_END) if assessed else None
    )
    return scheme, scores


def as_decimal(value: Fraction) -> Decimal:
    """The exact value as a Decimal: exact when it terminates, else to the context's 28 significant digits."""
    return Decimal(value.numerator) / Decimal(value.denominator)


# Found by this property: full marks of 150 make thirds; the rounded thirds summed to 0.04999…, published as 0.0.
THIRDS = (Scheme(routine_full_marks=Decimal(150)), PairScores("COLLABORATION", (Decimal("0.5"), 0), (0, 0), 0, None))


@given(case=pairs())
@example(case=THIRDS)
def test_a_total_is_the_exact_formula_rounded_half_up_once_and_stays_between_0_and_100(case):
    scheme, scores = case
    result = grade(scheme, scores)
    exact_core, exact_member = oracle(scheme, scores)
    assert (result["exact_core"], result["exact_member"]) == (as_decimal(exact_core), as_decimal(exact_member))
    assert result["total_core"] == half_up(exact_core, scheme.places)
    assert result["total_member"] == half_up(exact_member, scheme.places)
    for total in (result["total_core"], result["total_member"]):
        assert Decimal(0) <= total <= Decimal(100)


@given(
    case=pairs(),
    which=st.sampled_from(["core_terms", "member_terms", "project", "feature"]),
    beyond=st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2),
    below=st.booleans(),
)
def test_a_score_outside_its_range_is_refused_never_clipped(case, which, beyond, below):
    scheme, scores = case
    high = scheme.routine_full_marks if which.endswith("terms") else scheme.year_end_full_marks
    bad = -beyond if below else high + beyond
    value = (bad, scores.core_terms[1]) if which.endswith("terms") else bad
    assume(which != "feature" or scores.feature is not None)
    with pytest.raises(ApplicationError) as caught:
        grade(scheme, PairScores(**{**scores.__dict__, which: value}))
    assert caught.value.code == "score_out_of_range"


# --- A refused action changes nothing (one audit event per success, none and no other row for a refusal) ---------


def party_rows(case_id: int) -> tuple:
    case = PartyCase.objects.get(pk=case_id)
    return (
        model_to_dict(case),
        AuditEvent.objects.count(),
        sorted(Task.objects.filter(process_id=case_id).values_list("pk", "status", "owner_id")),
        Notification.objects.count(),
    )


@st.composite
def vote_payloads(draw, party):
    """An admission vote with any figures: valid and broken quorum, majority, lists and dates."""
    members = party.full_ids
    present = draw(st.integers(min_value=0, max_value=len(members)))
    meeting = branch_vote(party, present=present or None, yes=draw(st.integers(-1, len(members) + 1)))
    meeting["present_ids"] = members[:present]
    meeting["result"] = draw(st.sampled_from(["passed", "failed"]))
    meeting["eligible_ids"] = draw(st.sampled_from([members, members[:-1], [*members, party.probationary.pk]]))
    day = datetime.date(2024, 12, 20) + datetime.timedelta(days=draw(st.integers(-30, 5)))
    return {"date": day.isoformat(), "meeting": meeting, "reported_date": "2024-12-23"}


@pytest.mark.django_db
def test_a_refused_admission_vote_changes_nothing(party):
    case_id = case_before(party, "record_admission_vote")
    outcomes = set()

    @settings(max_examples=400 if LONG else 40)  # each example is a whole action in a transaction
    @given(payload=vote_payloads(party))
    def attempt(payload):
        before = party_rows(case_id)
        with transaction.atomic():  # every example starts from the same case: a recorded vote is rolled back
            try:
                run_action(case_id=case_id, code="record_admission_vote", actor=party.secretary, payload=payload)
            except ApplicationError as refused:
                outcomes.add(refused.code)
                assert party_rows(case_id) == before, refused.code
                return
            outcomes.add("recorded")
            assert AuditEvent.objects.count() == before[1] + 1
            transaction.set_rollback(True)

    attempt()
    assert {"recorded", "quorum_not_met", "majority_not_reached"} <= outcomes


@st.composite
def self_scores(draw, indicators):
    """A score for every indicator within its range, then at most one fault: a score below 0 or above the maximum,
    a third decimal place, an indicator missing, unknown or scored twice."""
    items = [{"indicator": i.code, "score": draw(st.decimals(0, i.max_score, places=2))} for i in indicators]
    fault = draw(st.sampled_from(["none", "below", "above", "precise", "missing", "unknown", "twice"]))
    beyond = draw(st.decimals(Decimal("0.01"), 50, places=2))
    if fault == "below":
        items[-1]["score"] = -beyond
    elif fault == "above":
        items[-1]["score"] = indicators[-1].max_score + beyond
    elif fault == "precise":
        items[-1]["score"] += Decimal("0.001")
    elif fault == "missing":
        items.pop()
    elif fault == "unknown":
        items[0]["indicator"] = "X9"
    elif fault == "twice":
        items.append(dict(items[0]))
    return [{**item, "score": str(item["score"])} for item in items]


@pytest.mark.django_db
def test_a_refused_self_evaluation_changes_nothing(yuhuan):
    case = open_year(yuhuan, yuhuan.fusion)
    target = routine(case, yuhuan.fusion_member, 1)
    indicators = list(indicators_for(case.scheme, Track.ROUTINE))
    outcomes = set()

    @settings(max_examples=400 if LONG else 40)
    @given(scores=self_scores(indicators))
    def attempt(scores):
        before = everything()
        payload = {"routine_id": target.pk, "scores": scores}
        with transaction.atomic():
            try:
                run_evaluation_action(
                    case_id=case.pk, code="self_evaluate", actor=yuhuan.member_lead, payload=payload, today=ON_TIME[1]
                )
            except ApplicationError as refused:
                outcomes.add(refused.code)
                assert everything() == before, refused.code
                return
            outcomes.add("submitted")
            assert everything()["events"] == before["events"] + 1
            transaction.set_rollback(True)

    attempt()
    assert {"submitted", "score_out_of_range", "invalid", "indicator_unknown", "scores_incomplete"} <= outcomes
