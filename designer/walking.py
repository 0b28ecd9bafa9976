"""The walk of a designed case against the database: the facts the pure walk (designer.definition.walk) reads, who
each node's ``who`` finds (designer.approvers.Resolver), and what a step of the walk changes — the case's progress
and stage, the steps ``fan`` opens, the steps cancelled, the people copied (抄送) or told (通知)."""

import dataclasses
import functools
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from designer import endings
from designer.models import Definition, DesignedCase, Stage
from workflows.access import OPEN
from workflows.kit import sql_rows
from workflows.models import Approval, ApprovalSlot, CaseCc

OUTCOME_STAGES = {"approved": Stage.APPROVED, "rejected": Stage.REJECTED, "withdrawn": Stage.WITHDRAWN}


@dataclasses.dataclass
class Walker:
    """The document, the facts and the resolver of one case (or of a case being started)."""

    document: dict
    facts: Any  # designer.definition.facts.Facts (LazyFacts)
    resolver: Any  # designer.approvers.Resolver
    values: dict

    def resolve(self, node: dict, state: dict) -> list[int]:
        picks = (state or {}).get("chosen", {}).get(node["id"])
        who = node.get("who") or {}
        return self.resolver.people(who, values=self.values, chosen=picks or [], previous=picks or [])


def walker_for(*, document, definition, initiator, organisation, values, day) -> Walker:
    from designer.approvers import Resolver
    from designer.definition.facts import LazyFacts

    lazy = isinstance(definition, Definition) and definition.owner_id is not None  # not a draft's stand-in
    owner: Any = SimpleLazyObject(lambda: definition.owner) if lazy else definition.owner  # read for admins only
    resolver = Resolver(initiator=initiator, organisation=organisation, day=day, owner=owner)
    facts = LazyFacts(  # the initiator's roles, ancestors and the administrators: read only if a rule asks
        initiator=initiator.pk,
        roles=resolver.facts_roles,
        organisations=resolver.facts_organisations,
        values=values,
        admins=lambda: tuple(resolver.admins()),
    )
    return Walker(document=document, facts=facts, resolver=resolver, values=values)


def _related_read(case: DesignedCase) -> None:
    """The case's version, definition (with its owner), initiator and organisation, in one query instead of one
    each, when more than one of them is not read yet."""
    names = ("definition_version", "definition", "initiator", "organisation")
    fields = [DesignedCase._meta.get_field(name) for name in names]
    missing = [field for field in fields if not field.is_cached(case)]
    if len(missing) < 2:
        return
    related = ("definition_version", "definition__owner", "initiator", "organisation")
    row = DesignedCase.objects.select_related(*related).get(pk=case.pk)
    for field in missing:
        field.set_cached_value(case, field.get_cached_value(row))


def walker_of(case: DesignedCase, *, day) -> Walker:
    _related_read(case)
    return walker_for(
        document=case.definition_version.document,
        definition=case.definition,
        initiator=case.initiator,
        organisation=case.organisation,
        values=case.values,
        day=day,
    )


def opened_rows(step, document: dict) -> list[dict]:
    """What opens, for ``fan`` and ``seat``: each node with its people and what its step is called (the node's name;
    the initiator's step after 退回: 修改后重新提交)."""
    rows = []
    for opened in step.opened:
        node = node_named(document, opened.node)
        with translation.override(settings.LANGUAGE_CODE):
            title = node.get("name", "") if node else str(_("Edit and submit again"))
        rows.append(dataclasses.asdict(opened) | {"title": title})
    return rows


def passed_rows(step) -> list[dict]:
    return [dataclasses.asdict(passed) for passed in step.passed]


def take(case: DesignedCase, step) -> None:
    """The step's state, stage and what opens, on the case (not saved)."""
    case.walk = step.state
    if step.outcome:
        case.stage = OUTCOME_STAGES[step.outcome]
        endings.ended(case)
    elif any(opened.kind == "resubmit" for opened in step.opened):
        case.stage = Stage.RETURNED
    else:
        case.stage = Stage.RUNNING
    data = {k: v for k, v in (case.data or {}).items() if k not in ("outcome", "return_to", "chosen_next")}
    pending = opened_rows(step, case.definition_version.document)
    case.data = {**data, "pending": pending, "passed": passed_rows(step)}


def cancel(process_id: int, nodes, *, known=None) -> None:
    """Open steps of ``nodes`` (every open step for None) end cancelled, their approvals withdrawn, their approvers'
    places not needed. Steps are the human ones (the flow's own node running now, ``advance``, is no step).
    ``known``: the case's open steps as the engine read them under its lock in this transaction (designer.steps),
    the step just completed among them (done now), so that they are not read again."""
    if known is not None:
        tasks = [task for task in known if task.status in OPEN]
    else:
        tasks = Task.objects.filter(process_id=process_id, status__in=OPEN, flow_task_type="HUMAN")
    ids = [t.pk for t in tasks if nodes is None or (t.data or {}).get("node") in set(nodes)]
    if not ids:
        return
    from django.utils import timezone

    Approval.objects.filter(task_id__in=ids, status=Approval.Status.OPEN).update(
        status=Approval.Status.WITHDRAWN, decided_at=timezone.now()
    )
    ApprovalSlot.objects.filter(
        approval__task_id__in=ids, status__in=[ApprovalSlot.Status.WAITING, ApprovalSlot.Status.ACTIVE]
    ).update(status=ApprovalSlot.Status.SKIPPED)
    Task.objects.filter(pk__in=ids).update(status="CANCELED", finished=timezone.now())


