"""Designed processes as the kit runs them: one ProcessType ("designed") for the cases of every definition — who sees
a case, who may act on its open steps (the approvers whose turn it is), its actions, API and pages. The path of each
case is its version's document (designer.walking)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from accounts.permissions import subtree_q
from accounts.roles import DESIGN_PROCESSES, SEE_CASES
from core.exceptions import ConflictError
from designer.actions import ACTIONS
from designer.demo import seed_designer_demo
from designer.flows import DesignedFlow
from designer.selectors import start_places
from designer.starting import START
from workflows.access import OPEN, delegators_of
from workflows.kit.registry import Api, Collection, Pages, ProcessType
from workflows.models import ApprovalSlot


def visible_q(user) -> Q:
    """The cases of organisations where the user sees cases, of definitions they design, and those where they were
    asked to act (besides, as the kit adds: those they started and those copied to them)."""
    asked = ApprovalSlot.objects.filter(user=user, approval__task__flow_task=DesignedFlow.act).values(
        "approval__task__process_id"
    )
    return (
        subtree_q(user, SEE_CASES, "organisation__path")
        | subtree_q(user, DESIGN_PROCESSES, "definition__owner__path")
        | Q(pk__in=asked)
    )


def appointed(case, target, actor, role: str) -> bool:
    """STARTER: the definition admits the actor to start it; APPROVER: it is the actor's turn (or the turn of someone
    they stand in for) on one of the case's open steps (read once with their approvals and slots, designer.steps:
    the step, the approval and the decision take them from there)."""
    from designer.steps import open_steps

    if role == "STARTER":
        return bool(case.definition_id) and bool(start_places(actor, case.definition, _today()))
    steps = open_steps(case, actor, _today(), DesignedFlow.act)
    case.open_steps = steps
    case.acting_for = {actor.pk: steps.people}  # the approval reuses them (workflows.approvals._people)
    people = set(steps.people)
    if any(slot.user_id in people and slot.status == ApprovalSlot.Status.ACTIVE for slot in steps.slots()):
        return True
    slots = ApprovalSlot.objects.filter(
        approval__task__process_id=case.pk, user_id__in=[actor.pk, *delegators_of(actor)]
    )
    if not any(slot.user_id in people for slot in steps.slots()) and slots.filter(status__in=DECIDED).exists():
        raise ConflictError("task_changed", _("This step has already been completed."))  # decided, by them or another
    return False


DECIDED = (ApprovalSlot.Status.APPROVED, ApprovalSlot.Status.REJECTED, ApprovalSlot.Status.SKIPPED)


def supervisors(case) -> list:
    """Whom an overdue step escalates to: the definition's process administrators."""
    from accounts.models import User
    from designer.walking import walker_of

    admins = walker_of(case, day=_today()).resolver.admins()
    return list(User.objects.filter(pk__in=admins))


def _today():
    from core.dates import business_today

    return business_today()


def step_task(case, action, data) -> Task | None:
    """The open step the input names, else the one where it is the actor's turn is found by the approval; with one
    open step, that one. Read with its approval (workflows.approvals), from the open steps the right check read
    under the case's lock when it did (designer.steps)."""
    known = case.__dict__.pop("open_steps", None)  # read once, for this action
    if known is not None:
        case.open_act_tasks = known.tasks  # what the walk cancels, if it does (designer.walking.cancel)
        tasks = [task for task in known.tasks if not data.get("task") or task.pk == data["task"]]
        return tasks[0] if tasks else None
    tasks = Task.objects.filter(process_id=case.pk, flow_task=DesignedFlow.act, status__in=OPEN)
    if data.get("task"):
        tasks = tasks.filter(pk=data["task"])
    task = tasks.select_related("approval").order_by("-created").first()  # the approval: workflows.approvals
    if task is not None:
        task.process = case
    return task


def _lock(case_id: int):
    from designer.steps import lock

    return lock(case_id)


