"""For each registered process, a case with one step open and the people around it: what the conformance suite
(test_conformance.py) runs every shared rule on. A process joins the suite by adding its builder here."""

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction

from accounts.roles import Role
from tests.factories import UserFactory, grant


@dataclass
class Scenario:
    process: str
    collection: str  # the API collection (api-<collection>-…)
    case: Any  # a case whose step ``action`` is open
    action: str
    actor: Any  # may run it
    payload: dict
    bad_payload: dict  # refused with ``bad_code``
    bad_code: str
    insider: Any  # sees the case, lacks the right: 403
    outsider: Any  # does not see the case: 404
    rival: Any  # could run the same step too: of two at once, one wins
    more: Callable[[int], None]  # n more cases the actor sees, each with a step in the actor's 待办
    dated: bool = False  # the open step has a due date by the process's rules (deadline notices and escalation)
    process_id: int | None = None  # the viewflow Process of the case, when the case row has a key of its own
    # What the slower of two people running one step at once is told: 409 task_changed, or for a process whose
    # actions work on a part of the case by a state table (evaluation), that the part's state no longer allows it.
    loser_code: str = "task_changed"
    refresh: Callable[[], Any] = field(default=lambda: None)
    # The query of the step's page naming the part of the case the step acts on (evaluation: its track; Pages.target)
    part: dict = field(default_factory=dict)
    # What a person types on the step's page that is refused as ``bad_payload`` is, when the page's fields are not the
    # input's (a designed process: its form's fields by key): refused with ``bad_code``.
    bad_form: dict | None = None
    form: dict | None = None  # and what they type for ``payload``, in that case


def community(fixture) -> Scenario:
    from tests.workflows.community.factories import ensure_forms, submitted
    from workflows.community.models import Kind

    o = fixture("yuhuan")
    ensure_forms()  # a transactional test before this one emptied the tables the migrations filled
    application = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
    filing = {"filing_number": f"备-{application.pk}", "filing_date": application.submitted_on.isoformat()}

    def more(n):  # submitted: each is a case in the list and a step in the actor's 待办
        for year in range(n):
            submitted(o, o.fusion_member2, Kind.HELP_PROJECT, school_year=2030 + year)

    return Scenario(
        process="community",
        collection="community-project",
        case=application,
        action="file",
        actor=o.basic_edu,
        payload=filing,
        bad_payload={**filing, "filing_date": "2099-01-01"},
        bad_code="filing_date_invalid",
        insider=o.teacher,
        outsider=o.outsider,
        rival=o.basic_edu2,
        more=more,
    )


def leave(fixture) -> Scenario:
    from tests.kit_process.spec import create
    from workflows.kit.engine import run_action

    o = fixture("yuhuan")
    teacher = UserFactory(real_name="请假老师")
    grant(teacher, o.fusion_member, Role.SCHOOL_DEPT)
    second_lead = UserFactory(real_name="副校长")
    grant(second_lead, o.fusion_member, Role.MEMBER_SCHOOL)

    def submitted():
        leave = create(actor=teacher, payload={"days": 2}).case
        run_action(process="leave", case_id=leave.pk, code="submit", actor=teacher, payload={"days": 2})
        return leave

    return Scenario(
        process="leave",
        collection="leave",
        case=submitted(),
        action="decide",
        actor=o.member_lead,
        payload={"approved": True},
        bad_payload={"approved": False, "reason": " "},
        bad_code="reason_required",
        insider=o.leading,
        outsider=o.outsider,
        rival=second_lead,
        more=lambda n: [submitted() for _ in range(n)],
        dated=True,
    )


def party(fixture) -> Scenario:
    from tests.workflows.party.conftest import case_before, new_case
    from workflows.party.models import PartyCase

    p = fixture("party")
    auditor = UserFactory(real_name="审计员")
    grant(auditor, p.tree.bureau, Role.AUDITOR)
    talk = {"date": "2023-03-20", "talker_name": "林书记", "content": "了解入党动机"}
    return Scenario(
        process="party",
        collection="party-case",
        case=PartyCase.objects.get(pk=case_before(p, "record_talk")),
        action="record_talk",
        actor=p.secretary,
        payload=talk,
        bad_payload={**talk, "date": "2099-01-01"},
        bad_code="date_in_future",
        insider=auditor,
        outsider=p.outsider,
        rival=p.orgmember,
        more=lambda n: [new_case(p.branch, f"申请人{i}") for i in range(n)],
        dated=True,
    )


