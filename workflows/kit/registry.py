"""The process registry: everything the shared code (engine, inbox, pages, API, audit, exports, dashboards,
demo) needs to know about each process. Each process app registers itself when Django starts (its apps.py);
nothing outside a process package imports one."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

from workflows.kit.actions import Catalogue, Context


@dataclass(frozen=True)
class Collection:
    """One collection of a process's cases in the API: ``/api/v1/<prefix>/`` named ``api-<name>-…``; ``filters``
    select its cases and are added to what a POST creates (community: help projects and feature plans)."""

    prefix: str
    name: str
    filters: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Api:
    """How the kit's generic API (workflows.kit.apis) lists, shows, creates and traces a process's cases."""

    collections: tuple
    case_list: Callable  # user -> QuerySet of the cases the user may see, ordered, with what the list reads
    list_serializer: type
    detail_serializer: type
    create_input: type
    create: Callable  # (actor=, payload=, client_type=, ip=) -> workflows.kit.actions.Result
    history_serializer: type
    # (user, pk) -> the case, or Http404; default: workflows.kit.access.case_for_user (what a process's detail reads)
    case_for_user: Callable | None = None
    detail_context: Callable = lambda case, request: {}  # more serializer context for the detail
    history: Callable | None = None  # case -> QuerySet of its audit events (default: the process's, in order)
    history_context: Callable = lambda request, case: {}
    list_context: Callable = lambda request: {}  # more serializer context for the list's rows
    filterset_fields: tuple = ()
    search_fields: tuple = ()
    ordering_fields: tuple = ()
    action_input_doc: type | None = None  # the schema of an action's body (default: any object)
    # More endpoints of a case, the process's own: (route after "<prefix>/<id>/", view class, URL name)
    extra: tuple = ()


@dataclass(frozen=True)
class Pages:
    """How the kit's pages (workflows.kit.views, mounted by workflows.kit.urls under ``prefix``) show a process's
    cases: the case page (``templates/<process>/case.html`` extending ``kit/case.html`` when the process has one)
    and a step page per action, its form built from the action's input (workflows.kit.web_forms)."""

    prefix: str  # where the pages are mounted ("community" → /community/<pk>/, /community/<pk>/act/<action>/)
    case_name: str  # URL names of the case page and of the step page
    step_name: str
    list_name: str = ""  # the list of cases (<prefix>/, templates/<process>/list.html), when the kit serves it
    start_name: str = ""  # the new case's page (<prefix>/new/): its form is built from Api.create_input
    start_label: Promise | str | Callable = ""  # or user -> label
    may_start: Callable = lambda user: False  # who is offered the new case's form (others: 403)
    start_keys: Callable = lambda params: {}  # what the new case's form is for, from its query (community: the kind)
    list_filter: Callable = lambda cases, params, organisation: cases  # the list's filters (bad values ignored)
    list_context: Callable = lambda request: {}  # the filters' choices
    title: Callable = str  # case -> who or what it is about (the heading)
    state_label: Callable = lambda state: ""  # a state (ProcessType.state, an event's to_state) in words
    field_labels: Mapping = field(default_factory=dict)  # input field ("meeting__date" or "date") -> its label
    error_fields: Mapping = field(default_factory=dict)  # refusal code -> the field it is shown next to
    warnings: Mapping = field(default_factory=dict)  # warning code -> what it tells the person
    skipped: frozenset = frozenset()  # input fields the pages never show (API only)
    people: Callable = lambda action, case, day: []  # the choices of an input's people (``…_ids``): [(id, name)]
    widgets: Callable = lambda plan: None  # adjusts, replaces or adds fields (workflows.kit.web_forms.FormPlan)
    payload: Callable = lambda plan, cleaned, payload: payload  # the API payload made from the form, adjusted
    guide: Callable = lambda form: {}  # a step's form -> what the step needs (templates/_step_help.html)
    case_context: Callable = lambda request, case, events: {}  # more context of the case page (for its template)
    available: Callable | None = None  # (case, user) -> the actions offered now (default: kit.selectors')
    done: Callable = lambda action, result, user: None  # what to tell the person when an action (or "new") is done
    history: Callable | None = None  # (request, case) -> its audit events as the viewer may read them
    # (case, action, params) -> (target, keys): the part of the case a step acts on, from the page's query or form
    # (keys travel with the form and go into the payload); PermissionDenied when there is none.
    target: Callable | None = None
    more: tuple = ()  # (route under the prefix, view, URL name) of the process's own pages (a review, a bundle)


