"""What a designed case's page shows besides the kit's: its form in words (hidden fields left out for whoever reads
it at a node that hides them — an approver sees what their node lets them), the process diagram with where the case
stands and who is waiting, and the version it runs."""

from accounts.models import Organisation, User
from designer import walking
from designer.diagram import diagram_rows
from designer.naming import named_in
from forms.designed_shown import names_of, shown_values
from workflows.access import OPEN
from workflows.models import ApprovalSlot


def waiting_of(case) -> dict[str, list[str]]:
    """Per open node, the names of the people whose turn it is."""
    slots = ApprovalSlot.objects.filter(
        approval__task__process_id=case.pk, approval__task__status__in=OPEN, status=ApprovalSlot.Status.ACTIVE
    ).select_related("user", "approval__task")
    waiting: dict[str, list[str]] = {}
    for slot in slots:
        waiting.setdefault((slot.approval.task.data or {}).get("node", ""), []).append(slot.user.real_name)
    return waiting


def case_context(request, case) -> dict:
    from designer.case_views import my_step
    from designer.values import permissions_at

    document = case.definition_version.document
    fields = document.get("form", {}).get("fields", [])
    task = my_step(case, request.user)
    permissions = None
    if task is not None and request.user.pk != case.initiator_id:
        node = walking.node_named(document, (task.data or {}).get("node", ""))
        permissions = permissions_at(document, node, (task.data or {}).get("kind", ""))
    names, places = names_of(fields, case.values)
    shown = shown_values(fields, case.values, names=names, organisations=places, permissions=permissions)
    walk = case.walk or {}
    people, organisations = named_in(document)
    rule_names = dict(User.objects.filter(pk__in=people).values_list("pk", "real_name")) if people else {}
    rule_places = (
        dict(Organisation.objects.filter(pk__in=organisations).values_list("pk", "name")) if organisations else {}
    )
    current = set(walk.get("open", {}))
    rows = diagram_rows(
        document,
        done=set(walk.get("visited", [])) - current,
        current=current,
        waiting=waiting_of(case),
        taken=set(walk.get("taken", {}).values()),
        names=rule_names,
        organisations=rule_places,
    )
    return {"shown": shown, "diagram_rows": rows, "my_task": task}
