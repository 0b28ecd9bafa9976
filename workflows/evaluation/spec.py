"""Process C as the kit runs it (DOMAIN §4.4), and as the shared inbox, claims, transfers, 抄送, 催办, comments,
deadlines and escalation see it. The actions and their rules are in workflows.evaluation.steps, declared in
workflows.evaluation.actions.

Two rows make an evaluation: the case (EvaluationCase), whose key its pages, its API, its audit trail and its
notifications use, and its viewflow process (EvaluationProcess), which holds its steps as tasks. The kit's access
helper reads the case (``case_rows``), its engine runs an action on it, locking both (``lock``, ``process_of``); the
shared task code sees the process (``case_of``, ``visible_cases``), and finds the case's trail by ``audit_key``. Its
pages are the kit's (``PAGES``), with the score sheets as tables of indicators, and its results pages its own."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.permissions import organisations_granted
from core.exceptions import ApplicationError
from workflows.evaluation import case_page, dashboard, selectors
from workflows.evaluation.access import file_access
from workflows.evaluation.actions import ACTIONS, BUREAU, SCHOOL, changes_scores
from workflows.evaluation.apis import (
    CaseResultsApi,
    CaseResultsXlsxApi,
    IndicatorSetListApi,
    SchemeDetailApi,
    SchemeListApi,
)
from workflows.evaluation.demo import seed_evaluation_demo
from workflows.evaluation.exports import EXPORTS
from workflows.evaluation.flows import EvaluationFlow
from workflows.evaluation.form_help import action_help, opening_help
from workflows.evaluation.inputs import CaseOpenInput
from workflows.evaluation.models import Appointment, AppointmentRole, CaseStatus, EvaluationCase, EvaluationProcess
from workflows.evaluation.progress import (
    action_for_node,
    action_url,
    case_url,
    describe,
    evaluation_of,
    settle,
    step_facts,
    step_task,
)
from workflows.evaluation.results_pages import results_page, results_xlsx
from workflows.evaluation.scheme_pages import scheme_edit, scheme_list, scheme_new
from workflows.evaluation.selectors import case_loaded, cases_visible_to, cc_candidates
from workflows.evaluation.serializers import (
    EvaluationCaseDetailSerializer,
    EvaluationCaseListSerializer,
    EvaluationHistorySerializer,
)
from workflows.evaluation.services import OPENERS, case_open
from workflows.evaluation.step_forms import ERROR_FIELDS, LABELS, TRACK_KEYS, page_target, people, step_fields
from workflows.evaluation.templatetags.evaluation import OTHER_ACTIONS, WARNINGS
from workflows.evaluation.tracks import acting_schools, case_schools, opened, target_for
from workflows.evaluation.tracks import describe as track_facts
from workflows.kit.actions import Result
from workflows.kit.registry import Api, Collection, Pages, ProcessType

PARTS = ("routine_id", "project_id", "correction_id")  # what a step's task names of the case (open_steps)


def visible_processes(user) -> QuerySet[EvaluationProcess]:
    return EvaluationProcess.objects.filter(case__in=cases_visible_to(user))


def lock(case_id: int) -> EvaluationCase:
    """The case row, then its process's rows (as workflows.locking.lock_case_rows does), each SELECT … FOR UPDATE."""
    case = (
        EvaluationCase.objects.select_for_update(of=("self",))
        .select_related("community", "scheme__routine_set", "scheme__project_set", "scheme__feature_set")
        .get(pk=case_id)
    )
    process = EvaluationProcess.objects.select_for_update(of=("self", "process_ptr")).get(case=case)
    process.case, case.process = case, process
    return case


def guard(action, case: EvaluationCase) -> None:
    """C9: once the results are published, scores change only through a correction."""
    if changes_scores(action) and case.status == CaseStatus.PUBLISHED:
        raise ApplicationError(
            "published_locked",
            _("The results are published: a change needs a correction with a reason and an approver."),
            status=409,
        )


# Where an action's right is held: the schools that self-evaluate the track (any of the case's schools before the
# input names one), or the community, so the bureau above it. Holding the right above counts.
PLACES = {
    SCHOOL: lambda case, target: case_schools(case) if target is None or target is case else acting_schools(target),
    BUREAU: lambda case, target: [case.community],
}


def appointed(case: EvaluationCase, target, actor, role: str) -> bool:
    """Appointed by the leading group to this evaluation (to any of the case's before the input names one)."""
    if target is None or target is case:
        return Appointment.objects.filter(project__case=case, user=actor, role=role).exists()
    return Appointment.objects.filter(project=target, user=actor, role=role).exists()


def prepare(ctx) -> None:
    """Before the handler: open a sketched track, and find the step the action completes (someone else's claim
    refuses it)."""
    ctx.comment = ctx.data.get("comment", "")
    if ctx.target is not ctx.case and ctx.target.pk is None:
        opened(ctx.target)
    ctx.task = step_task(ctx.case.process, ctx.action.code, ctx.target, ctx.actor, ctx.data)


def audit_facts(ctx) -> dict:
    track = {} if ctx.target is ctx.case else track_facts(ctx.target)
    return {"rule_set": ctx.case.scheme.code, "data": {**track, **ctx.record}}


def task_payload(task) -> dict:
    """A step completed from the task API or the inbox acts on the part of the case its task names (a track, a
    correction)."""
    data = task.data or {}
    return {key: data[key] for key in PARTS if data.get(key)}


def supervisors(process: EvaluationProcess) -> list:
    """Whom an overdue step escalates to: the bureau's evaluation leading group (领导小组) above the community."""
    from workflows.announce import holders_of

    return holders_of(roles.ORGANISE_EVALUATION, evaluation_of(process).community)


