from django.apps import AppConfig


class ApprovalFlowConfig(AppConfig):
    """A small flow, installed only in the test settings, that exercises the shared approval engine
    (the real processes with multi-person steps are the school-community ones)."""

    name = "tests.approval_flow"
    label = "approval_flow"

    def ready(self):
        from viewflow.workflow.models import Process

        from accounts.models import Organisation
        from tests.approval_flow.flows import ApprovalTestFlow
        from workflows import registry

        registry.register(
            registry.ProcessType(
                code="approval_test",
                label="approval test",
                flow_class=ApprovalTestFlow,
                visible_cases=lambda user: Process.objects.filter(flow_class=ApprovalTestFlow),
                case_of=lambda process: ApprovalTestFlow.case(process),
                case_url=lambda case: "/",
                action_url=lambda case, code: "/",
                action_code=lambda case, node: node,
                complete=lambda *args, **kwargs: None,
                run=lambda **kwargs: None,
                organisation_of=lambda case: Organisation.objects.filter(pk=case.organisation_id).first(),
                # Its approvers work for the organisation the case is started for (if any), as reviewers.
                working_rights=lambda case: [
                    ("review_community", organisation)
                    for organisation in Organisation.objects.filter(pk=case.organisation_id)
                ],
            )
        )
