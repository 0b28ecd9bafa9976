from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "workflows.community"
    label = "community"
    verbose_name = _("School community applications")

    def ready(self):
        from django.urls import reverse

        from accounts import roles
        from workflows import registry
        from workflows.community import steps  # noqa: F401  (registers the actions)
        from workflows.community.engine import run_action
        from workflows.community.flows import CommunityFlow
        from workflows.community.members import bureau_reviewers
        from workflows.community.progress import action_for_node
        from workflows.community.selectors import applications_visible_to, cc_candidates

        def complete(task, actor, payload, **facts):
            application = task.process.application
            code = action_for_node(application, task.flow_task.name, payload.get("decision", "approve"))
            return run_action(case_id=application.pk, code=code, actor=actor, payload=payload, **facts)

        registry.register(
            registry.ProcessType(
                code="community",
                label=_("School community application"),
                flow_class=CommunityFlow,
                visible_cases=applications_visible_to,
                case_of=lambda process: process.application,
                case_url=lambda case: reverse("community-application", args=[case.pk]),
                action_url=lambda case, code: reverse("community-application", args=[case.pk]) + f"#{code}",
                action_code=lambda case, node: action_for_node(case, node),
                complete=complete,
                run=run_action,
                describe=lambda case: (case.title, case.member_school.name, case.get_stage_display()),
                task_related=("process__application__member_school",),
                organisation_path_lookup="process__application__member_school__path",
                subject_name_lookup="process__application__title",
                supervisors=lambda case: bureau_reviewers(case.community),
                organisation_of=lambda case: case.community,
                case_lookup="application",
                due_lookup="process__application__deadline",
                case_facts=lambda case: {"due": case.deadline, "action": "", "status": case.stage},
                decides_own_approvals=True,
                approve_in_bulk=frozenset({"agreement"}),  # confirming a help project needs no input
                # The pair's leads (on their schools) and the bureau's reviewers (above the community).
                working_rights=lambda case: [
                    (roles.SUBMIT_SCHOOL_APPLICATIONS, case.core_school),
                    (roles.SUBMIT_SCHOOL_APPLICATIONS, case.member_school),
                    (roles.REVIEW_COMMUNITY, case.community),
                ],
                cc_candidates=lambda case: cc_candidates(case),
            )
        )