def working_rights(process: EvaluationProcess) -> list:
    """The schools' leads (on their schools), the basic-education section and the leading group (above the
    community)."""
    case = evaluation_of(process)
    return [
        *((roles.SUBMIT_SCHOOL_APPLICATIONS, school) for school in case_schools(case)),
        (roles.REVIEW_COMMUNITY, case.community),
        (roles.ORGANISE_EVALUATION, case.community),
    ]


def create(*, actor, payload, **facts) -> Result:
    """The year's evaluation opened through the generic API: its event is the case's first."""
    from audit.models import AuditEvent

    case = case_open(actor=actor, payload=payload, **facts)
    event = AuditEvent.objects.filter(process="evaluation", case_id=case.pk).latest("id")
    return Result(case=case, event=event, warnings=[])


def may_open(user) -> bool:
    return any(organisations_granted(user, perm).exists() for perm in OPENERS)


API = Api(
    collections=(Collection("evaluation/cases", "evaluation-case"),),
    case_list=selectors.case_list,
    list_serializer=EvaluationCaseListSerializer,
    detail_serializer=EvaluationCaseDetailSerializer,
    detail_context=lambda case, request: {"available_actions": None},  # the serializer reads them per track
    create_input=CaseOpenInput,
    create=create,
    history_serializer=EvaluationHistorySerializer,
    history=case_page.events_in_order,
    history_context=lambda request, case: {
        "restricted": case.status != CaseStatus.PUBLISHED and not selectors.sees_unpublished(request.user, case)
    },
    filterset_fields=("school_year", "status", "community"),
    extra=(
        ("results/", CaseResultsApi, "api-evaluation-case-results"),
        ("results.xlsx", CaseResultsXlsxApi, "api-evaluation-case-results-xlsx"),
    ),
    endpoints=(
        ("evaluation/schemes/", SchemeListApi, "api-evaluation-schemes"),
        ("evaluation/schemes/<int:pk>/", SchemeDetailApi, "api-evaluation-scheme"),
        ("evaluation/indicator-sets/", IndicatorSetListApi, "api-evaluation-indicator-sets"),
    ),
)

PAGES = Pages(
    prefix="evaluation",
    case_name="evaluation-case",
    step_name="evaluation-case-action",
    list_name="evaluation-list",
    start_name="evaluation-new",
    start_label=_("Open a school year"),
    may_start=may_open,
    list_filter=lambda cases, params, organisation: selectors.filter_cases(cases, params, organisation=organisation),
    list_context=case_page.list_context,
    title=case_page.title,
    state_label=case_page.state_label,
    field_labels=LABELS,
    error_fields=ERROR_FIELDS,
    warnings=WARNINGS,
    skipped=frozenset(TRACK_KEYS),  # they name the track: in the page's query, sent with its form
    people=people,
    widgets=step_fields,
    guide=lambda form: (
        opening_help()
        if form.plan.case is None
        else action_help(form.plan.action.code, form.plan.case, form.plan.target)
    ),
    case_context=case_page.case_context,
    history=case_page.history,
    available=case_page.available,
    done=lambda action, result, user: _("The evaluation has been opened.") if action.code == "new" else None,
    target=page_target,
    more=(
        ("<int:pk>/results/", results_page, "evaluation-results"),
        ("<int:pk>/results.xlsx", results_xlsx, "evaluation-results-xlsx"),
        ("schemes/", scheme_list, "evaluation-schemes"),
        ("schemes/new/", scheme_new, "evaluation-scheme-new"),
        ("schemes/<int:pk>/edit/", scheme_edit, "evaluation-scheme-edit"),
    ),
)


def process_type() -> ProcessType:
    return ProcessType(
        code="evaluation",
        label=_("Community evaluation"),
        flow_class=EvaluationFlow,
        visible_cases=visible_processes,
        case_url=case_url,
        action_url=action_url,
        action_code=action_for_node,
        task_payload=task_payload,
        describe=describe,
        step_facts=step_facts,
        task_related=("process__evaluationprocess__case__community",),
        organisation_path_lookup="process__evaluationprocess__case__community__path",
        subject_name_lookup="process__evaluationprocess__case__community__name",
        supervisors=supervisors,
        organisation_of=lambda row: evaluation_of(row).community,
        case_lookup="evaluationprocess",
        case_facts=lambda process: {"due": None, "action": "", "status": evaluation_of(process).status},
        working_rights=working_rights,
        cc_candidates=cc_candidates,
        case_related=("community", "scheme"),
        case_rows=cases_visible_to,
        detail_queryset=case_loaded,
        process_of=lambda case: case.process,
        file_access=lambda user, process, action: file_access(user, evaluation_of(process), action),
        audit_key="case_id",
        # What the process adds to the site's shared parts (navigation, lists, the bureau's dashboard, demo).
        navigation=(_("Community evaluation"), "evaluation-list"),
        exports=EXPORTS,
        dashboards={"bureau": dashboard.bureau_charts},
        school_years=dashboard.school_years,
        demo=seed_evaluation_demo,
        action_label=OTHER_ACTIONS.get,  # the year's opening, outside the actions
        role_labels=dict(AppointmentRole.choices),  # the appointed inspectors and panel members
        actions=ACTIONS,
        lock=lock,
        places=PLACES,
        appointed=appointed,
        guard=guard,
        target=target_for,
        state=lambda row: row.status,
        set_state=lambda row, value: setattr(row, "status", value),
        prepare=prepare,
        audit_facts=audit_facts,
        after_event=lambda ctx, event: settle(ctx.case.process, ctx.task, ctx.actor),
        api=API,
        pages=PAGES,
    )