def evaluation(fixture) -> Scenario:
    from tests.workflows.community.factories import ensure_forms, filed_application
    from tests.workflows.evaluation.conftest import (
        ON_TIME,
        VISIT_DAY,
        YEAR,
        act,
        leads,
        open_year,
        project,
        score_items,
    )
    from workflows.community.models import Kind
    from workflows.evaluation.models import SchemeVersion, Track

    o = fixture("yuhuan")
    ensure_forms()
    if not SchemeVersion.objects.exists():  # a transactional test before this one emptied the migrations' rows
        importlib.import_module("workflows.evaluation.migrations.0002_default_scheme").install(django_apps, None)
    second = UserFactory(real_name="督查员乙")
    grant(second, o.collab_member, Role.SCHOOL_DEPT)  # not of the inspected (融合型) schools

    def year(offset=0):
        filed_application(o, o.fusion_member, Kind.HELP_PROJECT, school_year=YEAR + offset)  # the pair's project
        case = open_year(o, o.fusion, year=YEAR + offset)
        member = o.fusion_member
        payload = {"member_school_id": member.pk, "component": Track.PROJECT, "summary": "自评报告"}
        payload["scores"] = score_items(case, Track.PROJECT, 30)
        act(case, "self_evaluate", leads(o)[o.fusion_core.pk], payload, ON_TIME["year_end"])
        target = project(case, member, Track.PROJECT).pk
        appointed = {"project_id": target, "inspector_ids": [o.inspector.pk, second.pk], "panel_ids": []}
        act(case, "appoint", o.leading, appointed)
        return case, target

    case, target = year()
    visit = {"project_id": target, "visit_date": VISIT_DAY.isoformat(), "findings": "台账齐全"}
    return Scenario(
        process="evaluation",
        collection="evaluation-case",
        case=case,
        action="record_visit",
        actor=o.inspector,
        payload=visit,
        bad_payload={**visit, "visit_date": "2099-01-01"},
        bad_code="date_in_future",
        insider=o.teacher,
        outsider=o.outsider,
        rival=second,
        more=lambda n: [year(offset) for offset in range(1, n + 1)],
        process_id=case.process.pk,
        loser_code="action_not_available",
        part={"project_id": target},
    )


def designed(fixture) -> Scenario:
    """A designed process (流程设计器): a teacher's request, decided by either lead of the school (或签) within three
    working days."""
    from designer import services
    from tests.designer.world import FORM, start

    o = fixture("yuhuan")
    designer = UserFactory(real_name="流程管理员")
    grant(designer, o.bureau, Role.PROCESS_ADMIN)
    teacher = UserFactory(real_name="申请老师")
    grant(teacher, o.fusion_member, Role.SCHOOL_DEPT)
    second_lead = UserFactory(real_name="副校长")
    grant(second_lead, o.fusion_member, Role.MEMBER_SCHOOL)
    node = {
        "id": "lead",
        "type": "approval",
        "name": "校领导审批",
        "who": {"source": "superior", "levels": 1},
        "mode": "any",
        "limit": {"days": 3},
        "fields": {"days": "edit"},
    }
    document = {"format": 1, "form": FORM, "nodes": [node], "settings": {"withdraw": True}}
    definition = services.definition_create(
        actor=designer, owner=o.bureau, code="request", name="事项申请", shared=True
    )
    services.draft_save(actor=designer, definition=definition, document=document)
    services.definition_publish(actor=designer, definition=definition)
    return Scenario(
        process="designed",
        collection="designed-case",
        case=start(definition, teacher),
        action="approve",
        actor=o.member_lead,
        payload={"comment": "同意"},
        bad_payload={"values": {"days": "很多"}},
        bad_form={"days": "很多"},
        form={"comment": "同意", "days": "2"},
        bad_code="form_invalid",
        insider=o.leading,
        outsider=o.outsider,
        rival=second_lead,
        more=lambda n: [start(definition, teacher) for _ in range(n)],
        dated=True,
    )


BUILDERS = {
    "community": community,
    "leave": leave,
    "party": party,
    "evaluation": evaluation,
    "designed": designed,
}


def world(name: str):
    """The shared personas (tests/conftest.py, the party's conftest) without their function-scoped fixtures."""
    from tests.conftest import make_tree, make_yuhuan
    from tests.workflows.party.conftest import make_party

    return make_yuhuan() if name == "yuhuan" else make_party(make_tree())


def built_once(process: str, django_db_blocker) -> Iterator[Scenario]:
    """A module-scoped fixture's body: the process's scenario built once, in a transaction rolled back when the
    module is done; each test runs in a savepoint of it (pytest-django's ``db``), rolled back after the test, so
    every test starts from the scenario as built. Not for transactional tests (they commit, then empty the tables)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield BUILDERS[process](world)
        transaction.set_rollback(True)
