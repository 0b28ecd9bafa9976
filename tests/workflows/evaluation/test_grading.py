"""DOMAIN §4.3 exactly, and the grading bad inputs C3–C6, C8."""

from decimal import Decimal as D

import pytest

from core.exceptions import ApplicationError
from workflows.evaluation.grading import DEFAULT_RATIOS, PairScores, Scheme, grade

EXAMPLE = PairScores(
    community_type="CO_BUILD", core_terms=(86, 90), member_terms=(78, 84), project=D(34), feature=D(30)
)


def code(scheme, scores, **kwargs):
    with pytest.raises(ApplicationError) as caught:
        grade(scheme, scores, **kwargs)
    return caught.value.code


def test_reading_r1_gives_core_83_5_and_member_81_9_with_every_intermediate_value():
    result = grade(Scheme(reading="R1"), EXAMPLE)
    assert result["pooled_terms"] == [D("82.0"), D("87.0")]
    assert result["routine_core"] == result["routine_member"] == D("50.7")
    assert (result["e_core"], result["e_member"]) == (D("32.8"), D("31.2"))
    assert (result["total_core"], result["total_member"]) == (D("83.5"), D("81.9"))


def test_reading_r2_gives_core_85_6_and_member_79_8():
    result = grade(Scheme(reading="R2"), EXAMPLE)
    assert (result["routine_core"], result["routine_member"]) == (D("52.8"), D("48.6"))
    assert (result["total_core"], result["total_member"]) == (D("85.6"), D("79.8"))


def test_a_collaboration_pair_takes_the_project_score_only():
    scores = PairScores("COLLABORATION", (86, 90), (78, 84), D(34), None)
    result = grade(Scheme(), scores)
    assert result["total_core"] == result["total_member"] == D("84.7")


def test_only_the_published_total_is_rounded_half_up():
    scores = PairScores("FUSION", (D("82.5"), D("82.5")), (D("82.5"), D("82.5")), D("33.35"), D("33.35"))
    result = grade(Scheme(), scores)
    assert result["exact_core"] == D("82.850") and result["total_core"] == D("82.9")


def test_routine_scores_on_another_scale_are_normalised_to_100():
    scheme = Scheme(routine_full_marks=D(120))
    scores = PairScores("CO_BUILD", (D("103.2"), 108), (D("93.6"), D("100.8")), D(34), D(30))
    assert grade(scheme, scores)["total_core"] == D("83.5")


@pytest.mark.parametrize("bad", [{"project": D(45)}, {"feature": D(-2)}, {"core_terms": (105, 90)}])
def test_c3_scores_out_of_range_are_refused(bad):
    fields = {
        "community_type": "CO_BUILD",
        "core_terms": (86, 90),
        "member_terms": (78, 84),
        "project": D(34),
        "feature": D(30),
        **bad,
    }
    assert code(Scheme(), PairScores(**fields)) == "score_out_of_range"


def test_c4_a_feature_score_for_a_collaboration_pair_is_ignored_with_a_warning_or_refused():
    scores = PairScores("COLLABORATION", (86, 90), (78, 84), D(34), D(30))
    assert grade(Scheme(), scores)["warnings"] == ["feature_ignored"]
    assert code(Scheme(feature_for_unassessed_type="reject"), scores) == "feature_not_assessed"


def test_c5_a_ratio_keyed_by_type_alone_is_refused():
    ratios = {**DEFAULT_RATIOS, ("CO_BUILD",): (7, 3)}
    assert code(Scheme(ratios=ratios), EXAMPLE) == "ratio_key_invalid"


@pytest.mark.parametrize("missing", [{"project": None}, {"feature": None}, {"member_terms": (78,)}])
def test_c6_grading_before_every_input_exists_is_blocked(missing):
    fields = {
        "community_type": "FUSION",
        "core_terms": (86, 90),
        "member_terms": (78, 84),
        "project": D(34),
        "feature": D(30),
        **missing,
    }
    assert code(Scheme(), PairScores(**fields)) == "inputs_incomplete"


def test_c8_a_reading_other_than_the_schemes_is_refused():
    assert code(Scheme(reading="R1"), EXAMPLE, reading="R2") == "reading_mismatch"


def test_a_total_never_exceeds_100():
    best = PairScores("FUSION", (100, 100), (100, 100), D(40), D(40))
    result = grade(Scheme(), best)
    assert result["total_core"] == result["total_member"] == D("100.0")
