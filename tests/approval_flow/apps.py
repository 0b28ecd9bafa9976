from django.apps import AppConfig


class ApprovalFlowConfig(AppConfig):
    """A small flow, installed only in the test settings, that exercises the shared approval engine
    (the real processes with multi-person steps are the school-community ones); its decisions are kit actions."""

    name = "tests.approval_flow"
    label = "approval_flow"

    def ready(self):
        from viewflow.workflow.models import Process

        from accounts.models import Organisation
        from tests.approval_flow.actions import ACTIONS
        from tests.approval_flow.flows import ApprovalTestFlow
        from workflows.kit import registry
        from workflows.models import ApprovalSlot
        from workflows.task_rules import people_of

        def organisation(case):
            return Organisation.objects.filter(pk=case.organisation_id).first()

        def approver(process, target, actor, role):
            """An undecided place of the open review is the actor's (or of someone they substitute for); once the
            review is decided, the engine's state check answers (task_changed) whoever asks."""
            if not ApprovalSlot.objects.filter(approval__task__process=process, approval__status="open").exists():
                return True
            return ApprovalSlot.objects.filter(
                approval__task__process=process,
                approval__status="open",
                user__in=people_of(actor),
                status__in=[ApprovalSlot.Status.WAITING, ApprovalSlot.Status.ACTIVE],
            ).exists()

        registry.register(
            registry.ProcessType(
                code="approval_test",
                label="审批测试",
                flow_class=ApprovalTestFlow,
                visible_cases=lambda user: Process.objects.filter(flow_class=ApprovalTestFlow),
                case_of=ApprovalTestFlow.case,
                case_url=lambda case: "/",
                action_url=lambda case, code: "/",
                action_code=lambda case, node, decision="approve": decision if node == "review" else None,
                organisation_of=organisation,
                # Its approvers work for the organisation the case is started for (if any), as reviewers.
                working_rights=lambda case: [("review_community", org) for org in filter(None, [organisation(case)])],
                actions=ACTIONS,
                lock=lambda pk: ApprovalTestFlow.case(Process.objects.select_for_update().get(pk=pk)),
                subject_of=lambda case: case.initiator_id,
                appointed=approver,
                state=lambda process: (process.data or {}).get("outcome") or "",
            )
        )
