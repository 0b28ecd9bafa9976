"""The designed processes of one county tree of the security world (tests/security/world.py): the bureau's process
administrator, a definition of the bureau shared below it and published, and a case of it started by the tree's
teacher (of the 协作型 community's member school) and waiting for that school's lead.

The definition copies the case to the branch secretary (抄送) before the approval, so the matrix sees every way
of seeing a designed case: its initiator, the person asked to act, holders of see_cases above it, the definition's
designers and the people copied. After publishing, the administrator keeps a changed draft, so that publishing
(a page and an API) has something to publish.
"""

from accounts.roles import Role
from designer import services
from tests.designer.world import FORM, approval, document, people, published, start
from tests.factories import UserFactory, grant


def designed_document(o, *, name: str = "成员校校长审批") -> dict:
    copy = {"id": "cc_secretary", "type": "cc", "name": "抄送支部书记", "who": people(o.party.secretary)}
    lead = approval("school_lead", {"source": "role", "role": Role.MEMBER_SCHOOL}, name=name)
    return document(copy, lead, fields=FORM)


def add_designed(o) -> None:
    """The process administrator, the published definition (with a pending draft) and the teacher's case."""
    tag = o.tag
    o.designer = UserFactory(username=f"{tag.lower()}_designer", real_name=f"{tag}流程管理员")
    grant(o.designer, o.bureau, Role.PROCESS_ADMIN)
    o.definition = published(o, designed_document(o), code=f"{tag.lower()}-training", name=f"{tag}外出培训申请")
    o.designed = start(o.definition, o.teacher, {"reason": f"{tag}外出培训", "days": "2"})
    services.draft_save(actor=o.designer, definition=o.definition, document=designed_document(o, name="校长审批"))


def definition_export(o) -> dict:
    """The tree's definition as exported (the body an import takes)."""
    version = o.definition.versions.filter(number__isnull=False).order_by("-number").first()
    assert version is not None
    return services.exported(o.definition, version)
