"""The assessment's fixtures, on the programmes world (tests/programmes/world.py): the branch's 双培双促进 programme
with 周海涛 (党员→骨干) and 陈思远 (骨干→党员) on the list, 赵敏 responsible for both; its assessment opened by the
secretary 林晓红; the bureau's leading group 梁静 is the second organiser who decides corrections."""

import datetime

import pytest

from programmes import services as programme_services
from programmes.assessment import services
from programmes.models import Direction
from programmes.records import kinds
from programmes.records import services as record_services


@pytest.fixture
def listed(w, programme):
    hai = programme_services.participant_add(
        actor=w.secretary, programme=programme, person=w.member, direction=Direction.TO_BACKBONE, responsible=w.leader
    )
    chen = programme_services.participant_add(
        actor=w.secretary, programme=programme, person=w.teacher, direction=Direction.TO_MEMBER, responsible=w.leader
    )
    return hai, chen


@pytest.fixture
def assessment(w, programme, listed):
    return services.assessment_open(actor=w.secretary, programme=programme)


def confirmed(w, programme, person, kind: str, *, term: int = 1, **details):
    """A record of ``kind`` by ``person`` a month into the term, confirmed by the person responsible (赵敏)."""
    starts = programme.terms.get(number=term).starts
    day = starts + datetime.timedelta(days=30)
    complete = {f.key: (f.choices[0][0] if f.choices else "内容") for f in kinds.fields_of(kind) if f.required}
    record = record_services.record_create(
        actor=person, programme=programme, kind=kind, date=day, details={**complete, **details}, today=day
    )
    return record_services.record_confirm(actor=w.leader, record=record)


def full_marks(assessment, **overrides) -> list[dict]:
    """Every indicator of the assessment's set at its maximum (or as given by code), each with a reason (the records
    propose 0 where there are none)."""
    return [
        {"indicator": i.code, "score": overrides.get(i.code, i.max_score), "reason": "考评小组评定"}
        for i in assessment.scheme.indicators.order_by("order", "code")
    ]