def tell_passed(case: DesignedCase, step, *, actor) -> None:
    """抄送 nodes give read access and a notice; 通知 nodes a notice with their text."""
    from accounts.models import User
    from notifications.models import Kind
    from workflows.announce import notify_about

    for passed in step.passed:
        if passed.reason not in ("cc", "notice") or not passed.people:
            continue
        people = list(User.objects.filter(pk__in=passed.people, is_active=True))
        node = node_named(case.definition_version.document, passed.node) or {}
        with translation.override(settings.LANGUAGE_CODE):
            if passed.reason == "cc":
                CaseCc.objects.bulk_create(  # those copied before stay as they were (one per person and case)
                    [CaseCc(process_id=case.pk, user=person, added_by=actor) for person in people],
                    ignore_conflicts=True,
                )
                title = _("%(process)s: copied to you (%(node)s)") % {
                    "process": case.definition.name,
                    "node": node.get("name", ""),
                }
                notify_about(case, Kind.CC, people, title, case=case, actor=actor)
            else:
                title = _("%(process)s: %(node)s") % {"process": case.definition.name, "node": node.get("name", "")}
                notify_about(case, Kind.DECISION, people, title, body=node.get("text", ""), case=case, actor=actor)


def node_named(document: dict, node_id: str) -> dict | None:
    """The node (or branch) of ``document`` with that id, at any depth."""

    def search(nodes):
        for node in nodes:
            if node.get("id") == node_id:
                return node
            for branch in node.get("branches", []):
                if branch.get("id") == node_id:
                    return branch
                found = search(branch.get("nodes", []))
                if found is not None:
                    return found
        return None

    return search(document.get("nodes", []))


def after_step(process, done: Task) -> None:
    """``advance``: the walk moves on by how the step ``done`` ended (its approval's outcome, or the designer's
    action's: handled, returned, withdrawn), for the case of ``process``."""
    from core.dates import business_today
    from designer.definition import walk

    case = process if isinstance(process, DesignedCase) else DesignedCase.objects.get(pk=process.pk)
    data = process.data or {}
    node: str = (done.data or {}).get("node")  # type: ignore[assignment]  # every act step names its node
    kind = (done.data or {}).get("kind")
    outcome = data.get("outcome")
    walker = walker_of(case, day=business_today())
    state = case.walk
    if kind == "resubmit" and outcome in (APPROVED, HANDLED):
        step = walk.resubmit(walker.document, state, walker.facts, walker.resolve)
    elif outcome == RETURNED:
        step = walk.send_back(walker.document, state, walker.facts, walker.resolve, node=node, target=data["return_to"])
    elif outcome == WITHDRAWN:
        step = walk.withdraw(walker.document, state)
    else:
        decided: str = HANDLED if kind == "handling" else outcome  # type: ignore[assignment]  # set by the approval
        approved = _approved(done)  # in the order they decided
        by = approved[-1] if approved else done.owner_id  # last_decider's answer
        step = walk.decide(
            walker.document,
            state,
            walker.facts,
            walker.resolve,
            node=node,
            outcome=decided,
            by=by,
            approved_by=(approved if not _timed_out(done) else []) if kind == "approval" else None,  # 自动去重
            chosen_next=data.get("chosen_next"),
        )
    case.data = data
    take(case, step)
    known = case.__dict__.pop("open_act_tasks", None)  # the engine's read of the open steps (designer.spec)
    if step.cancelled or step.outcome:
        cancel(case.pk, None if step.outcome else step.cancelled, known=known)
    if getattr(case, "engine_saves", False):  # the case the engine holds: it saves what changed after its handler
        case.walked = True  # (designer.spec), in this transaction, before its event
    else:
        case.save(update_fields=["walk", "stage", "data"])
    if process is not case:
        process.data = case.data
    if any(passed.reason in ("cc", "notice") and passed.people for passed in step.passed):
        tell_passed(case, step, actor=done.owner)  # the owner is read only when someone is told


def _timed_out(task: Task) -> bool:
    return ((task.data or {}).get("timeout") or {}).get("then") == "approve"


def _approved(task: Task) -> list[int]:
    """Who approved the step (their slots approved), in the order they decided (SQL written once: every completed
    step reads it)."""
    approval = Task._meta.get_field("approval").get_cached_value(task, default=None)
    known = getattr(approval, "known_slots", None)  # all its slots, as the decision left them (designer.steps)
    if known is not None:
        approved = [slot for slot in known if slot.status == ApprovalSlot.Status.APPROVED]
        return [slot.user_id for slot in sorted(approved, key=lambda slot: slot.decided_at)]
    rows = sql_rows.fetch(_approved_sql(), [task.pk, ApprovalSlot.Status.APPROVED.value])
    return [user_id for (user_id,) in rows]


@functools.cache
def _approved_sql() -> str:
    slot, approval = functools.partial(sql_rows.quoted, ApprovalSlot), functools.partial(sql_rows.quoted, Approval)
    return (
        f"SELECT {slot('user')} FROM {sql_rows.quoted(ApprovalSlot)} JOIN {sql_rows.quoted(Approval)} "  # noqa: S608
        f"ON {approval('id')} = {slot('approval')} WHERE {approval('task')} = %s AND {slot('status')} = %s "
        f"ORDER BY {slot('decided_at')}"
    )


APPROVED, REJECTED, RETURNED, HANDLED, WITHDRAWN = "approved", "rejected", "returned", "handled", "withdrawn"
