"""Node rules on running cases: 审批人为空 (pass, administrators, refuse at start), 自动去重, the initiator among the
approvers (pass, skip), a ratio, a handling node's editable and hidden fields, 发起人自选, the previous approver
choosing, 主管, 退回 to an earlier node."""

import pytest
from viewflow.workflow.models import Task

from core.exceptions import ApplicationError
from designer.models import Stage
from tests.designer.world import act, approval, document, people, published, start
from workflows.models import ApprovalSlot

NOBODY = {"source": "people", "people": []}


def _waiting(case) -> set[str]:
    slots = ApprovalSlot.objects.filter(
        approval__task__process_id=case.pk,
        status=ApprovalSlot.Status.ACTIVE,
        approval__task__status__in=["NEW", "ASSIGNED"],
    )
    return {slot.user.username for slot in slots}


def test_nobody_found_passes_goes_to_the_administrators_or_refuses_the_start(w):
    passing = published(w, document(approval("a", NOBODY, empty="pass"), approval("b", people(w.vice))), code="pass")
    case = start(passing, w.teacher)
    assert _waiting(case) == {"vice"}
    admin = published(w, document(approval("a", NOBODY, empty="admin")), code="admin")
    assert _waiting(start(admin, w.teacher)) == {"designer"}
    refusing = published(w, document(approval("a", NOBODY, empty="refuse")), code="refuse")
    with pytest.raises(ApplicationError) as refused:
        start(refusing, w.teacher)
    assert refused.value.code == "approvers_none"


def test_dedupe_passes_who_already_approved(w):
    doc = document(
        approval("a", people(w.principal)), approval("b", people(w.principal, w.vice), mode="all", dedupe=True)
    )
    case = start(published(w, doc), w.teacher)
    act(case, w.principal)
    assert _waiting(case) == {"vice"}
    act(case, w.vice)
    assert case.stage == Stage.APPROVED


def test_the_initiator_among_the_approvers(w):
    passes = published(w, document(approval("a", people(w.teacher), initiator="pass")), code="i-pass")
    assert start(passes, w.teacher).stage == Stage.APPROVED
    skipped = published(
        w, document(approval("a", people(w.teacher, w.vice), mode="all", initiator="skip")), code="i-skip"
    )
    assert _waiting(start(skipped, w.teacher)) == {"vice"}
    acts = published(w, document(approval("a", people(w.teacher), initiator="act")), code="i-act")
    case = start(acts, w.teacher)
    assert _waiting(case) == {"teacher"}


def test_two_of_three(w):
    doc = document(approval("a", people(w.principal, w.vice, w.section), mode="ratio", ratio={"count": 2}))
    case = start(published(w, doc), w.teacher2)
    act(case, w.principal, "reject", reason="不同意")
    assert case.stage == Stage.RUNNING
    act(case, w.vice)
    assert case.stage == Stage.RUNNING
    act(case, w.section)
    assert case.stage == Stage.APPROVED


def test_a_handling_node_edits_only_its_fields(w):
    handling = {
        "id": "h",
        "type": "handling",
        "name": "教务处登记",
        "who": people(w.vice),
        "fields": {"reason": "read", "days": "edit"},
    }
    case = start(published(w, document(handling)), w.teacher)
    with pytest.raises(ApplicationError) as refused:
        act(case, w.vice, "handle", values={"reason": "改了"})
    assert refused.value.code == "field_not_editable" and case.values["reason"] == "外出培训"
    act(case, w.vice, "handle", values={"days": "1.5"})
    assert case.values["days"] == "1.5" and case.stage == Stage.APPROVED


def test_the_initiator_chooses_within_the_scope(w):
    chosen = {"source": "chosen", "multiple": False, "scope": {"role": "MEMBER_SCHOOL", "organisation": w.school.pk}}
    definition = published(w, document(approval("pick", chosen)))
    with pytest.raises(ApplicationError) as refused:
        start(definition, w.teacher, chosen={"pick": [w.section.pk]})
    assert refused.value.code == "chosen_not_eligible"
    case = start(definition, w.teacher, chosen={"pick": [w.vice.pk]})
    assert _waiting(case) == {"vice"}


def test_the_previous_approver_chooses_the_next(w):
    doc = document(approval("a", people(w.principal), choose_next=True), approval("b", {"source": "previous"}))
    case = start(published(w, doc), w.teacher)
    with pytest.raises(ApplicationError) as refused:
        act(case, w.principal)
    assert refused.value.code == "next_people_missing"
    act(case, w.principal, next_people=[w.section.pk])
    assert _waiting(case) == {"section"}


def test_the_superior_is_the_lead_of_the_initiators_school(w):
    """Two leads of the school: one after the other (an approval node's default mode, 依次)."""
    case = start(published(w, document(approval("a", {"source": "superior", "levels": 1}))), w.teacher)
    first = _waiting(case)
    assert first in ({"principal"}, {"vice"})
    act(case, w.principal if first == {"principal"} else w.vice)
    assert _waiting(case) == {"principal", "vice"} - first


def test_return_to_an_earlier_node(w):
    doc = document(approval("a", people(w.principal)), approval("b", people(w.vice), **{"return": "any"}))
    case = start(published(w, doc), w.teacher)
    act(case, w.principal)
    with pytest.raises(ApplicationError) as refused:
        act(case, w.vice, "send_back", to="nowhere", reason="重审")
    assert refused.value.code == "return_target_invalid"
    act(case, w.vice, "send_back", to="a", reason="请校长重审")
    assert _waiting(case) == {"principal"}
    act(case, w.principal)
    act(case, w.vice)
    assert case.stage == Stage.APPROVED
    assert not Task.objects.filter(process_id=case.pk, status__in=["NEW", "ASSIGNED"]).exists()


def test_the_initiator_fills_only_their_fields(w):
    doc = document(approval("a", people(w.principal), fields={"days": "edit"}))
    doc["settings"]["fields"] = {"days": "hidden"}
    definition = published(w, doc)
    with pytest.raises(ApplicationError) as refused:
        start(definition, w.teacher, {"reason": "培训", "days": "2"})
    assert refused.value.code == "form_invalid" and "days" in refused.value.fields
    case = start(definition, w.teacher, {"reason": "培训"})
    act(case, w.principal, values={"days": "3"})
    assert case.values == {"reason": "培训", "days": "3.0"} and case.stage == Stage.APPROVED  # one place, as declared


def test_a_bureau_definition_reaches_schools_only_when_shared(w):
    from core.dates import business_today
    from designer.selectors import start_places, startable_definitions

    closed = published(w, document(approval("a", people(w.principal))), code="bureau-only", shared=False)
    assert not start_places(w.teacher, closed, business_today())
    assert start_places(w.section, closed, business_today())
    with pytest.raises(ApplicationError) as refused:
        start(closed, w.teacher)
    assert refused.value.code == "definition_unknown"
    shared = published(w, document(approval("a", people(w.principal))), code="shared")
    assert [d.code for d in startable_definitions(w.teacher, business_today())] == ["shared"]
    assert start_places(w.outsider, shared, business_today()) == []
