"""The access helper for tasks (steps of any process): 404 when the case is not visible, 403 when
the person sees it but may not act on this step."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.models import Membership, Organisation
from accounts.permissions import has_org_perm, perms_in_chain
from accounts.roles import Role
from core.dates import business_today
from core.exceptions import ConflictError
from core.request_memo import per_request
from workflows.kit.registry import process_type_of
from workflows.models import ApprovalSlot, Delegation
from workflows.slots import active_slot, fills_the_form, is_sign_off, open_approval

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)  # a step still to be done (the inbox reads it too)

# Roles that administer or watch (三员: organisation and security administrators, auditors) and never work on
# cases: holding only these, nobody is named for a part in a case (approver, inspector, trainer…).
ADMINISTRATIVE_ROLES = frozenset({Role.AUDITOR, Role.SECURITY_ADMIN, Role.ORG_ADMIN})


def delegators_of(user, day=None) -> list[int]:
    """People whose steps the user may act on today as their substitute."""
    day = day or business_today()
    return per_request(
        ("delegators", user.pk, day),
        lambda: list(
            Delegation.objects.filter(substitute=user, starts_on__lte=day, ends_on__gte=day).values_list(
                "user_id", flat=True
            )
        ),
    )


def delegators_of_each(user_ids, day=None) -> dict[int, list[int]]:
    """delegators_of for several people in one query: substitute id -> the people they stand in for."""
    day = day or business_today()
    found: dict[int, list[int]] = {}
    rows = Delegation.objects.filter(substitute__in=user_ids, starts_on__lte=day, ends_on__gte=day)
    for substitute, user in rows.values_list("substitute_id", "user_id"):
        found.setdefault(substitute, []).append(user)
    return found


def holds_task_permission(user, task) -> bool:
    """The user holds the task's permission on its organisation or above (so could take it from the queue)."""
    if not task.owner_permission:
        return False
    organisation = Organisation.objects.filter(pk=task.owner_permission_obj_pk).first()
    codename = task.owner_permission.split(".", 1)[-1]
    return organisation is not None and has_org_perm(user, codename, organisation)


def can_act(user, task) -> bool:
    if task.status not in OPEN:
        return False
    if task.owner_id is not None:
        return task.owner_id == user.pk or task.owner_id in delegators_of(user)
    return holds_task_permission(user, task)


def task_for_user(user, pk, *, act: bool = False) -> Task:
    try:
        # With its approval (or the knowledge that it has none): the task API and the services ask.
        task = Task.objects.select_related("process", "owner", "approval").get(pk=pk, flow_task_type="HUMAN")
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    process_type = process_type_of(task.process)
    if not process_type.visible_cases(user).filter(pk=task.process_id).exists():
        raise Http404
    if act and not can_act(user, task):
        raise PermissionDenied
    return task


def refuse_claimed_by_another(task, actor) -> None:
    """A step someone has taken (认领) is theirs: only they, or their substitute, act on it (every engine). A step
    with an open sign-off (加签 on a step decided by one person, workflows.slots) is completed by the last approver
    left in it, whoever holds the step."""
    if task is not None and is_sign_off(task) and (approval := open_approval(task)) is not None:
        slot = active_slot(approval, [actor.pk, *delegators_of(actor)])
        if slot is None or not fills_the_form(approval, slot):
            raise ConflictError(
                "sign_off_pending", _("The people added to decide on this step have not all decided yet.")
            )
        return
    claimed_by = (task.data or {}).get("claimed_by") if task is not None else None
    if claimed_by is not None and claimed_by != actor.pk and claimed_by not in delegators_of(actor):
        raise ConflictError("task_claimed", _("Someone else has taken this step."))


def works_in_tree(person, organisation: Organisation, day=None) -> bool:
    """The person is active and holds, today, a role other than an administrative one somewhere in the
    organisation's tree (its top organisation — the bureau — and everything below): who may be named in it."""
    if not person.is_active:
        return False
    root = organisation.path[: Organisation.steplen]
    return (
        Membership.objects.active_on(day or business_today())
        .filter(user=person, organisation__path__startswith=root)
        .exclude(role__in=ADMINISTRATIVE_ROLES)
        .exists()
    )


def holds_working_right(user, process) -> bool:
    """The user holds one of the rights the case's process works with, on the case's organisations or above."""
    if not (user.is_authenticated and user.is_active):
        return False
    process_type = process_type_of(process)
    wanted: dict[int, tuple[Organisation, set[str]]] = {}
    for codename, organisation in process_type.working_rights(process_type.case_of(process)):
        wanted.setdefault(organisation.pk, (organisation, set()))[1].add(codename)
    return any(codenames & perms_in_chain(user, organisation) for organisation, codenames in wanted.values())


def has_part_in_case(user, process) -> bool:
    """A role in the case's process, which is what writing into it (a comment, its files, @mentions) needs:
    its applicant or initiator, whoever holds or held one of its steps or approvals (or stands in for them),
    and the holders of the process's working rights over the case's organisations. Seeing a case is not
    enough: a viewer with see_cases only, an auditor or someone copied (抄送) reads it and nothing more."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    process_type = process_type_of(process)
    case = process_type.case_of(process)
    if user.pk in (getattr(case, "initiator_id", None), getattr(case, "person_id", None)):
        return True
    people = [user.pk, *delegators_of(user)]
    if Task.objects.filter(process_id=process.pk, owner_id__in=people).exists():
        return True
    if ApprovalSlot.objects.filter(approval__task__process_id=process.pk, user_id__in=people).exists():
        return True
    return holds_working_right(user, process)


def may_approve_case(person, process) -> bool:
    """Who may be added to decide a step of the case (加签), like a transfer's target: active, neither its
    applicant nor its initiator, and holding one of the process's working rights over the case (so never an
    auditor, a viewer or someone of another bureau)."""
    if not person.is_active:
        return False
    process_type = process_type_of(process)
    case = process_type.case_of(process)
    if person.pk in (getattr(case, "initiator_id", None), getattr(case, "person_id", None)):
        return False
    return holds_working_right(person, process)