def _prepare(ctx) -> None:
    """What the flow's ``advance`` reuses when the action completes a step (designer.runtime, designer.walking): the
    step as the engine holds it; and the walk's changes are left on the case for the engine to save with its own
    (what changed, written once after the handler)."""
    ctx.case.completing = ctx.task
    # A decision (同意, 拒绝, 办理) completes its step inside the handler's turn, before the engine saves the case;
    # 退回 completes it after (the engine's execute_task): the walk then saves the case itself.
    ctx.case.engine_saves = bool(ctx.action.decision)
    # The steps to announce after the event: this one (still open when others must decide) and those ``seat`` opens
    # (the case's other open steps were announced when they opened; the engine only reads the open human ones).
    ctx.case.opened_steps = ctx.open_tasks = [ctx.task] if ctx.task is not None else []


def process_type() -> ProcessType:
    return ProcessType(
        code="designed",
        label=_("Designed process"),
        flow_class=DesignedFlow,
        visible_q=visible_q,
        shown_as=("title", "organisation"),
        state_field="stage",
        case_related=("definition", "definition_version", "organisation", "initiator"),
        actions=ACTIONS,
        start=START,
        appointed=appointed,
        lock=_lock,
        supervisors=supervisors,
        sheet_form=_sheet_form,
        subject_of=lambda case: case.initiator_id,
        places={},
        role_labels={"STARTER": _("Initiator"), "APPROVER": _("Approver")},  # the roles its actions are taken in
        step_task=step_task,
        task_payload=lambda task: {"task": task.pk},
        prepare=_prepare,
        api=Api(
            collections=(Collection("designed/cases", "designed-case"),),
            list_serializer=_serializer(),
            detail_serializer=_serializer(),
        ),
        pages=Pages(
            prefix="designed",
            name="designed-case",
            start_name="designed-start",
            may_start=lambda user: user.is_authenticated,
            start_view=_view("start_list"),
            step_view=_view("step_page"),
            title=lambda case: case.title,
            organisation_field="organisation",
            field_labels={
                "task": _("Step"),
                "to": _("Return to"),
                "values": _("Form"),
                "next_people": _("Who acts at the next step"),
            },
            filters={"stage": "stage", "definition": "definition"},
            available=_available,
            case_context=_case_context,
            more=(("new/<int:pk>/", _view("start_page"), "designed-new"),),
        ),
        navigation=(_("Approvals"), "designed-case-list"),
        start_points=_start_points,
        demo=seed_designer_demo,
    )


def _view(name: str):
    def view(request, *args, **kwargs):
        from designer import case_views

        return getattr(case_views, name)(request, *args, **kwargs)

    return view


def _available(case, user) -> list[str]:
    from designer.case_views import offered_here

    return offered_here(case, user)


def _case_context(request, case, events) -> dict:
    from designer.case_page import case_context

    return case_context(request, case)


def _sheet_form(case, event) -> list[tuple[str, str]]:
    """The form on the 审批单: the fields as filled when the case began, in words."""
    from forms.designed_shown import names_of, shown_values

    fields = case.definition_version.document.get("form", {}).get("fields", [])
    values = (event.data or {}).get("values", {})
    names, places = names_of(fields, values)
    return [(item["label"], item["text"]) for item in shown_values(fields, values, names=names, organisations=places)]


def _start_points(user, held) -> list:
    from designer.selectors import startable_definitions
    from workflows.start import Start

    points = []
    if startable_definitions(user, _today()):
        points.append(
            Start(str(_("Start an approval")), reverse("designed-start"), str(_("Leave, training, lessons, awards…")))
        )
    if DESIGN_PROCESSES in held:
        points.append(
            Start(
                str(_("Design processes")),
                reverse("designer-list"),
                str(_("Define the approvals of your organisation.")),
            )
        )
    return points


def _serializer():
    from designer.serializers import CaseSerializer

    return CaseSerializer
