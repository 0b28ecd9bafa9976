"""A bureau with a school, its party committee, a branch and a party group, and their people, for the programmes
core's tests; helpers to publish the seeded nomination definition (designer/seeds/double-cultivation.json) and run
a case of it."""

import datetime
from types import SimpleNamespace

from accounts.models import OrganisationKind as K
from accounts.models import PartyStanding
from accounts.roles import Role
from core.dates import business_today
from core.school_year import school_year_of
from designer.models import DesignedCase
from tests.factories import OrganisationFactory, UserFactory, grant
from workflows.kit.engine import run_action, start_case

D = datetime.date


def make_world() -> SimpleNamespace:
    bureau = OrganisationFactory.create(kind=K.BUREAU, name="玉环市教育局")
    community = OrganisationFactory.create(
        kind=K.COMMUNITY, parent=bureau, name="城关教育共同体", community_type="FUSION"
    )
    school = OrganisationFactory.create(kind=K.SCHOOL, parent=community, name="城关第一小学", is_core_school=True)
    committee = OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=school, name="城关第一小学党委")
    branch = OrganisationFactory.create(kind=K.BRANCH, parent=committee, name="语文教研党支部")
    group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=branch, name="低段语文党小组")
    other_school = OrganisationFactory.create(kind=K.SCHOOL, parent=community, name="坎门小学")
    other_bureau = OrganisationFactory.create(kind=K.BUREAU, name="其他教育局")
    w = SimpleNamespace(
        bureau=bureau, school=school, committee=committee, branch=branch, group=group, other_school=other_school
    )
    w.other_bureau = other_bureau
    full = {"party_standing": PartyStanding.FULL, "party_standing_since": D(2010, 7, 1)}
    for name, real, place, role, standing in [
        ("secretary", "林晓红", branch, Role.BRANCH_SECRETARY, full),
        ("leader", "赵敏", group, Role.PARTY_GROUP, full),
        ("member", "周海涛", branch, Role.MEMBER, full),
        ("member2", "吴晓燕", branch, Role.MEMBER, full),
        ("teacher", "陈思远", branch, Role.APPLICANT, {}),
        ("dept", "宋建华", school, Role.SCHOOL_DEPT, {}),
        ("leading", "梁静", bureau, Role.BUREAU_LEADING_GROUP, {}),
        ("designer", "冯晓雯", bureau, Role.PROCESS_ADMIN, {}),
        ("stranger", "外校教师", other_school, Role.SCHOOL_DEPT, full),
        ("outsider", "外县书记", other_bureau, Role.BUREAU_LEADING_GROUP, {}),
    ]:
        user = UserFactory(username=name, real_name=real, **standing)
        grant(user, place, role)
        setattr(w, name, user)
    w.year = school_year_of(business_today())
    return w


def publish_nomination(w):
    """The seeded definition 双培双促进培养对象推荐, owned by the bureau and shared below it, published."""
    from designer import services
    from designer.demo import SEEDS, seed_document

    payload = seed_document(SEEDS / "double-cultivation.json")
    definition = services.definition_create(
        actor=w.designer, owner=w.bureau, code=payload["code"], name=payload["name"], shared=True
    )
    services.draft_save(actor=w.designer, definition=definition, document=payload["document"])
    services.definition_publish(actor=w.designer, definition=definition)
    return definition


def nominate(w, definition, actor, nominee, *, direction="把党员培养成教学骨干", standing="中共党员") -> DesignedCase:
    values = {
        "direction": direction,
        "nominee": nominee.pk,
        "school": w.school.pk,
        "group": "语文教研组",
        "standing": standing,
        "reason": "课堂教学扎实。",
    }
    chosen = {"group_nomination": [w.leader.pk], "branch_decision": [w.secretary.pk]}
    payload = {"definition": definition.pk, "values": values, "chosen": chosen}
    result = start_case(process="designed", actor=actor, payload=payload)
    return DesignedCase.objects.get(pk=result.case.pk)


def act(case, node: str, actor, code: str = "approve", **payload) -> None:
    from designer.flows import DesignedFlow
    from workflows.access import OPEN

    task = case.task_set.filter(flow_task=DesignedFlow.act, status__in=OPEN, data__node=node).order_by("pk").first()
    assert task is not None, f"no open step {node}"
    run_action(process="designed", case_id=case.pk, code=code, actor=actor, payload={"task": task.pk, **payload})
    case.refresh_from_db()
