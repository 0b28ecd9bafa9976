"""公布考核结果 with its other decision (issue 17 item 6): the leading group sends the aggregated year back before
publication, with a reason; the year is aggregated again and published as usual. And the case's history API in
the page's order (business date, then recording), each entry saying whose it is."""

import pytest

from tests.clients import api, page
from tests.workflows.evaluation.conftest import ON_TIME, act, grade_ready, refused, self_evaluate_routine
from tests.workflows.evaluation.test_confirm_or_return import open_nodes
from workflows.evaluation.aggregation import correctable_inputs
from workflows.evaluation.models import CaseStatus, CorrectionStatus, ResultCorrection, ResultStatus

pytestmark = pytest.mark.django_db


def test_the_aggregated_year_sent_back_is_aggregated_again_then_published(yuhuan):
    o = yuhuan
    case = grade_ready(o, o.collab)
    act(case, "aggregate", o.basic_edu, {})
    html = page(o.leading).get(f"/evaluation/{case.pk}/act/publish/").content.decode()
    assert "step-context" in html and "<strong>" in html  # the totals being published
    assert f"/evaluation/{case.pk}/act/publish_return/" in html  # approve, or return, on the same form
    returning = page(o.leading).get(f"/evaluation/{case.pk}/act/publish_return/").content.decode()
    assert "step-context" in returning and "required" in returning  # the totals sent back, and the reason asked
    assert refused(lambda: act(case, "publish_return", o.leading, {})) == "reason_required"
    assert refused(lambda: act(case, "publish_return", o.leading, {"comment": "  "})) == "reason_required"

    act(case, "publish_return", o.leading, {"comment": "第二学期得分需复核"})
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert list(case.results.values_list("version", "status")) == [(1, ResultStatus.SUPERSEDED)]
    nodes = open_nodes(case)
    assert "aggregate" in nodes and "publish" not in nodes
    history = api(o.auditor).get(f"/api/v1/evaluation/cases/{case.pk}/history/", {"page_size": 200}).json()
    returned = next(e for e in history["results"] if e["action"] == "publish_return")
    assert returned["reason"] == "第二学期得分需复核" and returned["data"]["result_version"] == 1
    assert (returned["from_state"], returned["to_state"]) == (CaseStatus.AGGREGATED, CaseStatus.OPEN)

    act(case, "aggregate", o.basic_edu, {})
    act(case, "publish", o.leading, {"comment": "公布"})
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED
    assert list(case.results.order_by("version").values_list("version", "status")) == [
        (1, ResultStatus.SUPERSEDED),
        (2, ResultStatus.PUBLISHED),
    ]
    assert refused(lambda: act(case, "publish_return", o.leading, {"comment": "晚了"})) == "action_not_available"


def test_a_year_with_a_pending_correction_is_not_sent_back(yuhuan):
    o = yuhuan
    case = grade_ready(o, o.collab)
    act(case, "aggregate", o.basic_edu, {})
    result = case.results.get()
    field, facts = next(iter(correctable_inputs(result.rows, case.scheme).items()))
    after = str(facts["high"]) if facts["before"] != str(facts["high"]) else "0"
    act(case, "request_correction", o.basic_edu, {"field": field, "after": after, "reason": "台账有误"})
    assert refused(lambda: act(case, "publish_return", o.leading, {"comment": "复核"})) == "correction_pending"
    assert ResultCorrection.objects.get().status == CorrectionStatus.PENDING


def test_the_history_api_is_in_date_order_and_says_whose_each_entry_is(yuhuan, routine_only_case):
    o, case = yuhuan, routine_only_case
    self_evaluate_routine(o, case, o.fusion_core, 2, 80)  # recorded first, dated in June
    self_evaluate_routine(o, case, o.fusion_core, 1, 80)  # recorded later, dated in November before
    body = api(o.basic_edu).get(f"/api/v1/evaluation/cases/{case.pk}/history/", {"page_size": 200}).json()
    events = body["results"]
    assert [e["action"] for e in events] == ["open", "self_evaluate", "self_evaluate"]
    assert [e["business_date"] for e in events[1:]] == [ON_TIME[1].isoformat(), ON_TIME[2].isoformat()]
    assert events[1]["id"] > events[2]["id"]  # the date wins over the recording order
    assert events[1]["about"].startswith(o.fusion_core.name) and events[2]["about"].startswith(o.fusion_core.name)
    assert events[1]["about"] != events[2]["about"]  # each names its term
    assert events[0]["about"]  # the year's own events concern the whole community