@dataclass(frozen=True)
class ProcessType:
    code: str
    label: Promise
    flow_class: type
    visible_cases: Callable  # user -> QuerySet of the process model
    case_of: Callable  # viewflow Process -> the process's case row
    case_url: Callable  # case -> URL of its page
    action_url: Callable  # (case, action code) -> URL of the step's form
    action_code: Callable  # (case, node name, decision="approve") -> the action that completes that step
    # (task, actor, payload, **facts): completes a step through the process's own call of the engine — until every
    # process runs on the kit, and for a kit process whose steps act on one part of a case named in the task's data
    # (evaluation: a track), which the kit's complete_task cannot know.
    complete: Callable | None = None
    run: Callable | None = None  # (until every process runs on the kit) (case_id=, code=, actor=, payload=, **facts)
    # How the shared inbox reaches the case from a viewflow Task: the related names to load with each task,
    # and the lookups of the organisation's path and of the name a row is about (for filters).
    # case -> (who or what it is about, organisation name, where the case stands) for inbox rows
    describe: Callable = lambda case: ("", "", "")
    task_related: tuple = ()
    organisation_path_lookup: str = ""
    subject_name_lookup: str = ""
    # For the case boxes (我发起的, 抄送我的), read on viewflow's Process: the lookup of the case's business due
    # date (same "process__" form as above), and case -> {"due", "action", "status"} for its row.
    supervisors: Callable = lambda case: []  # case -> people an overdue step escalates to
    organisation_of: Callable = lambda case: None  # case -> the organisation it belongs to (branch, community)
    case_lookup: str = ""  # the Process's related name for the case ("partycase"); "" when it has none
    due_lookup: str = ""
    case_facts: Callable = lambda case: {"due": None, "action": "", "status": ""}
    # Who has a part in a case (workflows.access.has_part_in_case): besides its applicant or initiator and
    # whoever holds or held one of its steps, the holders of these rights — case -> ((codename, organisation),
    # …), each held on that organisation or above. A process that declares none gives nobody a part by right.
    working_rights: Callable = lambda case: ()
    # case -> QuerySet of the people who may be copied (抄送) on it: the one list the page offers and every
    # door (page, API) checks; None: nobody.
    cc_candidates: Callable = lambda case: None
    # (case, node) -> the people who may decide that step when approvers decide it: whom an approver's place may be
    # handed to (转交) or who may be added (加签), besides workflows.access.may_approve_case; None: whoever holds
    # one of the process's working rights over the case.
    deciders: Callable = lambda case, node: None
    case_related: tuple = ()  # what the access helper (workflows.kit.access) reads with a case
    # Opening a file the case's trail names (forms.access.attachment_for_user), asked only of someone who sees the
    # case: (user, case, audit action that attached it) -> "open", "audited" (restricted material: may open, and
    # each opening is an audit event) or "refused" (403). Default: whoever sees the case opens its files.
    file_access: Callable = lambda user, case, action: "open"
    # (task, case) -> what an inbox row shows of a step that acts on one part of the case (evaluation: a track),
    # over the case's own: {"person": …, "action_url": …}; read from the task's data, never a query per row.
    step_facts: Callable = lambda task, case: {}
    # The field of the case that its own records name it by — the audit trail's case_id (so forms.access), the
    # notifications', the engine's case_id —: its key, unless the case row keeps one of its own beside its viewflow
    # Process (evaluation: "case_id", its EvaluationCase).
    audit_key: str = "pk"
    # ---- What the process adds to the site's shared parts, which import no process (issue 16 item 6).
    navigation: tuple = ()  # (label, URL name) of the process's list page in the site navigation; () for none
    # (user, codenames held) -> the home page's ways into the process for that person (workflows.start.Start)
    start_points: Callable = lambda user, held: []
    exports: tuple = ()  # the process's lists that can be taken out as .xlsx (exports.specs.ExportSpec)
    # Dashboard ("party", "bureau") -> (user, scope: dashboards.charts.Scope) -> (its charts, more page context)
    dashboards: Mapping[str, Callable] = field(default_factory=dict)
    school_years: Callable = lambda user: set()  # user -> school years the user sees cases of (dashboard years)
    demo: Callable | None = None  # (today=) -> number of demo cases made (manage.py seed_demo, after the demo tree)
    action_label: Callable = lambda code: None  # audit action -> its name when ``actions`` has none; None: unknown
    # () -> QuerySet of the process's cases each about one person (its "person" field): the audit console's person
    # search, the person's whole record (一人一档) and the retention check; None: no case is about one person.
    person_cases: Callable | None = None
    # (user, case id) -> (template, context) of the case's card on its audit timeline (the person, the state, the
    # files the auditor may take); None: no card.
    audit_card: Callable = lambda user, case_id: None
    # ---- How the kit's engine (workflows.kit.engine) runs the process's actions.
    actions: Catalogue = field(default_factory=Catalogue)
    lock: Callable = lambda case_id: None  # case_id -> the case, SELECT … FOR UPDATE of its row(s), with what it reads
    # Where an action's right (Action.perm) is held: Action.where -> (case, target or None) -> [Organisation].
    places: Mapping[str, Callable] = field(default_factory=dict)
    subject_of: Callable = lambda case: None  # case -> id of the person the case is about (Action.subject_may)
    appointed: Callable = lambda case, target, actor, role: False  # Action.appointed: is ``actor`` appointed?
    refused: Callable = lambda action, case, actor: None  # may explain a refusal by its own code before the 403
    guard: Callable | None = None  # (action, case) -> raises when the case refuses the action outright
    target: Callable | None = None  # (action, case, data) -> the part of the case the action acts on, locked
    state: Callable = lambda row: ""  # case or target -> its state (recorded before and after, checked by tables)
    set_state: Callable = lambda row, value: None
    context_class: type = Context
    prepare: Callable = lambda ctx: None  # before the handler
    after_handler: Callable = lambda ctx: None  # after it, before anything is saved
    audit_facts: Callable = lambda ctx: {}  # more columns of the audit event (rule_set…)
    after_event: Callable = lambda ctx, event: None  # after the event is written (next deadlines…)
    announce: Callable = lambda ctx, before: None  # decisions to tell people (announce_decision), after the event
    # (case, node) -> the business date an open step is due, written on its task after each action, so the
    # deadline job (workflows.deadlines) reminds, warns and escalates; None: the process dates its steps itself.
    step_due: Callable | None = None
    api: Api | None = None  # the generic API's collections (workflows.kit.apis)
    pages: Pages | None = None  # the generic pages (workflows.kit.views)

    @property
    def approve_in_bulk(self) -> frozenset:
        """Steps whose approval needs no input of its own (``Action.bulk``): the inbox offers them to 批量同意;
        a step that needs its own form (a filing number…) is decided on its page."""
        return frozenset(action.node for action in self.actions.values() if action.bulk and action.node)


PROCESS_TYPES: dict[str, ProcessType] = {}


def register(process_type: ProcessType) -> None:
    PROCESS_TYPES[process_type.code] = process_type


def api_of(kind: ProcessType) -> Api:
    if kind.api is None:
        raise LookupError(f"{kind.code} has no API")
    return kind.api


def pages_of(kind: ProcessType) -> Pages:
    if kind.pages is None:
        raise LookupError(f"{kind.code} has no pages")
    return kind.pages


def on_process(lookup: str) -> str:
    """A task-level lookup ("process__partycase__branch__path") as seen from the Process ("partycase__…")."""
    return lookup.removeprefix("process__")


def process_type_of(process) -> ProcessType:
    for process_type in PROCESS_TYPES.values():
        if process.flow_class is process_type.flow_class:
            return process_type
    raise LookupError(f"no process type for {process.flow_class}")
