from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "workflows.party"
    label = "party"
    verbose_name = _("Party member development")

    def ready(self):
        from django.urls import reverse

        from accounts import roles
        from workflows import registry
        from workflows.party import steps  # noqa: F401  (registers the actions)
        from workflows.party.engine import run_action
        from workflows.party.flows import PartyFlow
        from workflows.party.progress import action_for_node
        from workflows.party.selectors import cases_visible_to, cc_candidates

        # The rights the party process works with (on the branch, or the committees above it, where they are held).
        PARTY_WORK = (
            roles.HANDLE_PARTY_WORK,
            roles.DECIDE_BRANCH,
            roles.APPROVE_PARTY,
            roles.INTERVIEW_PARTY,
            roles.FILE_PARTY_RECORDS,
        )

        def supervisors_of(case):
            from workflows.announce import holders_of
            from workflows.party.members import approval_committee

            committee = approval_committee(case.branch)
            return holders_of("approve_party", committee) if committee else []

        def complete(task, actor, payload, **facts):
            node = task.flow_task.name
            # The case row is the process's own (same key); only the probation decision's action depends on it.
            case = task.process.partycase if node == "probation_approval" else None
            code = action_for_node(case, node)
            return run_action(case_id=task.process_id, code=code, actor=actor, payload=payload, **facts)

        registry.register(
            registry.ProcessType(
                code="party",
                label=_("Party development"),
                flow_class=PartyFlow,
                visible_cases=cases_visible_to,
                case_of=lambda process: process.partycase,
                case_url=lambda case: reverse("party-case", args=[case.pk]),
                action_url=lambda case, code: reverse("party-case-action", args=[case.pk, code]),
                action_code=action_for_node,
                complete=complete,
                run=run_action,
                describe=lambda case: (case.person.real_name, case.branch.name, case.get_identity_display()),
                task_related=("process__partycase__person", "process__partycase__branch"),
                organisation_path_lookup="process__partycase__branch__path",
                subject_name_lookup="process__partycase__person__real_name",
                supervisors=lambda case: supervisors_of(case),
                organisation_of=lambda case: case.branch,
                case_lookup="partycase",
                due_lookup="process__partycase__next_due",
                case_facts=lambda case: {"due": case.next_due, "action": case.next_action, "status": case.case_status},
                working_rights=lambda case: [(codename, case.branch) for codename in PARTY_WORK],
                cc_candidates=lambda case: cc_candidates(case),
            )
        )
