"""Reads for party cases: visibility, lists, what a viewer may do next, history."""

from django.db.models import Q, QuerySet
from viewflow.workflow.status import STATUS

from accounts import roles
from accounts.models import Membership, Organisation, OrganisationKind, User
from accounts.permissions import organisations_granted, perms_in_chain, subtree_q
from audit.models import AuditEvent
from core.dates import business_today
from workflows.models import CaseCc
from workflows.party.actions import ACTIONS
from workflows.party.members import approval_committee
from workflows.party.models import PartyCase
from workflows.party.progress import OPEN, action_for_node
from workflows.party.rulesets import rule_book


def cases_visible_to(user) -> QuerySet[PartyCase]:
    """Own cases, cases the user started or was copied on (抄送), and every case in a subtree where the
    user sees cases."""
    if not (user.is_authenticated and user.is_active):
        return PartyCase.objects.none()
    if user.is_superuser:
        # subtree_q gives a superuser the empty Q(), and "x | Q()" is just "x": OR-ed below it would narrow a
        # superuser to their own cases instead of every case.
        return PartyCase.objects.all()
    copied = CaseCc.objects.filter(user=user).values("process_id")
    return PartyCase.objects.filter(
        Q(person=user) | Q(initiator=user) | Q(pk__in=copied) | subtree_q(user, roles.SEE_CASES, "branch__path")
    )


def case_list(user) -> QuerySet[PartyCase]:
    return cases_visible_to(user).select_related("person", "branch").order_by("next_due", "-pk")


def open_steps(case: PartyCase) -> list[dict]:
    tasks = (
        case.task_set.filter(status__in=OPEN).exclude(flow_task_type__in=["JOIN", "SPLIT"]).select_related("owner")
    ).order_by("pk")
    return [
        {
            "node": task.flow_task.name,
            "action": action_for_node(case, task.flow_task.name),
            "title": str(task.flow_task.task_title),
            "owner": task.owner.real_name if task.owner_id else None,
            "task_id": task.pk,
            **task.data,
        }
        for task in tasks
    ]


def available_actions(case: PartyCase, user, steps: list[dict]) -> list[str]:
    """Action codes the user could run now (the engine re-checks everything when they do): the kit's
    available_actions, read with the viewer's rights on the branch and at the committee once for all actions."""
    open_nodes = {step["node"] for step in steps}
    held = perms_in_chain(user, case.branch)
    committee = approval_committee(case.branch)
    held_at_committee = perms_in_chain(user, committee) if committee is not None else set()
    book = rule_book(case.rule_set)
    codes = []
    for code, action in ACTIONS.items():
        if action.options.get("needs_rule") and not book[action.options["needs_rule"]]:
            continue
        if not action.when(case):
            continue
        if action.node is not None and action.node not in open_nodes:
            continue
        if action.subject_may and user.pk == case.person_id:
            codes.append(code)
        elif action.perm in (held_at_committee if action.where == "committee" else held):
            codes.append(code)
    return codes


def can_read_political_review(user, case: PartyCase) -> bool:
    return user.pk != case.person_id and roles.READ_POLITICAL_REVIEW in perms_in_chain(user, case.branch)


def case_history(case: PartyCase) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(process="party", case_id=case.pk).select_related("actor").order_by("pk")


def done_nodes(case: PartyCase) -> set[str]:
    return {t.flow_task.name for t in case.task_set.filter(status=STATUS.DONE)}


def cc_candidates(case: PartyCase):
    """People who may be copied: those holding a role in the branch or in the organisations above it."""
    chain = [case.branch.path[:end] for end in range(4, len(case.branch.path) + 1, 4)]
    return (
        User.objects.filter(memberships__organisation__path__in=chain, is_active=True)
        .exclude(pk=case.person_id)
        .distinct()
        .order_by("real_name")
    )


def branches_for(user) -> QuerySet[Organisation]:
    """Branches where the user may apply (their own membership) or enter applications (staff), by path."""
    staff = organisations_granted(user, roles.HANDLE_PARTY_WORK).filter(kind=OrganisationKind.BRANCH)
    own = Membership.objects.active_on(business_today()).filter(user=user, organisation__kind=OrganisationKind.BRANCH)
    return Organisation.objects.filter(Q(pk__in=staff.values("pk")) | Q(pk__in=own.values("organisation_id"))).order_by(
        "path"
    )
