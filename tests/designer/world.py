"""A school under a bureau for the designed-process tests: the principal and a vice principal (school leads), two
teachers, the bureau's section head and its process administrator; helpers to publish a document and run a case."""

from types import SimpleNamespace

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from designer import services
from designer.models import DesignedCase
from tests.factories import OrganisationFactory, UserFactory, grant
from workflows.kit.engine import run_action, start_case


def make_school() -> SimpleNamespace:
    bureau = OrganisationFactory.create(kind=K.BUREAU, name="玉环市教育局")
    school = OrganisationFactory.create(kind=K.SCHOOL, parent=bureau, name="城关中学")
    other = OrganisationFactory.create(kind=K.BUREAU, name="其他教育局")
    w = SimpleNamespace(bureau=bureau, school=school, other=other)
    for name, real, place, role in [
        ("principal", "王校长", school, Role.MEMBER_SCHOOL),
        ("vice", "李副校长", school, Role.MEMBER_SCHOOL),
        ("teacher", "张老师", school, Role.SCHOOL_DEPT),
        ("teacher2", "刘老师", school, Role.SCHOOL_DEPT),
        ("section", "罗科长", bureau, Role.BUREAU_BASIC_EDU),
        ("designer", "冯管理", bureau, Role.PROCESS_ADMIN),
        ("outsider", "外单位", other, Role.MEMBER_SCHOOL),
    ]:
        user = UserFactory(username=name, real_name=real)
        grant(user, place, role)
        setattr(w, name, user)
    return w


FORM = {
    "fields": [
        {"key": "reason", "type": "text", "label": "事由", "required": True},
        {"key": "days", "type": "number", "label": "天数", "required": True, "min": "0.5", "max": "30", "places": 1},
    ]
}


def document(*nodes, fields=None, withdraw=True) -> dict:
    return {"format": 1, "form": fields or FORM, "nodes": list(nodes), "settings": {"withdraw": withdraw}}


def approval(node_id, who, *, name="审批", **rules) -> dict:
    return {"id": node_id, "type": "approval", "name": name, "who": who, **rules}


def people(*users) -> dict:
    return {"source": "people", "people": [u.pk for u in users]}


def published(w, doc, *, code="leave", shared=True, name="外出培训申请"):
    definition = services.definition_create(actor=w.designer, owner=w.bureau, code=code, name=name, shared=shared)
    services.draft_save(actor=w.designer, definition=definition, document=doc)
    services.definition_publish(actor=w.designer, definition=definition)
    return definition


def start(definition, actor, values=None, **payload) -> DesignedCase:
    values = values if values is not None else {"reason": "外出培训", "days": "2"}
    result = start_case(
        process="designed", actor=actor, payload={"definition": definition.pk, "values": values, **payload}
    )
    return DesignedCase.objects.get(pk=result.case.pk)


def open_steps(case) -> list:
    """The case's open steps (viewflow tasks people act on)."""
    from viewflow.workflow.models import Task

    return list(
        Task.objects.filter(process_id=case.pk, status__in=["NEW", "ASSIGNED", "STARTED"], flow_task_type="HUMAN")
    )


def act(case, actor, code="approve", **payload):
    result = run_action(process="designed", case_id=case.pk, code=code, actor=actor, payload=payload)
    case.refresh_from_db()
    return result
