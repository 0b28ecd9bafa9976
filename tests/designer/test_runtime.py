"""A designed case run through the kit's engine: start, 会签, conditions, 抄送, reject, 退回 and submit again,
撤回, parallel branches, a version edited after a case started."""

import pytest

from core.exceptions import ApplicationError
from designer.models import Stage
from tests.designer.world import act, approval, document, open_steps, people, published, start
from workflows.models import CaseCc


def test_countersign_needs_everyone(w):
    definition = published(w, document(approval("leads", people(w.principal, w.vice), mode="all")))
    case = start(definition, w.teacher)
    assert case.stage == Stage.RUNNING and len(open_steps(case)) == 1
    act(case, w.principal)
    assert case.stage == Stage.RUNNING
    act(case, w.vice)
    assert case.stage == Stage.APPROVED
    assert case.status == "DONE" and not open_steps(case)


def test_a_condition_chooses_the_branch(w):
    branch = {
        "id": "by_days",
        "type": "condition",
        "name": "按天数",
        "branches": [
            {
                "id": "long",
                "name": "三天以上",
                "priority": 1,
                "when": {"all": [{"field": "days", "op": ">", "value": "3"}]},
                "nodes": [approval("principal", people(w.principal), name="校长审批")],
            },
            {"id": "short", "name": "其他", "default": True, "nodes": []},
        ],
    }
    definition = published(w, document(approval("vice", people(w.vice)), branch))
    short = start(definition, w.teacher, {"reason": "培训", "days": "3"})
    act(short, w.vice)
    assert short.stage == Stage.APPROVED
    long = start(definition, w.teacher, {"reason": "培训", "days": "3.5"})
    act(long, w.vice)
    assert long.stage == Stage.RUNNING
    act(long, w.principal)
    assert long.stage == Stage.APPROVED


def test_cc_gives_read_access(w):
    cc = {"id": "cc_section", "type": "cc", "name": "抄送教育局", "who": people(w.section)}
    definition = published(w, document(cc, approval("p", people(w.principal))))
    case = start(definition, w.teacher)
    assert CaseCc.objects.filter(process_id=case.pk, user=w.section).exists()


def test_reject_ends_the_case(w):
    definition = published(w, document(approval("p", people(w.principal)), approval("v", people(w.vice))))
    case = start(definition, w.teacher)
    with pytest.raises(ApplicationError) as refused:
        act(case, w.principal, "reject", reason="")
    assert refused.value.code == "reason_required"
    act(case, w.principal, "reject", reason="时间冲突")
    assert case.stage == Stage.REJECTED and not open_steps(case)


def test_return_to_the_initiator_and_submit_again(w):
    definition = published(w, document(approval("p", people(w.principal), **{"return": "initiator"})))
    case = start(definition, w.teacher)
    act(case, w.principal, "send_back", to="initiator", reason="请补充事由")
    assert case.stage == Stage.RETURNED
    act(case, w.teacher, "handle", values={"reason": "外出培训（已补充）", "days": "2"})
    assert case.stage == Stage.RUNNING and case.values["reason"] == "外出培训（已补充）"
    act(case, w.principal)
    assert case.stage == Stage.APPROVED


def test_withdraw_until_someone_decided(w):
    definition = published(w, document(approval("p", people(w.principal)), approval("v", people(w.vice))))
    case = start(definition, w.teacher)
    act(case, w.teacher, "withdraw")
    assert case.stage == Stage.WITHDRAWN and not open_steps(case)
    other = start(definition, w.teacher)
    act(other, w.principal)
    with pytest.raises(ApplicationError) as refused:
        act(other, w.teacher, "withdraw")
    assert refused.value.code == "withdraw_not_allowed"


def test_parallel_branches_join(w):
    parallel = {
        "id": "both",
        "type": "parallel",
        "name": "同时审批",
        "branches": [
            {"id": "a", "name": "校长", "nodes": [approval("pa", people(w.principal))]},
            {"id": "b", "name": "副校长", "nodes": [approval("pb", people(w.vice))]},
        ],
    }
    definition = published(w, document(parallel, approval("end_check", people(w.section))))
    case = start(definition, w.teacher)
    assert len(open_steps(case)) == 2
    act(case, w.vice)
    assert len(open_steps(case)) == 1
    act(case, w.principal)
    assert [t.data["node"] for t in open_steps(case)] == ["end_check"]
    act(case, w.section)
    assert case.stage == Stage.APPROVED


def test_a_running_case_keeps_its_version(w):
    from designer import services

    definition = published(w, document(approval("p", people(w.principal))))
    case = start(definition, w.teacher)
    services.draft_save(
        actor=w.designer,
        definition=definition,
        document=document(approval("p", people(w.principal)), approval("v", people(w.vice))),
    )
    services.definition_publish(actor=w.designer, definition=definition)
    act(case, w.principal)
    assert case.stage == Stage.APPROVED and case.definition_version.number == 1
