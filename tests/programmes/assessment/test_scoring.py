"""The sheet's arithmetic: exact proposals from the records, exact totals, grades by threshold (no database)."""

import datetime
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

from programmes.assessment import scoring
from programmes.assessment.defaults import GRADES
from programmes.assessment.models import Rule
from programmes.models import ActivityKind as K

D = datetime.date
TERMS = [
    SimpleNamespace(number=1, starts=D(2026, 9, 1), ends=D(2027, 1, 31)),
    SimpleNamespace(number=2, starts=D(2027, 2, 1), ends=D(2027, 7, 15)),
]


def indicator(max_score, kinds, rule, count=1, code="X"):
    return SimpleNamespace(code=code, title="指标", max_score=Decimal(max_score), kinds=kinds, rule=rule, count=count)


def record(pk, kind, day, **details):
    return SimpleNamespace(pk=pk, kind=kind, date=day, details=details, summary="")


def test_a_proposal_of_a_third_is_kept_exact_and_rounded_half_up_to_two_places():
    found = scoring.proposal_for(
        indicator("20", [K.LECTURE], Rule.IN_YEAR, count=3), [record(1, K.LECTURE, D(2026, 10, 1))], TERMS
    )
    assert found.exact == Fraction(20, 3) and found.value == Decimal("6.67")
    assert scoring.exact_string(found.exact) == "20/3" and [r["id"] for r in found.records] == [1]


def test_each_term_counts_per_term_and_a_second_record_in_one_term_does_not_fill_the_other():
    lessons = [record(1, K.DEMONSTRATION, D(2026, 10, 1)), record(2, K.DEMONSTRATION, D(2026, 11, 1))]
    found = scoring.proposal_for(indicator("20", [K.DEMONSTRATION], Rule.EACH_TERM), lessons, TERMS)
    assert found.value == Decimal("10.00") and "2/1；" in found.done and found.done.endswith("0/1")


def test_an_unpublished_paper_does_not_count_and_two_kinds_share_the_maximum():
    records = [record(1, K.PAPER, D(2026, 10, 1), title="论文", published_in=""), record(2, K.RESEARCH, D(2026, 10, 2))]
    found = scoring.proposal_for(indicator("20", [K.PAPER, K.RESEARCH], Rule.IN_YEAR), records, TERMS)
    assert found.value == Decimal("10.00") and [r["id"] for r in found.records] == [2]
    records[0].details["published_in"] = "《晨钟》"
    assert scoring.proposal_for(indicator("20", [K.PAPER, K.RESEARCH], Rule.IN_YEAR), records, TERMS).value == 20


def test_an_indicator_scored_by_hand_has_no_proposal():
    assert scoring.proposal_for(indicator("15", [], Rule.NONE), [], TERMS) is None


def test_the_total_is_exact_where_float_falls_short_of_the_threshold():
    scores = ["19.4", "8.5", "12.9", "6.5", "9.4", "3.3"]
    running = 0.0
    for s in scores:  # a running float sum, as a spreadsheet or a naive loop adds (Python's sum() compensates)
        running += float(s)
    assert running < 60  # 59.99999999999999
    total = scoring.total_of([{"score": s} for s in scores])
    assert total == Decimal("60.0") and scoring.grade_for(GRADES, total) == "基本合格"
    assert scoring.total_of([{"score": "0.1"}, {"score": "0.2"}]) == Decimal("0.3")
